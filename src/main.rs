//! The browser entry point: install the panic hook, then hand over to the UI.

fn main() {
    console_error_panic_hook::set_once();
    ordinal::ui::start();
}
