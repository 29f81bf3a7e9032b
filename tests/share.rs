//! Share links: the editor's text and choices survive the trip through a URL fragment
//! exactly, and every damaged, hostile or oversized fragment is refused with its own
//! error, never a panic.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ordinal::examples::COURSE_EXAMPLE;
use ordinal::share::{self, ShareError, Shared, MAX_FRAGMENT_CHARS, MAX_TEXT_BYTES};
use proptest::prelude::*;

fn fragment_of(bytes: &[u8]) -> String {
    format!(
        "v1.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, 6))
    )
}

#[test]
fn the_course_example_round_trips_in_a_short_link() {
    let shared = Shared {
        text: COURSE_EXAMPLE.to_owned(),
        example: Some("giropops".to_owned()),
        lesson: Some("day-7".to_owned()),
        lang: Some("pt-BR".to_owned()),
    };
    let fragment = share::encode(&shared).unwrap();
    assert!(fragment.starts_with("v1."), "{fragment}");
    assert!(
        fragment.len() < COURSE_EXAMPLE.len(),
        "compressed link is {} chars for {} bytes",
        fragment.len(),
        COURSE_EXAMPLE.len()
    );
    assert_eq!(share::decode(&format!("#{fragment}")).unwrap(), shared);
}

#[test]
fn names_in_a_link_count_only_when_ordinal_ships_them() {
    let shared = Shared {
        text: String::new(),
        example: Some("postgres".to_owned()),
        lesson: Some("day-7".to_owned()),
        lang: Some("PT-br".to_owned()),
    };
    assert_eq!(shared.known_example().map(|e| e.id), Some("postgres"));
    assert_eq!(shared.known_lesson().map(|l| l.id.as_str()), Some("day-7"));
    assert_eq!(shared.known_lang(), Some("pt-BR"));
    let hostile = Shared {
        text: String::new(),
        example: Some("<script>".to_owned()),
        lesson: Some("../../etc/passwd".to_owned()),
        lang: Some("en\"><img>".to_owned()),
    };
    assert!(hostile.known_example().is_none());
    assert!(hostile.known_lesson().is_none());
    assert!(hostile.known_lang().is_none());
}

#[test]
fn html_and_script_in_the_text_come_back_as_the_same_characters() {
    let text = "# <script>alert(1)</script>\nmetadata:\n  name: \"<img src=x onerror=alert(1)>\"\n";
    let shared = Shared {
        text: text.to_owned(),
        ..Shared::default()
    };
    let decoded = share::decode(&share::encode(&shared).unwrap()).unwrap();
    assert_eq!(decoded.text, text);
}

#[test]
fn a_ten_megabyte_fragment_is_refused_before_any_work() {
    let huge = format!("v1.{}", "A".repeat(10 * 1024 * 1024));
    assert_eq!(
        share::decode(&huge),
        Err(ShareError::TooLong { chars: huge.len() })
    );
}

#[test]
fn garbage_wrong_versions_and_empty_data_get_their_own_errors() {
    assert_eq!(
        share::decode("#v1.!!!not base64!!!"),
        Err(ShareError::NotBase64)
    );
    assert_eq!(share::decode("v1.AAAA"), Err(ShareError::Corrupt));
    assert_eq!(share::decode("v1."), Err(ShareError::Empty));
    assert_eq!(
        share::decode("v9.abc"),
        Err(ShareError::UnknownVersion {
            version: "v9".to_owned()
        })
    );
    assert_eq!(
        share::decode("hello"),
        Err(ShareError::UnknownVersion {
            version: "hello".to_owned()
        })
    );
}

#[test]
fn a_decompression_bomb_stops_at_the_limit() {
    let bomb = vec![b' '; MAX_TEXT_BYTES * 8];
    let fragment = fragment_of(&bomb);
    assert!(fragment.len() < MAX_FRAGMENT_CHARS, "{}", fragment.len());
    assert_eq!(share::decode(&fragment), Err(ShareError::TooLarge));
}

#[test]
fn bytes_that_are_not_utf8_or_not_our_json_are_refused() {
    assert_eq!(
        share::decode(&fragment_of(&[0xff, 0xfe, 0x00])),
        Err(ShareError::NotUtf8)
    );
    assert_eq!(
        share::decode(&fragment_of(b"{\"t\": 3}")),
        Err(ShareError::Malformed)
    );
    assert_eq!(
        share::decode(&fragment_of(b"{\"t\": \"x\", \"html\": \"<b>\"}")),
        Err(ShareError::Malformed)
    );
}

#[test]
fn a_text_too_big_for_a_link_is_refused_when_sharing() {
    // Incompressible text: every line different.
    let text: String = (0..20_000u32)
        .map(|i| format!("{:x}\n", i.wrapping_mul(2_654_435_761)))
        .collect();
    let result = share::encode(&Shared {
        text,
        ..Shared::default()
    });
    assert!(
        matches!(result, Err(ShareError::TooLong { .. })),
        "{result:?}"
    );
}

#[test]
fn every_error_has_an_english_and_a_portuguese_message() {
    let errors = [
        ShareError::TooLong { chars: 1 },
        ShareError::Empty,
        ShareError::UnknownVersion {
            version: "v9".to_owned(),
        },
        ShareError::NotBase64,
        ShareError::Corrupt,
        ShareError::TooLarge,
        ShareError::NotUtf8,
        ShareError::Malformed,
    ];
    let pt = ordinal::i18n::locale("pt-BR").unwrap();
    for error in errors {
        let english = error.to_string();
        assert!(!english.starts_with("share."), "no English for {error:?}");
        let portuguese = pt.format(&error.message());
        assert_ne!(portuguese, english, "{error:?} is not translated");
    }
    assert_eq!(
        ShareError::TooLarge.to_string(),
        "it would unpack to more than 1048576 bytes."
    );
}

proptest! {
    #[test]
    fn any_text_and_choices_round_trip_exactly(
        text in any::<String>(),
        example in proptest::option::of("[a-z-]{1,20}"),
        lesson in proptest::option::of(any::<String>()),
        lang in proptest::option::of("[a-zA-Z-]{2,8}"),
    ) {
        let shared = Shared { text, example, lesson, lang };
        let fragment = share::encode(&shared).unwrap();
        prop_assert!(fragment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        prop_assert_eq!(share::decode(&fragment).unwrap(), shared);
    }

    #[test]
    fn any_fragment_decodes_to_a_value_or_an_error_without_panicking(fragment in any::<String>()) {
        let _ = share::decode(&fragment);
        let _ = share::decode(&format!("v1.{fragment}"));
    }

    #[test]
    fn damaging_a_link_never_panics(text in "[ -~\n]{0,400}", at in any::<prop::sample::Index>(), with in any::<char>()) {
        let mut fragment = share::encode(&Shared { text, ..Shared::default() }).unwrap();
        let mut chars: Vec<char> = fragment.chars().collect();
        let i = at.index(chars.len());
        chars[i] = with;
        fragment = chars.into_iter().collect();
        let _ = share::decode(&fragment);
    }
}
