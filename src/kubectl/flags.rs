//! Flag parsing the way kubectl's (pflag's) does it: `--flag=value`, `--flag value`,
//! `-n ns`, `-nns`, `-ojson`, `-o=json`, grouped boolean shorthands (`-it`), flags
//! anywhere among the arguments, and `--` ending the flags. Errors use pflag's words.

use std::collections::BTreeMap;

use super::error::{CommandError, Result};

/// One flag a command accepts.
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    /// Whether the flag takes a value (`--replicas=3`) or is a switch (`--rm`).
    pub takes_value: bool,
}

/// A flag with a value.
pub const fn value(long: &'static str, short: Option<char>) -> Flag {
    Flag {
        long,
        short,
        takes_value: true,
    }
}

/// A switch.
pub const fn switch(long: &'static str, short: Option<char>) -> Flag {
    Flag {
        long,
        short,
        takes_value: false,
    }
}

/// `-n, --namespace`: every namespaced command takes it.
pub const NAMESPACE: Flag = value("namespace", Some('n'));

/// The arguments of one command, split into positional words and flags.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub positional: Vec<String>,
    flags: BTreeMap<&'static str, Vec<String>>,
    /// The words after `--`, if there was one (`exec POD -- nslookup x`).
    pub command: Option<Vec<String>>,
}

impl Args {
    /// The last value given for a flag.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    /// Every value given for a flag, in order.
    pub fn values(&self, long: &str) -> &[String] {
        self.flags.get(long).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether a switch is on (`--rm`, `--rm=true`).
    pub fn on(&self, long: &str) -> bool {
        self.value(long).is_some_and(|v| v == "true")
    }

    /// Whether the flag was given at all.
    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }
}

/// Parse `words` (after the verb) against the flags `command` accepts.
pub fn parse(words: &[String], flags: &[Flag], command: &str) -> Result<Args> {
    let mut args = Args::default();
    let mut rest = words.iter();
    let unknown = |message: String| CommandError::UnknownFlag {
        flag: message,
        command: command.to_owned(),
    };
    while let Some(word) = rest.next() {
        if word == "--" {
            args.command = Some(rest.by_ref().cloned().collect());
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (long, None),
            };
            let Some(flag) = flags.iter().find(|f| f.long == name) else {
                return Err(unknown(format!("unknown flag: --{name}")));
            };
            let value = match (flag.takes_value, inline) {
                (_, Some(value)) => value,
                (true, None) => rest.next().cloned().ok_or_else(|| {
                    CommandError::usage(format!("flag needs an argument: --{name}"))
                })?,
                (false, None) => "true".to_owned(),
            };
            if !flag.takes_value && value != "true" && value != "false" {
                return Err(CommandError::usage(format!(
                    "invalid argument {value:?} for \"--{name}\" flag: strconv.ParseBool: parsing {value:?}: invalid syntax"
                )));
            }
            args.flags.entry(flag.long).or_default().push(value);
            continue;
        }
        if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            for (at, c) in shorts.char_indices() {
                let Some(flag) = flags.iter().find(|f| f.short == Some(c)) else {
                    return Err(unknown(format!(
                        "unknown shorthand flag: '{c}' in -{shorts}"
                    )));
                };
                if !flag.takes_value {
                    args.flags
                        .entry(flag.long)
                        .or_default()
                        .push("true".to_owned());
                    continue;
                }
                let attached = &shorts[at + c.len_utf8()..];
                let value = if attached.is_empty() {
                    rest.next().cloned().ok_or_else(|| {
                        CommandError::usage(format!("flag needs an argument: '{c}' in -{shorts}"))
                    })?
                } else {
                    attached.strip_prefix('=').unwrap_or(attached).to_owned()
                };
                args.flags.entry(flag.long).or_default().push(value);
                break;
            }
            continue;
        }
        args.positional.push(word.clone());
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAGS: &[Flag] = &[
        NAMESPACE,
        value("output", Some('o')),
        value("selector", Some('l')),
        switch("all-namespaces", Some('A')),
        switch("stdin", Some('i')),
        switch("tty", Some('t')),
        switch("rm", None),
        value("replicas", None),
    ];

    fn parse_line(line: &str) -> Result<Args> {
        let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        parse(&words, FLAGS, "get")
    }

    #[test]
    fn every_spelling_of_a_flag_value_is_read() {
        for line in [
            "pods -o wide",
            "pods -owide",
            "pods -o=wide",
            "pods --output=wide",
            "pods --output wide",
        ] {
            let args = parse_line(line).unwrap();
            assert_eq!(args.value("output"), Some("wide"), "{line}");
            assert_eq!(args.positional, ["pods"], "{line}");
        }
        let args = parse_line("-n kube-system get -l app=nginx --replicas=3").unwrap();
        assert_eq!(args.value("namespace"), Some("kube-system"));
        assert_eq!(args.value("selector"), Some("app=nginx"));
        assert_eq!(args.value("replicas"), Some("3"));
    }

    #[test]
    fn switches_group_and_double_dash_ends_the_flags() {
        let args = parse_line("tmp --rm -it -- nslookup -type=a x").unwrap();
        assert!(args.on("rm") && args.on("stdin") && args.on("tty"));
        assert_eq!(args.positional, ["tmp"]);
        assert_eq!(
            args.command.as_deref(),
            Some(&["nslookup".to_owned(), "-type=a".to_owned(), "x".to_owned()][..])
        );
        assert!(!parse_line("x --rm=false").unwrap().on("rm"));
    }

    #[test]
    fn mistakes_get_pflags_words() {
        let err = |line| parse_line(line).unwrap_err().to_string();
        assert_eq!(
            err("pods --frob"),
            "error: unknown flag: --frob\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            err("pods -z"),
            "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(err("pods -n"), "error: flag needs an argument: 'n' in -n");
        assert_eq!(
            err("pods --output"),
            "error: flag needs an argument: --output"
        );
    }
}
