//! Ordinal: a Kubernetes StatefulSet & Service playground that runs in the browser.
//!
//! Data flows one way: editor text → [`manifest`] (typed objects, located errors) →
//! [`engine`] (the simulated cluster) → [`view_model`] (what panels draw) → the web
//! [`ui`] (feature `web`). The [`kubectl`] command layer sits over the engine and is
//! shared by the browser terminal and the native `ordinal` CLI. Dependencies point
//! one way only: `ui → view_model → kubectl → manifest → engine`.

pub mod embed;
pub mod engine;
pub mod examples;
pub mod i18n;
pub mod kubectl;
pub mod lessons;
pub mod manifest;
pub mod share;
pub mod view_model;

#[cfg(feature = "web")]
pub mod ui;
