//! One component per file, each named for what it shows.

mod claim_badge;
mod dns_panel;
mod editor;
mod error_panel;
mod events_panel;
mod example_picker;
mod language_picker;
mod lesson_panel;
mod nodes_panel;
mod pod_card;
mod service_card;
mod share_button;
mod statefulset_card;
mod terminal;
mod time_controls;
mod topology;
mod volumes_panel;

pub use claim_badge::ClaimBadge;
pub use dns_panel::DnsPanel;
pub use editor::Editor;
pub use error_panel::ErrorPanel;
pub use events_panel::EventsPanel;
pub use example_picker::ExamplePicker;
pub use language_picker::LanguagePicker;
pub use lesson_panel::LessonPanel;
pub use nodes_panel::NodesPanel;
pub use pod_card::PodCard;
pub use service_card::ServiceCard;
pub use share_button::ShareButton;
pub use statefulset_card::StatefulSetCard;
pub use terminal::Terminal;
pub use time_controls::TimeControls;
pub use topology::TopologyPanel;
pub use volumes_panel::VolumesPanel;
