//! The ServiceAccount controller (`serviceaccounts-controller`): every namespace has a
//! ServiceAccount named `default`, made when the namespace appears and made again if
//! it is deleted. Pods that name no account run as it (`defaults::admit_pod`).

use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::engine::store::Change;
use crate::engine::{Cluster, ObjectKey, Reconciled, Resource};

/// The account every namespace has, and every pod runs as unless it names another.
pub const DEFAULT_SERVICE_ACCOUNT: &str = "default";

/// The `default` ServiceAccount of `namespace`, as the controller makes it.
pub fn default_account(namespace: &str) -> ServiceAccount {
    ServiceAccount {
        metadata: ObjectMeta {
            name: Some(DEFAULT_SERVICE_ACCOUNT.to_owned()),
            namespace: Some(namespace.to_owned()),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// The controller's event handler: a namespace that appears, or a `default` account
/// that goes, makes its namespace be looked at.
pub fn observe(c: &mut Cluster, change: &Change) {
    let key = &change.key;
    match key.kind {
        "Namespace" => c.work.serviceaccount.add(key),
        "ServiceAccount" if key.name == DEFAULT_SERVICE_ACCOUNT => {
            c.work
                .serviceaccount
                .insert(ObjectKey::new::<Namespace>("", &key.namespace));
        }
        _ => {}
    }
}

/// Give each queued namespace that is not being deleted its `default` account.
pub fn reconcile(c: &mut Cluster) -> Reconciled {
    let mut changed = false;
    for key in c.work.serviceaccount.take() {
        let live = c
            .get::<Namespace>("", &key.name)
            .is_some_and(|ns| ns.metadata.deletion_timestamp.is_none());
        let missing = c
            .get::<ServiceAccount>(&key.name, DEFAULT_SERVICE_ACCOUNT)
            .is_none();
        if live && missing {
            c.create_owned(default_account(&key.name).into_object());
            changed = true;
        }
    }
    Reconciled { changed }
}
