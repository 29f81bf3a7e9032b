//! The share button: the editor's whole text, with the example it started from, the
//! lesson in progress and the page's language, packed by `share` into a link's
//! fragment. The link is shown to copy by hand and, where the browser allows, copied.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::Message;
use crate::share::{self, Shared};
use crate::ui::browser;
use crate::ui::hooks::{use_locale, use_session};

/// What the last press of the button made.
#[derive(Clone, PartialEq)]
enum Made {
    Link {
        address: String,
        copied: Option<bool>,
    },
    Refused(Message),
}

/// The share button and, once pressed, the link it made.
#[function_component]
pub fn ShareButton() -> Html {
    let session = use_session();
    let t = use_locale();
    let made = use_state(|| None::<Made>);
    let field = use_node_ref();

    let onshare = {
        let (session, made) = (session.clone(), made.clone());
        Callback::from(move |_| {
            let shared = Shared {
                text: session.text.to_string(),
                example: session.example.map(str::to_owned),
                lesson: session.lesson.as_ref().map(|run| run.lesson.clone()),
                lang: Some(t.tag().to_owned()),
            };
            match share::encode(&shared) {
                Ok(fragment) => {
                    let address = browser::full_page_address(&fragment);
                    made.set(Some(Made::Link {
                        address: address.clone(),
                        copied: None,
                    }));
                    let made = made.clone();
                    browser::copy_to_clipboard(&address.clone(), move |copied| {
                        made.set(Some(Made::Link {
                            address,
                            copied: Some(copied),
                        }));
                    });
                }
                Err(error) => made.set(Some(Made::Refused(
                    Message::new("share.cannot").with("reason", error.message()),
                ))),
            }
        })
    };
    let onclose = {
        let made = made.clone();
        Callback::from(move |_| made.set(None))
    };
    let onfocus = Callback::from(|e: FocusEvent| {
        e.target_unchecked_into::<HtmlInputElement>().select();
    });

    let shown = match &*made {
        None => Html::default(),
        Some(Made::Refused(message)) => html! {
            <div class="share-box" role="alert">
                <p class="warning">{ t.format(message) }</p>
                <button type="button" class="link" onclick={onclose}>{ t.text("button.close") }</button>
            </div>
        },
        Some(Made::Link { address, copied }) => html! {
            <div class="share-box" role="status">
                <p>{ match copied {
                    Some(true) => t.text("share.copied"),
                    Some(false) => t.text("share.copy_failed"),
                    None => t.text("share.made"),
                } }</p>
                <input ref={field} type="text" readonly=true value={address.clone()}
                    aria-label={t.text("share.link")} onfocus={onfocus} />
                <button type="button" class="link" onclick={onclose}>{ t.text("button.close") }</button>
            </div>
        },
    };
    html! {
        <>
            <button type="button" onclick={onshare} title={t.text("button.share.hint")}>{ t.text("button.share") }</button>
            { shown }
        </>
    }
}
