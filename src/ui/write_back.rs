//! Writing an imperative change (a scale, a new image) back into the editor text,
//! touching only the value that changed: comments, quoting style, order and
//! indentation of everything else stay as the user wrote them.
//!
//! It edits by lines within the StatefulSet's own document, which covers block-style
//! manifests like the course's; a field it cannot find safely is left alone (the
//! caller then keeps the text as it is).

use crate::manifest::split_documents;

/// The text with `spec.replicas` of StatefulSet `name` set to `replicas`, or `None`
/// when that StatefulSet or a safe place for the field is not found.
pub fn replicas(text: &str, name: &str, replicas: i32) -> Option<String> {
    let (start, end) = statefulset_document(text, name)?;
    let lines: Vec<&str> = text[start..end].split_inclusive('\n').collect();
    let spec = lines.iter().position(|l| key_of(l) == Some((0, "spec")))?;
    let child_indent = lines[spec + 1..]
        .iter()
        .find(|l| !is_blank_or_comment(l))
        .map(|l| indent(l))
        .filter(|i| *i > 0)?;
    let block_end = block_end(&lines, spec, 0);
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    match (spec + 1..block_end).find(|i| key_of(lines[*i]) == Some((child_indent, "replicas"))) {
        Some(i) => out[i] = replace_value(lines[i], &replicas.to_string())?,
        None => out.insert(
            spec + 1,
            format!("{}replicas: {replicas}\n", " ".repeat(child_indent)),
        ),
    }
    Some(format!(
        "{}{}{}",
        &text[..start],
        out.concat(),
        &text[end..]
    ))
}

/// The text with the image of container `container` of StatefulSet `name` set to
/// `image`, or `None` when it is not found.
pub fn image(text: &str, name: &str, container: &str, image: &str) -> Option<String> {
    let (start, end) = statefulset_document(text, name)?;
    let lines: Vec<&str> = text[start..end].split_inclusive('\n').collect();
    let containers = lines
        .iter()
        .position(|l| key_of(l).is_some_and(|(_, k)| k == "containers"))?;
    let containers_indent = indent(lines[containers]);
    let block_end = block_end(&lines, containers, containers_indent);
    // Walk the list items: each starts with `-` at the list's column, and its own
    // keys share one column; nested lists (ports, volumeMounts) are skipped.
    let first_item = (containers + 1..block_end).find(|i| !is_blank_or_comment(lines[*i]))?;
    let dash_column = indent(lines[first_item]);
    let key_column = key_of(lines[first_item])?.0;
    let mut current: Option<String> = None;
    let mut image_line: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().take(block_end).skip(first_item) {
        if is_blank_or_comment(line) {
            continue;
        }
        if indent(line) == dash_column && line.trim_start().starts_with('-') {
            if current.as_deref() == Some(container) {
                break;
            }
            current = None;
            image_line = None;
        }
        match key_of(line) {
            Some((column, "name")) if column == key_column => {
                current = Some(unquote(value_of(line)?).to_owned());
            }
            Some((column, "image")) if column == key_column => image_line = Some(i),
            _ => {}
        }
    }
    if current.as_deref() != Some(container) {
        return None;
    }
    let i = image_line?;
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out[i] = replace_value(lines[i], image)?;
    Some(format!(
        "{}{}{}",
        &text[..start],
        out.concat(),
        &text[end..]
    ))
}

