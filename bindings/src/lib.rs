//! pati-ffi: the UniFFI face of pati-core for the Kotlin Android shell.
//!
//! This crate holds no logic. It exports:
//! - [`PatiCore`], an object wrapping [`pati_core::Core`] with one-line forwarding
//!   methods (reads are blocking and fast; network work is `async`, run on tokio);
//! - [`PatiError`], the small stable error enum, mapped from
//!   [`pati_core::Error::kind`] in one place (`error.rs`);
//! - [`init_logging`], which forwards the core's `tracing` events to a Kotlin
//!   [`LogSink`].
//!
//! The records and enums the methods take and return (`CoreConfig`, `Language`,
//! `ServiceDetail`, ...) are pati-core's own types; they derive UniFFI behind core's
//! `uniffi` feature and are generated into their own Kotlin package (see
//! `uniffi-kotlin.toml`).
//!
//! The complaint methods (drafts, photos, outbox, sync engine with its foreign
//! `SyncListener`, phone verification, kiosk wipe) are a second `impl PatiCore` block
//! in `complaints.rs`.
//!
//! Adding a core method = adding one forwarding line to `core_object.rs`, plus a
//! mapping line in `error.rs` if core grows a new `ErrorKind`.

mod complaints;
mod core_object;
mod error;
mod log;

pub use core_object::PatiCore;
pub use error::PatiError;
pub use log::{init_logging, LogLevel, LogRecord, LogSink};

uniffi::setup_scaffolding!("pati_ffi");
