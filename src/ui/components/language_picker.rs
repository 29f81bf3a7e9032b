//! The language switcher: every language Ordinal has a file for, each named in itself.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n;
use crate::ui::hooks::use_locale;

#[derive(Properties, PartialEq)]
pub struct LanguagePickerProps {
    /// Called with the tag of the language picked (`pt-BR`).
    pub onpick: Callback<&'static str>,
}

/// A select of the available languages.
#[function_component]
pub fn LanguagePicker(props: &LanguagePickerProps) -> Html {
    let t = use_locale();
    let onchange = {
        let onpick = props.onpick.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(locale) = i18n::locale(&value) {
                onpick.emit(static_tag(locale));
            }
        })
    };
    html! {
        <label class="language" title={t.text("button.language")}>
            <select aria-label={t.text("button.language")} {onchange}>
                { for i18n::available().into_iter().map(|(tag, name)| html! {
                    <option value={tag} selected={tag == t.tag()} lang={tag}>{ name }</option>
                }) }
            </select>
        </label>
    }
}

/// The `'static` tag of a shipped locale.
fn static_tag(locale: &'static i18n::Locale) -> &'static str {
    locale.tag()
}
