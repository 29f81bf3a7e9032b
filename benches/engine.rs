//! Engine performance at 10, 100, 1,000 and 10,000 replicas:
//! - `tick_settled`: a tick of a settled StatefulSet with nothing new (what each
//!   animation frame pays: controllers are watch-driven, so this is a no-op check);
//! - `tick_after_one_change`: a pod's readiness flips and the tick that follows does
//!   the real work (kubelet, StatefulSet sync and status, EndpointSlice update);
//! - `full_pass_settled`: a forced pass of every controller over every object
//!   (`resync`, like an informer resync);
//! - `scale_parallel_to_settled` / `scale_ordered_to_settled`: applying a StatefulSet
//!   with `replicas: N` to an empty cluster and running until nothing moves.
//!
//! The playground's API server refuses more than 1,000 replicas
//! (`validation::MAX_REPLICAS`); the bench's clusters raise `ClusterConfig::max_replicas`
//! to measure the curve past it.
//!
//! Run with `cargo bench --no-default-features --bench engine`. Benches build with
//! the `bench` profile (Cargo.toml): the release profile's LTO at opt-level 3, where
//! the release build itself is optimised for size for the browser.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use ordinal::engine::{Cluster, ClusterConfig, Object};
use ordinal::manifest::parse;

const SIZES: [u32; 4] = [10, 100, 1_000, 10_000];

fn statefulset(replicas: u32, policy: &str) -> Object {
    // The manifest layer validates with the playground's limit, so the text asks for
    // one replica and the object is given its real count after parsing.
    let yaml = format!(
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: giropops
spec:
  serviceName: nginx
  replicas: 1
  podManagementPolicy: {policy}
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
    let mut object = parse(&yaml).documents.remove(0).object;
    if let Object::StatefulSet(sts) = &mut object {
        sts.spec.as_mut().expect("a spec").replicas = Some(i32::try_from(replicas).unwrap());
    }
    object
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
        max_replicas: 10_000,
        ..ClusterConfig::default()
    });
    c.apply(service()).unwrap();
    c
}

fn settled(replicas: u32) -> Cluster {
    let mut c = cluster_for(replicas);
    c.apply(statefulset(replicas, "Parallel")).unwrap();
    assert!(c.run_until_settled(3_600_000), "did not settle");
    c
}

fn steady_state(criterion: &mut Criterion) {
    // Each settled cluster is built once and measured by every steady-state group.
    let mut clusters: Vec<(u32, Cluster)> = SIZES.into_iter().map(|n| (n, settled(n))).collect();

    let mut tick = criterion.benchmark_group("tick_settled");
    for (replicas, c) in clusters.iter_mut() {
        tick.bench_with_input(BenchmarkId::from_parameter(*replicas), replicas, |b, _| {
            b.iter(|| c.tick())
        });
    }
    tick.finish();

    let mut change = criterion.benchmark_group("tick_after_one_change");
    for (replicas, c) in clusters.iter_mut() {
        let pod = format!("giropops-{}", *replicas / 2);
        let mut unready = false;
        change.bench_with_input(BenchmarkId::from_parameter(*replicas), replicas, |b, _| {
            b.iter(|| {
                unready = !unready;
                c.set_pod_unready("default", &pod, unready).unwrap();
            })
        });
    }
    change.finish();

    let mut resync = criterion.benchmark_group("full_pass_settled");
    for (replicas, c) in clusters.iter_mut() {
        resync.bench_with_input(BenchmarkId::from_parameter(*replicas), replicas, |b, _| {
            b.iter(|| c.resync())
        });
    }
    resync.finish();
}

fn scaling(criterion: &mut Criterion) {
    for (group, policy) in [
        ("scale_parallel_to_settled", "Parallel"),
        ("scale_ordered_to_settled", "OrderedReady"),
    ] {
        let mut scale = criterion.benchmark_group(group);
        scale.sample_size(10);
        for replicas in SIZES {
            scale.bench_with_input(BenchmarkId::from_parameter(replicas), &replicas, |b, &n| {
                b.iter_batched(
                    || cluster_for(n),
                    |mut c| {
                        c.apply(statefulset(n, policy)).unwrap();
                        assert!(c.run_until_settled(u64::MAX / 4));
                        c
                    },
                    BatchSize::PerIteration,
                )
            });
        }
        scale.finish();
    }
}

criterion_group!(engine, steady_state, scaling);
criterion_main!(engine);
