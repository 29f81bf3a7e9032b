//! Engine performance at 10, 100 and 1,000 replicas (the playground's limit): a tick of a settled
//! StatefulSet (what each animation frame pays), a forced full reconcile pass of
//! every controller over everything (`resync`), and scaling a Parallel StatefulSet
//! from 0 to settled.
//! Run with `cargo bench --no-default-features --bench engine`.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use ordinal::engine::{Cluster, ClusterConfig, Object};
use ordinal::manifest::parse;

fn statefulset(replicas: u32) -> Object {
    let yaml = format!(
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: giropops
spec:
  serviceName: nginx
  replicas: {replicas}
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
"
    );
    parse(&yaml).documents.remove(0).object
}

fn service() -> Object {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n    name: web\n";
    parse(yaml).documents.remove(0).object
}

/// A cluster big enough for `replicas` pods (a node runs at most 110).
fn cluster_for(replicas: u32) -> Cluster {
    let nodes = u8::try_from(replicas / 100 + 1).unwrap_or(250).max(3);
    let mut c = Cluster::with_config(ClusterConfig {
        nodes,
        ..ClusterConfig::default()
    });
    c.apply(service()).unwrap();
    c
}

fn settled(replicas: u32) -> Cluster {
    let mut c = cluster_for(replicas);
    c.apply(statefulset(replicas)).unwrap();
    assert!(c.run_until_settled(3_600_000), "did not settle");
    c
}

fn benches(criterion: &mut Criterion) {
    // Each settled cluster is built once and measured by both steady-state groups.
    // 1,000 is `validation::MAX_REPLICAS`: the simulated API server refuses more.
    let mut clusters: Vec<(u32, Cluster)> = [10, 100, 1_000]
        .into_iter()
        .map(|n| (n, settled(n)))
        .collect();

    let mut tick = criterion.benchmark_group("tick_settled");
    for (replicas, c) in clusters.iter_mut() {
        tick.bench_with_input(BenchmarkId::from_parameter(*replicas), replicas, |b, _| {
            b.iter(|| c.tick())
        });
    }
    tick.finish();

    let mut resync = criterion.benchmark_group("full_pass_settled");
    for (replicas, c) in clusters.iter_mut() {
        resync.bench_with_input(BenchmarkId::from_parameter(*replicas), replicas, |b, _| {
            b.iter(|| c.resync())
        });
    }
    resync.finish();

    let mut scale = criterion.benchmark_group("scale_parallel_to_settled");
    scale.sample_size(10);
    for replicas in [10, 100, 1_000] {
        scale.bench_with_input(BenchmarkId::from_parameter(replicas), &replicas, |b, &n| {
            b.iter_batched(
                || cluster_for(n),
                |mut c| {
                    c.apply(statefulset(n)).unwrap();
                    assert!(c.run_until_settled(3_600_000));
                    c
                },
                BatchSize::PerIteration,
            )
        });
    }
    scale.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
