//! Embedding: the query string chooses the layout, panels, language, example and
//! lesson; only origins the host page listed may drive the playground, compared
//! exactly; requests are plain JSON data and every malformed one is refused.

mod support;

use ordinal::embed::{
    self, Origin, OriginProblem, PageOptions, Panel, Reply, Request, RequestError,
};
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::lessons::{self, LessonRun};
use ordinal::manifest::parse;
use support::*;

#[test]
fn the_query_string_chooses_the_compact_layout_and_its_panels() {
    let options = PageOptions::from_query(
        "?embed=1&panels=pods,dns,PODS,bogus&lang=pt-BR&example=kafka&lesson=day-7",
    );
    assert!(options.embed);
    assert_eq!(options.panels, Some(vec![Panel::Pods, Panel::Dns]));
    assert_eq!(options.unknown_panels, ["bogus"]);
    assert!(options.shows(Panel::Dns) && !options.shows(Panel::Editor));
    assert_eq!(options.lang.as_deref(), Some("pt-BR"));
    assert_eq!(options.example.map(|e| e.id), Some("kafka"));
    assert_eq!(options.lesson.map(|l| l.id.as_str()), Some("day-7"));

    let plain = PageOptions::from_query("");
    assert!(!plain.embed && plain.panels.is_none() && plain.shows(Panel::Editor));
    let unknown = PageOptions::from_query("?example=%3Cscript%3E&lesson=..%2F..&panels=");
    assert!(unknown.example.is_none() && unknown.lesson.is_none() && unknown.panels.is_none());
}

#[test]
fn only_the_listed_origins_may_drive_the_page() {
    let options = PageOptions::from_query(
        "?embed=1&origins=https%3A%2F%2Fcurso.example%2F,http://localhost:8080,HTTPS://Other.Example:443",
    );
    let listed: Vec<&str> = options.origins.iter().map(Origin::as_str).collect();
    assert_eq!(
        listed,
        [
            "https://curso.example",
            "http://localhost:8080",
            "https://other.example"
        ]
    );
    assert!(options.allows("https://curso.example"));
    assert!(options.allows("https://other.example"));
    assert!(options.allows("http://localhost:8080"));
    for stranger in [
        "https://curso.example.evil.test",
        "http://curso.example",
        "https://evil.test",
        "http://localhost:8081",
        "null",
        "",
        "https://curso.example/path",
    ] {
        assert!(!options.allows(stranger), "{stranger} was allowed");
    }
    assert!(!PageOptions::from_query("?embed=1").allows("https://curso.example"));
}

#[test]
fn wildcards_null_and_paths_are_refused_as_origins_with_a_reason() {
    let options = PageOptions::from_query(
        "?origins=*,null,https://a.example/course,ftp://x,https://*.example",
    );
    let reasons: Vec<OriginProblem> = options.refused_origins.iter().map(|(_, p)| *p).collect();
    assert_eq!(
        reasons,
        [
            OriginProblem::Wildcard,
            OriginProblem::Null,
            OriginProblem::HasPath,
            OriginProblem::NotAnOrigin,
            OriginProblem::Wildcard
        ]
    );
    assert!(options.origins.is_empty());
    assert!(!options.allows("null"));
    assert_eq!(
        Origin::parse("http://[::1]:8080").unwrap().as_str(),
        "http://[::1]:8080"
    );
    assert_eq!(
        Origin::parse("https://[::1]").unwrap().as_str(),
        "https://[::1]"
    );
    assert_eq!(
        Origin::parse("https://a.example:99999"),
        Err(OriginProblem::NotAnOrigin)
    );
    let pt = ordinal::i18n::locale("pt-BR").unwrap();
    assert!(pt
        .format(&OriginProblem::Null.message())
        .contains("não nomeia ninguém"));
}

#[test]
fn requests_are_read_from_json_and_anything_else_is_refused() {
    assert_eq!(
        embed::parse_request(r#"{"type":"ordinal.load","manifest":"kind: Pod\n","id":7}"#),
        Ok(Request::Load {
            manifest: "kind: Pod\n".to_owned(),
            id: Some(7)
        })
    );
    assert_eq!(
        embed::parse_request(r#"{"type":"ordinal.reset"}"#),
        Ok(Request::Reset { id: None })
    );
    assert_eq!(
        embed::parse_request(r#"{"type":"ordinal.get-state","id":1}"#)
            .unwrap()
            .id(),
        Some(1)
    );
    for bad in [
        "",
        "not json",
        r#"{"type":"ordinal.eval","code":"alert(1)"}"#,
        r#"{"type":"ordinal.load"}"#,
        r#"{"type":"ordinal.load","manifest":3}"#,
        r#"{"type":"ordinal.reset","html":"<b>"}"#,
        r#"["ordinal.reset"]"#,
    ] {
        assert!(
            matches!(embed::parse_request(bad), Err(RequestError::Malformed(_))),
            "{bad}"
        );
    }
    let huge = format!(
        r#"{{"type":"ordinal.load","manifest":"{}"}}"#,
        "a".repeat(embed::MAX_REQUEST_BYTES)
    );
    assert_eq!(embed::parse_request(&huge), Err(RequestError::TooLarge));
}

#[test]
fn the_state_reply_lists_the_manifest_objects_pods_and_lesson() {
    let mut c = cluster();
    for document in parse(COURSE_EXAMPLE).documents {
        c.apply(document.object).unwrap();
    }
    assert!(c.run_until_settled(60_000));
    let lesson = lessons::lesson("day-7").unwrap();
    let run = LessonRun::start(lesson, &c);
    let json = Reply::state(Some(3), &c, COURSE_EXAMPLE, Some(&run)).to_json();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["type"], "ordinal.state");
    assert_eq!(value["id"], 3);
    assert_eq!(value["manifest"], COURSE_EXAMPLE);
    assert_eq!(
        value["objects"],
        serde_json::json!(["Service/nginx", "StatefulSet/giropops"])
    );
    let pods: Vec<String> = value["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {}",
                p["name"].as_str().unwrap(),
                p["phase"].as_str().unwrap(),
                p["ready"]
            )
        })
        .collect();
    assert_eq!(
        pods,
        [
            "giropops-0 Running true",
            "giropops-1 Running true",
            "giropops-2 Running true"
        ]
    );
    assert_eq!(
        value["lesson"],
        serde_json::json!({"id": "day-7", "step": 0, "finished": false})
    );
    assert_eq!(
        Reply::Error {
            id: None,
            message: "no".to_owned()
        }
        .to_json(),
        r#"{"type":"ordinal.error","message":"no"}"#
    );
}

mod hostile_input {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_query_string_origin_or_request_is_read_without_panicking(
            query in any::<String>(),
            origin in any::<String>(),
            json in any::<String>(),
        ) {
            let options = PageOptions::from_query(&query);
            let _ = options.allows(&origin);
            let _ = Origin::parse(&origin);
            let _ = embed::parse_request(&json);
            let _ = ordinal::i18n::lang_from_query(&query);
        }

        #[test]
        fn origin_like_text_never_panics(text in "(https?://)?\\[?[a-z0-9:.\\[\\]*@/]{0,30}") {
            if let Ok(origin) = Origin::parse(&text) {
                // What is accepted reads back as itself.
                prop_assert_eq!(Origin::parse(origin.as_str()).unwrap(), origin);
            }
        }
    }
}
