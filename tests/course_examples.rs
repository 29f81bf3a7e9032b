//! The examples a picker offers: each parses cleanly, applies to a fresh cluster and
//! settles into what its comments promise (a primary Service with one endpoint,
//! per-pod DNS names for brokers and object-store servers, a Deployment's random names
//! beside a StatefulSet's ordinals, a Service of every type), and each has a title and
//! a description in every language.

mod support;

use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use ordinal::engine::dns::{self, RecordType};
use ordinal::engine::Cluster;
use ordinal::examples::{example, EXAMPLES};
use ordinal::i18n;
use ordinal::manifest::parse;
use support::*;

/// A fresh cluster running `id`'s manifest, settled.
fn running(id: &str) -> Cluster {
    let text = example(id).unwrap().text;
    let parsed = parse(text);
    assert!(parsed.is_ok(), "{id}: {:?}", parsed.errors);
    let mut c = cluster();
    for document in parsed.documents {
        c.apply(document.object).unwrap();
    }
    assert!(c.run_until_settled(300_000), "{id}: {:?}", pod_states(&c));
    c
}

fn resolves(c: &Cluster, name: &str) -> bool {
    !dns::query(c, name, RecordType::A).records.is_empty()
}

fn endpoint_addresses(c: &Cluster, service: &str) -> usize {
    c.store()
        .list::<EndpointSlice>(Some("default"))
        .filter(|(_, s)| {
            s.metadata
                .labels
                .as_ref()
                .and_then(|l| l.get("kubernetes.io/service-name"))
                .map(String::as_str)
                == Some(service)
        })
        .map(|(_, s)| s.endpoints.iter().map(|e| e.addresses.len()).sum::<usize>())
        .sum()
}

#[test]
fn the_course_example_comes_first_and_every_id_is_unique() {
    assert_eq!(EXAMPLES[0].id, "giropops");
    assert_eq!(EXAMPLES[0].text, ordinal::examples::COURSE_EXAMPLE);
    let mut ids: Vec<&str> = EXAMPLES.iter().map(|e| e.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), EXAMPLES.len());
    assert!(example("no-such-example").is_none());
}

#[test]
fn every_example_has_a_title_and_description_in_every_language() {
    for locale in i18n::locales() {
        for e in EXAMPLES {
            for message in [e.title(), e.description()] {
                assert!(
                    locale.entry(message.key).is_some(),
                    "{}: {}",
                    locale.tag(),
                    message.key
                );
                assert!(!locale.format(&message).is_empty());
            }
        }
    }
    let pt = i18n::locale("pt-BR").unwrap();
    assert_eq!(
        pt.format(&example("postgres").unwrap().title()),
        "Banco de dados: primário e réplicas"
    );
}

#[test]
fn every_example_applies_and_settles_with_every_pod_ready() {
    for e in EXAMPLES {
        let c = running(e.id);
        let states = pod_states(&c);
        assert!(!states.is_empty(), "{}", e.id);
        assert!(
            states.iter().all(|s| s.ends_with("Running true")),
            "{}: {states:?}",
            e.id
        );
    }
}

#[test]
fn the_database_sends_writes_to_giropops_0_and_reads_to_every_member() {
    let c = running("postgres");
    assert_eq!(pod_names(&c), ["giropops-0", "giropops-1", "giropops-2"]);
    assert_eq!(
        claim_names(&c),
        ["data-giropops-0", "data-giropops-1", "data-giropops-2"]
    );
    assert_eq!(endpoint_addresses(&c, "postgres-primary"), 1);
    assert_eq!(endpoint_addresses(&c, "postgres-read"), 3);
    assert!(resolves(
        &c,
        "giropops-0.postgres.default.svc.cluster.local"
    ));
}

#[test]
fn every_broker_and_object_store_server_has_its_own_dns_name() {
    let c = running("kafka");
    for n in 0..3 {
        assert!(resolves(
            &c,
            &format!("kafka-{n}.kafka.default.svc.cluster.local")
        ));
    }
    let c = running("minio");
    assert_eq!(claim_names(&c).len(), 4);
    for n in 0..4 {
        assert!(resolves(
            &c,
            &format!("minio-{n}.minio.default.svc.cluster.local")
        ));
    }
}

#[test]
fn the_deployment_has_random_names_and_one_claim_the_statefulset_ordinals_and_a_claim_each() {
    let c = running("deployment");
    let names = pod_names(&c);
    let web: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("giropops-web-"))
        .collect();
    assert_eq!(web.len(), 3, "{names:?}");
    for name in &web {
        // giropops-web-<pod-template-hash>-<5 characters>
        let parts: Vec<&str> = name.rsplitn(2, '-').collect();
        assert_eq!(parts[0].len(), 5, "{name}");
    }
    assert!(["giropops-0", "giropops-1", "giropops-2"]
        .iter()
        .all(|n| names.contains(&(*n).to_owned())));
    assert_eq!(
        claim_names(&c),
        [
            "giropops-web-www",
            "www-giropops-0",
            "www-giropops-1",
            "www-giropops-2"
        ]
    );
    assert!(c
        .get::<PersistentVolumeClaim>("default", "giropops-web-www")
        .is_some());
    assert!(resolves(&c, "giropops-0.nginx.default.svc.cluster.local"));
    assert!(resolves(&c, "giropops-web.default.svc.cluster.local"));
    assert!(!resolves(
        &c,
        &format!("{}.giropops-web.default.svc.cluster.local", web[0])
    ));
}

#[test]
fn the_services_example_has_one_service_of_each_type() {
    let c = running("services");
    let kind = |name: &str| {
        let spec = c
            .get::<Service>("default", name)
            .unwrap()
            .spec
            .clone()
            .unwrap();
        let type_ = spec.type_.unwrap_or_default();
        if spec.cluster_ip.as_deref() == Some("None") {
            "headless".to_owned()
        } else {
            type_
        }
    };
    assert_eq!(kind("nginx"), "headless");
    assert_eq!(kind("giropops"), "ClusterIP");
    assert_eq!(kind("giropops-nodeport"), "NodePort");
    assert_eq!(kind("giropops-lb"), "LoadBalancer");
    assert_eq!(kind("banco-externo"), "ExternalName");
    let node_port = c.get::<Service>("default", "giropops-nodeport").unwrap();
    assert_eq!(
        node_port.spec.as_ref().unwrap().ports.as_ref().unwrap()[0].node_port,
        Some(30080)
    );
    let answer = dns::query(&c, "banco-externo.default.svc.cluster.local", RecordType::A);
    assert_eq!(answer.records[0].data, "db.example.com.");
    for name in ["giropops", "giropops-nodeport", "giropops-lb"] {
        assert_eq!(endpoint_addresses(&c, name), 3, "{name}");
    }
}
