//! Debouncing: a callback that passes on only the last value of a burst, once the
//! burst has been quiet for a while. The pending timer is dropped (cancelled) when a
//! newer value arrives or the component goes away.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// A callback that emits to `target` the last value given, `millis` after the last call.
#[hook]
pub fn use_debounce<T: 'static>(millis: u32, target: Callback<T>) -> Callback<T> {
    let pending = use_mut_ref(|| None::<Timeout>);
    use_callback(target, move |value: T, target| {
        let target = target.clone();
        *pending.borrow_mut() = Some(Timeout::new(millis, move || target.emit(value)));
    })
}
