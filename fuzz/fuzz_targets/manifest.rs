//! Any text at all through parse, validation, spans, edit-in-place and the editor
//! sync: nothing a student can type or paste may panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ordinal::engine::Cluster;
use ordinal::kubectl::sync::EditorSync;
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
        let _ = document.position("spec.template.spec.containers[0].ports[0].containerPort");
        for (path, _) in document.spans.iter().take(6) {
            let path = path.to_owned();
            let _ = set_field(text, document.index, &path, "1");
        }
        let _ = set_field(text, document.index, "spec.replicas", "5");
        let _ = set_field(text, document.index, "metadata.labels.tier", "web");
    }
    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    let _ = sync.sync(&mut cluster, text);
    cluster.advance(3_000);
    let _ = sync.sync(&mut cluster, text);
    let _ = sync.sync(&mut cluster, "");
});
