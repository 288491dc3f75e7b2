//! Talking to pati-server: the HTTP client, the content pull, and the complaint
//! sync engine (outbox push, photo uploads, my-complaints pull, device account).

pub(crate) mod accounts;
pub mod backoff;
pub(crate) mod complaints;
mod content;
pub(crate) mod engine;
mod http;
pub(crate) mod outbox;
pub(crate) mod public;
pub(crate) mod push;
pub mod state;
pub(crate) mod uploads;

pub(crate) use content::apply_page;
pub use content::pull_content;
pub(crate) use content::{LAST_SYNC_KEY, VERSION_KEY};
pub use http::Http;