/// Byte range of the document holding `kind: StatefulSet` named `name`.
fn statefulset_document(text: &str, name: &str) -> Option<(usize, usize)> {
    let parsed = crate::manifest::parse(text);
    let document = parsed
        .documents
        .iter()
        .find(|d| d.object.kind() == "StatefulSet" && d.object.name() == name)?;
    let source = split_documents(text)
        .into_iter()
        .find(|s| s.index == document.index)?;
    let start = source.text.as_ptr() as usize - text.as_ptr() as usize;
    Some((start, start + source.text.len()))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// `(column, key)` of a `key: value` line, looking through a leading `- `.
fn key_of(line: &str) -> Option<(usize, &str)> {
    let mut column = indent(line);
    let mut rest = &line[column..];
    while let Some(after) = rest.strip_prefix("- ") {
        let spaces = after.len() - after.trim_start_matches(' ').len();
        column += 2 + spaces;
        rest = &after[spaces..];
    }
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    let after = &rest[colon + 1..];
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    (plain && (after.is_empty() || after.starts_with([' ', '\n', '\r']))).then_some((column, key))
}

/// The raw value after `key:`, without a trailing comment.
fn value_of(line: &str) -> Option<&str> {
    let (_, after) = line.split_once(':')?;
    let value = after.split(" #").next()?.trim();
    Some(value)
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
}

/// Replace the scalar after `key:` on `line`, keeping quotes and a trailing comment.
fn replace_value(line: &str, value: &str) -> Option<String> {
    let colon = line.find(':')?;
    let (head, after) = line.split_at(colon + 1);
    let newline = if after.ends_with("\r\n") {
        "\r\n"
    } else if after.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    let body = &after[..after.len() - newline.len()];
    let (old, comment) = match body.find(" #") {
        Some(at) => (&body[..at], &body[at..]),
        None => (body, ""),
    };
    let old = old.trim();
    // A flow or block value (`[`, `{`, `|`, `>`) is not a plain scalar: leave it.
    if old.starts_with(['[', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    let quoted = match old.chars().next() {
        Some(q @ ('"' | '\'')) => format!("{q}{value}{q}"),
        _ => value.to_owned(),
    };
    Some(format!("{head} {quoted}{comment}{newline}"))
}

/// Index one past the last line of the block opened by `lines[open]`: the first later
/// line with content at or left of `indent` (list items of a key may sit at its own column).
fn block_end(lines: &[&str], open: usize, open_indent: usize) -> usize {
    let item_at_same_column =
        |l: &str| l.trim_start().starts_with("- ") && indent(l) == open_indent;
    (open + 1..lines.len())
        .find(|i| {
            let l = lines[*i];
            !is_blank_or_comment(l) && indent(l) <= open_indent && !item_at_same_column(l)
        })
        .unwrap_or(lines.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::COURSE_EXAMPLE;

    #[test]
    fn replicas_change_in_place_and_nothing_else_moves() {
        let out = replicas(COURSE_EXAMPLE, "giropops", 5).unwrap();
        assert_eq!(
            out,
            COURSE_EXAMPLE.replace("  replicas: 3\n", "  replicas: 5\n")
        );
    }

    #[test]
    fn a_missing_replicas_field_is_added_under_spec() {
        let text = COURSE_EXAMPLE.replace("  replicas: 3\n", "");
        let out = replicas(&text, "giropops", 2).unwrap();
        assert!(
            out.contains("spec:\n  replicas: 2\n  serviceName: \"nginx\"\n"),
            "{out}"
        );
        assert_eq!(crate::manifest::parse(&out).errors, []);
    }

    #[test]
    fn a_comment_and_quotes_are_kept() {
        let text = COURSE_EXAMPLE.replace("  replicas: 3\n", "  replicas: 3 # course default\n");
        let out = replicas(&text, "giropops", 4).unwrap();
        assert!(out.contains("  replicas: 4 # course default\n"), "{out}");
        let text = COURSE_EXAMPLE.replace("image: nginx\n", "image: \"nginx\"\n");
        let out = image(&text, "giropops", "nginx", "nginx:1.27").unwrap();
        assert!(out.contains("        image: \"nginx:1.27\"\n"), "{out}");
    }

    #[test]
    fn the_right_container_is_found_past_nested_lists() {
        let text = COURSE_EXAMPLE.replace(
            "          mountPath: /usr/share/nginx/html\n",
            "          mountPath: /usr/share/nginx/html\n      - name: sidecar\n        ports:\n        - name: metrics\n          containerPort: 9100\n        image: busybox\n",
        );
        assert_eq!(crate::manifest::parse(&text).errors, []);
        let out = image(&text, "giropops", "sidecar", "busybox:1.37").unwrap();
        assert!(out.contains("        image: busybox:1.37\n"), "{out}");
        assert!(out.contains("        image: nginx\n"), "{out}");
    }

    #[test]
    fn the_image_of_the_named_container_changes() {
        let out = image(COURSE_EXAMPLE, "giropops", "nginx", "nginx:1.27").unwrap();
        assert_eq!(
            out,
            COURSE_EXAMPLE.replace("        image: nginx\n", "        image: nginx:1.27\n")
        );
    }

    #[test]
    fn an_unknown_statefulset_or_container_changes_nothing() {
        assert_eq!(replicas(COURSE_EXAMPLE, "other", 5), None);
        assert_eq!(
            image(COURSE_EXAMPLE, "giropops", "sidecar", "busybox"),
            None
        );
    }

    mod anything_typed {
        //! Whatever text the editor holds, writing back never panics, and a change it
        //! makes keeps the text decodable when it was.
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            #[test]
            fn write_back_on_edited_example_text(
                at in 0usize..1200,
                cut in 0usize..40,
                insert in "[ -~\\n\\té]{0,12}",
                n_replicas in 0i32..=crate::engine::validation::MAX_REPLICAS,
            ) {
                let mut text = COURSE_EXAMPLE.to_owned();
                let start = text.char_indices().map(|(i, _)| i).find(|i| *i >= at.min(text.len())).unwrap_or(text.len());
                let end = text.char_indices().map(|(i, _)| i).find(|i| *i >= start + cut).unwrap_or(text.len());
                text.replace_range(start..end, &insert);
                let was_ok = crate::manifest::parse(&text).is_ok();
                if let Some(out) = replicas(&text, "giropops", n_replicas) {
                    if was_ok {
                        let parsed = crate::manifest::parse(&out);
                        prop_assert!(parsed.is_ok(), "{}", out);
                        let set = parsed.documents.iter().find_map(|d| match &d.object {
                            crate::engine::Object::StatefulSet(s) if d.object.name() == "giropops" => Some(s),
                            _ => None,
                        });
                        let written = set.and_then(|s| s.spec.as_ref()).and_then(|s| s.replicas);
                        prop_assert_eq!(written, Some(n_replicas), "{}", out);
                    }
                }
                let _ = image(&text, "giropops", "nginx", "nginx:1.27");
            }
        }
    }
}
