//! Talking to pati-server: the HTTP client and the content pull.

mod content;
mod http;

pub(crate) use content::apply_page;
pub use content::pull_content;
pub(crate) use content::{LAST_SYNC_KEY, VERSION_KEY};
pub use http::Http;
