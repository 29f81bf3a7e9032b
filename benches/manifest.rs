//! Manifest performance: parsing (split, spans, strict decoding, validation) of the
//! course example and of a 1 MB text, the editor sync of an unchanged text (what
//! every debounced edit pays when nothing changed), and writing one field back into
//! a 1 MB text.
//! Run with `cargo bench --no-default-features --bench manifest`; add `--profile
//! bench-shipped` to time the code as the browser gets it (optimised for size).

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use ordinal::engine::Cluster;
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::kubectl::sync::EditorSync;
use ordinal::manifest::{parse, set_field};

/// About 1,000,000 bytes of distinct StatefulSets and Services (the course example
/// with numbered names), under the 1 MiB limit.
fn megabyte() -> String {
    let mut text = String::new();
    let mut i = 0;
    loop {
        let copy = COURSE_EXAMPLE
            .replace("giropops", &format!("giropops-{i}"))
            .replace("nginx", &format!("nginx-{i}"));
        if text.len() + copy.len() + 4 > 1_000_000 {
            break;
        }
        text.push_str("---\n");
        text.push_str(&copy);
        i += 1;
    }
    text
}

/// User plus system CPU time of this process so far, from `/proc/self/stat` (Linux;
/// `None` elsewhere), in clock ticks of 10 ms.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

fn benches(criterion: &mut Criterion) {
    let big = megabyte();
    let parsed = parse(&big);
    assert!(parsed.is_ok(), "{:?}", parsed.errors.first());

    let mut group = criterion.benchmark_group("parse");
    group.throughput(Throughput::Bytes(COURSE_EXAMPLE.len() as u64));
    group.bench_function("course_example", |b| b.iter(|| parse(COURSE_EXAMPLE)));
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(20);
    group.bench_function("one_megabyte", |b| b.iter(|| parse(&big)));
    // The same work timed by the CPU time this process spent, not the wall clock: on
    // a machine shared with other builds the wall clock mostly measures waiting.
    if cpu_time().is_some() {
        group.bench_function("one_megabyte_cpu_time", |b| {
            b.iter_custom(|iterations| {
                let start = cpu_time().unwrap_or_default();
                for _ in 0..iterations {
                    std::hint::black_box(parse(&big));
                }
                cpu_time().unwrap_or_default().saturating_sub(start)
            })
        });
    }
    group.finish();

    let mut cluster = Cluster::new(1);
    let mut sync = EditorSync::new();
    sync.sync(&mut cluster, COURSE_EXAMPLE);
    assert!(cluster.run_until_settled(120_000));
    criterion.bench_function("sync_unchanged_course_example", |b| {
        b.iter(|| sync.sync(&mut cluster, COURSE_EXAMPLE))
    });
    // The same text once more, but after something changed in the cluster: the text
    // is not parsed again, each object is compared and found unchanged.
    criterion.bench_function("sync_course_example_after_a_cluster_change", |b| {
        b.iter_batched(
            || {
                let mut c = cluster.clone();
                c.advance(1_000);
                c
            },
            |mut c| {
                let mut s = sync.clone();
                s.sync(&mut c, COURSE_EXAMPLE)
            },
            BatchSize::SmallInput,
        )
    });

    let mut group = criterion.benchmark_group("set_field");
    group.sample_size(20);
    group.bench_function("replicas_in_one_megabyte", |b| {
        b.iter(|| set_field(&big, 500, "spec.replicas", "5").unwrap())
    });
    group.finish();
}

criterion_group!(manifest, benches);
criterion_main!(manifest);
