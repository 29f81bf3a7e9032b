//! Any text through parsing, validation, span lookups and edit-in-place alone, with
//! no cluster: many more inputs per second than the `manifest` target reaches.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ordinal::manifest::{parse, set_field};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(text);
    for error in parsed.errors.iter().chain(&parsed.warnings) {
        let _ = error.to_string();
    }
    for document in &parsed.documents {
        for (path, _) in document.spans.iter().take(8) {
            let path = path.to_owned();
            let _ = document.position(&path);
            let _ = set_field(text, document.index, &path, "x");
        }
        let _ = set_field(text, document.index, "spec.replicas", "5");
        let _ = set_field(text, document.index, "metadata.labels.tier", "web");
    }
});
