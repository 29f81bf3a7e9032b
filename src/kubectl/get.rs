//! `kubectl get`: tables (`-o wide`, `--show-labels`, `-A`), `-o yaml|json|name`,
//! names, `TYPE/NAME` arguments, several types at once and `all`, label selectors.
//! It also resolves the `TYPE NAME...` / `TYPE/NAME` arguments other verbs take.

use std::collections::BTreeMap;

use super::error::{CommandError, Result};
use super::flags::{self, Args, Flag};
use super::printers::{self, Item};
use super::resources::{self, ResourceType, ALL_CATEGORY};
use super::serialize;
use super::table::Table;
use super::{namespace_of, Ctx};
use crate::engine::Cluster;

const FLAGS: &[Flag] = &[
    flags::NAMESPACE,
    flags::value("output", Some('o')),
    flags::value("selector", Some('l')),
    flags::switch("all-namespaces", Some('A')),
    flags::switch("show-labels", None),
    flags::switch("no-headers", None),
    flags::switch("watch", Some('w')),
];

/// How `get` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Table { wide: bool },
    Yaml,
    Json,
    Name,
}

fn output(args: &Args) -> Result<Output> {
    match args.value("output") {
        None => Ok(Output::Table { wide: false }),
        Some("wide") => Ok(Output::Table { wide: true }),
        Some("yaml") => Ok(Output::Yaml),
        Some("json") => Ok(Output::Json),
        Some("name") => Ok(Output::Name),
        Some(other) => Err(CommandError::usage(format!(
            "unable to match a printer suitable for the output format {other:?}, allowed formats are: json,name,wide,yaml"
        ))),
    }
}

