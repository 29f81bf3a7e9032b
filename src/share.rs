//! Share links: the editor's whole text, with the chosen example, lesson and language,
//! packed into a URL fragment (`#v1.<base64url of raw DEFLATE of JSON>`), and unpacked
//! again. Decoding is total: anything a visitor can paste into a URL gets a
//! [`ShareError`] with a translatable message, never a panic, and a bounded amount of
//! work and memory (a decompression bomb stops at [`MAX_TEXT_BYTES`]).
//!
//! What comes out is data: the text goes into the editor as text, and the names are
//! only ever compared with known example and lesson names. Nothing decoded here may be
//! put into the page as HTML.

use std::fmt;

use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::i18n::Message;

/// The format written today; a link of another version is refused with a message.
pub const VERSION: &str = "v1";

/// The longest fragment accepted (characters after `#`): 64 KiB of base64, about
/// 48 KiB compressed, far more than any course manifest and well within what
/// browsers keep in a URL.
pub const MAX_FRAGMENT_CHARS: usize = 64 * 1024;

/// The most that a fragment may unpack to (1 MiB): decompression stops there, so a
/// small fragment cannot make the page allocate gigabytes.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// base64url without padding when writing; padding tolerated when reading, since some
/// chat programs and editors add it.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// What a share link restores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shared {
    /// The editor's text, exactly.
    #[serde(rename = "t")]
    pub text: String,
    /// The example it started from (a name from `examples::EXAMPLES`), if any.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The lesson in progress (a lesson id), if any.
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    /// The interface language (`pt-BR`), if the sharer chose one.
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Shared {
    /// The shared example, only if it names one Ordinal ships.
    pub fn known_example(&self) -> Option<&'static crate::examples::Example> {
        self.example.as_deref().and_then(crate::examples::example)
    }

    /// The shared lesson, only if it names one Ordinal ships.
    pub fn known_lesson(&self) -> Option<&'static crate::lessons::Lesson> {
        self.lesson.as_deref().and_then(crate::lessons::lesson)
    }

    /// The shared language, only if Ordinal speaks it (as its canonical tag).
    pub fn known_lang(&self) -> Option<&'static str> {
        let lang = self.lang.as_deref()?;
        crate::i18n::tags().find(|tag| tag.eq_ignore_ascii_case(lang))
    }
}

/// Why a fragment cannot be opened (or a text cannot be shared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment (or the link that would be made) is longer than [`MAX_FRAGMENT_CHARS`].
    TooLong { chars: usize },
    /// The fragment has no data after its version.
    Empty,
    /// The version prefix is not [`VERSION`] (shown cut to a few characters).
    UnknownVersion { version: String },
    /// The data is not base64url.
    NotBase64,
    /// The data does not inflate (truncated or altered).
    Corrupt,
    /// The data would inflate to more than [`MAX_TEXT_BYTES`].
    TooLarge,
    /// The inflated bytes are not UTF-8.
    NotUtf8,
    /// The inflated text is not the JSON this version writes.
    Malformed,
}

impl ShareError {
    /// The reason as a catalogue message, to be shown inside `share.refused`.
    pub fn message(&self) -> Message {
        match self {
            ShareError::TooLong { .. } => {
                Message::new("share.error.too_long").with("limit", MAX_FRAGMENT_CHARS.to_string())
            }
            ShareError::Empty => Message::new("share.error.empty"),
            ShareError::UnknownVersion { version } => {
                Message::new("share.error.unknown_version").with("version", version)
            }
            ShareError::NotBase64 => Message::new("share.error.not_base64"),
            ShareError::Corrupt => Message::new("share.error.corrupt"),
            ShareError::TooLarge => {
                Message::new("share.error.too_large").with("limit", MAX_TEXT_BYTES.to_string())
            }
            ShareError::NotUtf8 => Message::new("share.error.not_utf8"),
            ShareError::Malformed => Message::new("share.error.malformed"),
        }
    }
}

impl fmt::Display for ShareError {
    /// The reason in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for ShareError {}

/// Whether a URL fragment looks like a share link of any version (`v<digits>.`), so
/// the page knows to try [`decode`] rather than ignore it.
pub fn is_share_fragment(fragment: &str) -> bool {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(rest) = fragment.strip_prefix('v') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits) == Some(&b'.')
}

/// The fragment (without `#`) that restores `shared`, or `TooLong` when the text is
/// too big for a link.
pub fn encode(shared: &Shared) -> Result<String, ShareError> {
    let json = serde_json::to_vec(shared).map_err(|_| ShareError::Malformed)?;
    if json.len() > MAX_TEXT_BYTES {
        return Err(ShareError::TooLarge);
    }
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let fragment = format!("{VERSION}.{}", BASE64URL.encode(packed));
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong {
            chars: fragment.len(),
        });
    }
    Ok(fragment)
}

/// What a fragment (with or without its `#`) restores. Every failure is an error
/// value; the work done is bounded by the limits above whatever the input.
pub fn decode(fragment: &str) -> Result<Shared, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong {
            chars: fragment.len(),
        });
    }
    let (version, data) = fragment.split_once('.').unwrap_or((fragment, ""));
    if version != VERSION {
        return Err(ShareError::UnknownVersion {
            version: version.chars().take(12).collect(),
        });
    }
    let data = data.trim();
    if data.is_empty() {
        return Err(ShareError::Empty);
    }
    let packed = BASE64URL.decode(data).map_err(|_| ShareError::NotBase64)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_TEXT_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::Corrupt,
        })?;
    let json = String::from_utf8(bytes).map_err(|_| ShareError::NotUtf8)?;
    // Read as a JSON value, then decoded through the app's one `Deserializer`, so
    // no serde code instantiated for `serde_json`'s text reader ships just for this.
    let value: serde_json::Value =
        serde_json::from_str(&json).map_err(|_| ShareError::Malformed)?;
    crate::yaml::from_json(&value).map_err(|_| ShareError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_fragments_are_recognised_by_their_version_prefix() {
        assert!(is_share_fragment("#v1.abc"));
        assert!(is_share_fragment("v27.x"));
        assert!(!is_share_fragment("#section-2"));
        assert!(!is_share_fragment("#v.abc"));
        assert!(!is_share_fragment(""));
    }
}
