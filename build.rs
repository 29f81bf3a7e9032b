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
        let code = table(name, &root.join(folder));
        fs::write(out.join(format!("{folder}.rs")), code).expect("OUT_DIR is writable");
    }
}

/// `pub const NAME: &[(&str, &str)] = &[(stem, include_str!(path)), ...];` for the
/// `.yaml` files of `dir`, and a request to run again when the folder changes.
fn table(name: &str, dir: &Path) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
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