/// What the arguments of a verb name: whole types (with an optional selector), or
/// particular objects.
#[derive(Debug, Clone)]
pub enum Target {
    Types(Vec<&'static ResourceType>),
    Names(Vec<(&'static ResourceType, String)>),
}

/// Read `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` (kubectl's resource builder).
pub fn target(positional: &[String], allow_all: bool) -> Result<Target> {
    let Some(first) = positional.first() else {
        return Err(CommandError::usage("Required resource not specified."));
    };
    if first.contains('/') {
        let mut names = Vec::new();
        for word in positional {
            let Some((kind, name)) = word.split_once('/') else {
                return Err(CommandError::usage(
                    "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
                ));
            };
            if name.contains('/') {
                return Err(CommandError::usage(
                    "arguments in resource/name form may not have more than one slash",
                ));
            }
            names.push((resources::lookup(kind)?, name.to_owned()));
        }
        return Ok(Target::Names(names));
    }
    let mut types = Vec::new();
    for part in first.split(',').filter(|p| !p.is_empty()) {
        if part == "all" && allow_all {
            types.extend(ALL_CATEGORY.iter().filter_map(|k| resources::of_kind(k)));
        } else {
            types.push(resources::lookup(part)?);
        }
    }
    let names = &positional[1..];
    if names.is_empty() {
        return Ok(Target::Types(types));
    }
    if names.iter().any(|n| n.contains('/')) {
        return Err(CommandError::usage(
            "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
        ));
    }
    if types.len() != 1 {
        return Err(CommandError::usage(
            "you may only specify a single resource type",
        ));
    }
    Ok(Target::Names(
        names.iter().map(|n| (types[0], n.clone())).collect(),
    ))
}

/// The item `name` of type `rt`, or the server's NotFound.
pub fn find(c: &Cluster, rt: &'static ResourceType, namespace: &str, name: &str) -> Result<Item> {
    printers::list(c, rt, Some(namespace))
        .into_iter()
        .find(|item| item.name == name)
        .ok_or_else(|| CommandError::not_found(rt.resource(), name))
}

/// `kubectl get`.
pub fn run(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    let args = flags::parse(words, FLAGS, "get")?;
    let output = output(&args)?;
    if args.on("watch") {
        return Err(CommandError::usage(
            "--watch is not simulated by Ordinal: run the command again, or `sleep 5s` first",
        ));
    }
    if args.positional.is_empty() {
        ctx.warn("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n");
        return Err(CommandError::usage(
            "Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples",
        ));
    }
    let all_namespaces = args.on("all-namespaces");
    let namespace = namespace_of(&args);
    let selector = args.value("selector").map(Selector::parse).transpose()?;
    let multiple_types = args.positional[0].contains(',') || args.positional[0] == "all";
    let target = target(&args.positional, true)?;

    // Groups of items, one per type, in the order asked for.
    let mut groups: Vec<(&'static ResourceType, Vec<Item>)> = Vec::new();
    let mut single_item = false;
    match &target {
        Target::Types(types) => {
            for rt in types {
                let scope = (!all_namespaces).then_some(namespace.as_str());
                let items: Vec<Item> = printers::list(ctx.cluster, rt, scope)
                    .into_iter()
                    .filter(|item| selector.as_ref().is_none_or(|s| s.matches(item.labels())))
                    .collect();
                groups.push((rt, items));
            }
        }
        Target::Names(names) => {
            if selector.is_some() {
                return Err(CommandError::usage(
                    "name cannot be provided when a selector is specified",
                ));
            }
            single_item = names.len() == 1;
            for (rt, name) in names {
                match find(ctx.cluster, rt, &namespace, name) {
                    Ok(item) => match groups.iter_mut().find(|(t, _)| *t == *rt) {
                        Some((_, items)) => items.push(item),
                        None => groups.push((rt, vec![item])),
                    },
                    Err(error) => ctx.report(&error),
                }
            }
        }
    }
    let kinds_found = groups.iter().filter(|(_, items)| !items.is_empty()).count();
    let with_kind = multiple_types
        || kinds_found > 1
        || matches!(&target, Target::Names(n) if n.iter().any(|(t, _)| t.kind != n[0].0.kind));
    let total: usize = groups.iter().map(|(_, items)| items.len()).sum();
    if groups.iter().any(|(rt, _)| rt.kind == "Endpoints") {
        ctx.warn(printers::ENDPOINTS_DEPRECATED);
    }

    match output {
        Output::Yaml | Output::Json => {
            if total == 0 && !matches!(target, Target::Types(_)) {
                return finish(ctx);
            }
            let mut values: Vec<_> = groups
                .iter()
                .flat_map(|(_, items)| items.iter().map(Item::value))
                .collect();
            let value = if single_item && values.len() == 1 {
                values.remove(0)
            } else {
                serialize::list(values)
            };
            let text = if output == Output::Yaml {
                serialize::yaml(&value)
            } else {
                serialize::json(&value)
            };
            ctx.print(&text);
        }
        Output::Name => {
            for (rt, items) in &groups {
                for item in items {
                    ctx.print(&format!("{}\n", rt.object_name(&item.name)));
                }
            }
        }
        Output::Table { wide } => {
            let mut first = true;
            for (rt, items) in &groups {
                if items.is_empty() {
                    continue;
                }
                if !first {
                    ctx.print("\n");
                }
                first = false;
                let table = table(
                    ctx.cluster,
                    rt,
                    items,
                    TableOptions {
                        wide,
                        with_kind,
                        with_namespace: all_namespaces && rt.namespaced,
                        show_labels: args.on("show-labels"),
                        headers: !args.on("no-headers"),
                    },
                );
                ctx.print(&table.render());
            }
        }
    }
    if total == 0 && matches!(target, Target::Types(_)) {
        if all_namespaces || groups.iter().all(|(rt, _)| !rt.namespaced) {
            ctx.warn("No resources found\n");
        } else {
            ctx.warn(&format!("No resources found in {namespace} namespace.\n"));
        }
    }
    finish(ctx)
}

fn finish(ctx: &Ctx) -> Result<()> {
    if ctx.failed() {
        Err(CommandError::Reported)
    } else {
        Ok(())
    }
}

/// Which extra columns a table has.
#[derive(Debug, Clone, Copy)]
struct TableOptions {
    wide: bool,
    with_kind: bool,
    with_namespace: bool,
    show_labels: bool,
    headers: bool,
}

fn table(c: &Cluster, rt: &ResourceType, items: &[Item], options: TableOptions) -> Table {
    let mut headers: Vec<&str> = Vec::new();
    if options.with_namespace {
        headers.push("NAMESPACE");
    }
    headers.extend(printers::headers(rt, options.wide));
    if options.show_labels {
        headers.push("LABELS");
    }
    let mut table = if options.headers {
        Table::new(&headers)
    } else {
        Table::default()
    };
    for item in items {
        let name = if options.with_kind {
            rt.object_name(&item.name)
        } else {
            item.name.clone()
        };
        let mut row = Vec::new();
        if options.with_namespace {
            row.push(item.namespace.clone());
        }
        row.extend(printers::cells(c, item, name, options.wide));
        if options.show_labels {
            row.push(format_labels(item.labels()));
        }
        table.row(row);
    }
    table
}

/// Labels as `--show-labels` prints them: sorted by key, `<none>` when there are none.
pub fn format_labels(labels: Option<&BTreeMap<String, String>>) -> String {
    match labels {
        Some(labels) if !labels.is_empty() => labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
        _ => "<none>".to_owned(),
    }
}

/// A label selector as `-l` takes it: `k=v`, `k==v`, `k!=v`, `k`, `!k`,
/// `k in (a,b)`, `k notin (a,b)`, joined by commas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    requirements: Vec<Requirement>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

impl Selector {
    /// Parse a selector, or kubectl's error for a malformed one.
    pub fn parse(text: &str) -> Result<Selector> {
        let mut requirements = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        let mut parts = Vec::new();
        for (i, c) in text.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&text[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&text[start..]);
        let invalid = || {
            CommandError::usage(format!(
                "unable to parse requirement: found '{text}', expected: identifier"
            ))
        };
        for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            let requirement = if let Some((key, value)) = part.split_once("!=") {
                Requirement::NotEquals(key.trim().to_owned(), value.trim().to_owned())
            } else if let Some((key, value)) = part.split_once("==") {
                Requirement::Equals(key.trim().to_owned(), value.trim().to_owned())
            } else if let Some((key, value)) = part.split_once('=') {
                Requirement::Equals(key.trim().to_owned(), value.trim().to_owned())
            } else if let Some(key) = part.strip_prefix('!') {
                Requirement::DoesNotExist(key.trim().to_owned())
            } else if let Some((key, values)) = split_set(part, " notin ") {
                Requirement::NotIn(key, values)
            } else if let Some((key, values)) = split_set(part, " in ") {
                Requirement::In(key, values)
            } else if part.contains(char::is_whitespace) {
                return Err(invalid());
            } else {
                Requirement::Exists(part.to_owned())
            };
            requirements.push(requirement);
        }
        Ok(Selector { requirements })
    }

    /// Whether `labels` satisfy every requirement.
    pub fn matches(&self, labels: Option<&BTreeMap<String, String>>) -> bool {
        let empty = BTreeMap::new();
        let labels = labels.unwrap_or(&empty);
        self.requirements.iter().all(|r| match r {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        })
    }
}

fn split_set(part: &str, operator: &str) -> Option<(String, Vec<String>)> {
    let (key, rest) = part.split_once(operator)?;
    let values = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
    Some((
        key.trim().to_owned(),
        values.split(',').map(|v| v.trim().to_owned()).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn selectors_match_like_the_api_machinery() {
        let pod = labels(&[("app", "nginx"), ("tier", "web")]);
        for (selector, expected) in [
            ("app=nginx", true),
            ("app==nginx,tier=web", true),
            ("app!=nginx", false),
            ("app", true),
            ("!app", false),
            ("tier in (web, db)", true),
            ("tier notin (web)", false),
            ("missing!=x", true),
            ("app=other", false),
        ] {
            assert_eq!(
                Selector::parse(selector).unwrap().matches(Some(&pod)),
                expected,
                "{selector}"
            );
        }
    }

    #[test]
    fn arguments_name_types_or_objects() {
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert!(
            matches!(target(&words("sts,svc"), true).unwrap(), Target::Types(t) if t.len() == 2)
        );
        assert!(matches!(target(&words("all"), true).unwrap(), Target::Types(t) if t.len() == 5));
        match target(&words("po giropops-0 giropops-1"), true).unwrap() {
            Target::Names(names) => assert_eq!(names.len(), 2),
            other => panic!("{other:?}"),
        }
        match target(&words("sts/giropops svc/nginx"), true).unwrap() {
            Target::Names(names) => assert_eq!(names[1].0.kind, "Service"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            target(&words("podz"), true).unwrap_err().to_string(),
            "error: the server doesn't have a resource type \"podz\""
        );
    }
}
