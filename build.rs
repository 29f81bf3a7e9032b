//! Embeds the data folders that instructors and translators edit: every
//! `locales/<tag>.yaml` and every `lessons/<name>.yaml` becomes part of the binary, so
//! adding a language or a lesson is adding one file, with no Rust to touch. The
//! lists are sorted by file name so every build embeds them in the same order.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    for (name, folder) in [("LOCALES", "locales"), ("LESSONS", "lessons")] {
        let mut code = table(name, &root.join(folder));
        if folder == "locales" {
            code += &language_names(&root.join(folder));
        }
        fs::write(out.join(format!("{folder}.rs")), code).expect("OUT_DIR is writable");
    }
}

/// `pub const NAMES: &[(&str, Option<&str>)]`: each locale's tag and the name of its
/// language, so that the language switcher lists every language without parsing
/// every file at start-up. A name written in a way `language_name` does not read is
/// `None`, and the app takes it from the parsed file instead.
fn language_names(dir: &Path) -> String {
    let mut code = "pub const NAMES: &[(&str, Option<&str>)] = &[\n".to_owned();
    for file in yaml_files(dir) {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let text = fs::read_to_string(&file).unwrap_or_default();
        code += &format!("    ({stem:?}, {:?}),\n", language_name(&text));
    }
    code += "];\n";
    code
}

/// The `name:` under the top-level `language:` of a locale file, when it is written
/// plainly on one line (bare, or in quotes with no escapes). This is not a YAML
/// reader: a test (`tests/i18n.rs`) checks that it agrees with the app's YAML reader
/// on every shipped file.
fn language_name(text: &str) -> Option<String> {
    let mut lines = text.lines().skip_while(|l| l.trim_end() != "language:");
    lines.next()?;
    for line in lines {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            return None;
        }
        let Some(value) = line.trim().strip_prefix("name:") else {
            continue;
        };
        let value = value.trim();
        for quote in ['\'', '"'] {
            if let Some(inner) = value
                .strip_prefix(quote)
                .and_then(|v| v.strip_suffix(quote))
            {
                let plain = !inner.contains(quote) && !inner.contains('\\');
                return plain.then(|| inner.to_owned());
            }
        }
        let plain = !value.is_empty()
            && !value.contains(['#', ':', '\'', '"', '[', '{', '&', '*', '!', '|', '>']);
        return plain.then(|| value.to_owned());
    }
    None
}

/// The `.yaml` files of `dir`, sorted by name.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// `pub const NAME: &[(&str, &str)] = &[(stem, include_str!(path)), ...];` for the
/// `.yaml` files of `dir`, and a request to run again when the folder changes.
fn table(name: &str, dir: &Path) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let files = yaml_files(dir);
    let mut code = format!("pub const {name}: &[(&str, &str)] = &[\n");
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        println!("cargo:rerun-if-changed={}", file.display());
        code += &format!(
            "    ({stem:?}, include_str!({:?})),\n",
            file.display().to_string()
        );
    }
    code += "];\n";
    code
}
