//! Forwards the core's `tracing` events to a foreign [`LogSink`] (on Android:
//! `android.util.Log`; on the JVM: the test's logger). Spans are not forwarded.
//!
//! Like application-services' rust-log-forwarder, but with a hand-written
//! `tracing::Subscriber` instead of tracing-subscriber, to keep the mobile library
//! small.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Once, RwLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

/// Severity, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, uniffi::Enum)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl From<&tracing::Level> for LogLevel {
    fn from(l: &tracing::Level) -> Self {
        match *l {
            tracing::Level::ERROR => LogLevel::Error,
            tracing::Level::WARN => LogLevel::Warn,
            tracing::Level::INFO => LogLevel::Info,
            tracing::Level::DEBUG => LogLevel::Debug,
            tracing::Level::TRACE => LogLevel::Trace,
        }
    }
}

/// One log event: the message followed by its fields as ` key=value`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LogRecord {
    pub level: LogLevel,
    /// The Rust module that logged, e.g. `pati_core::sync::content`.
    pub target: String,
    pub message: String,
}

/// Implemented by the app. Called on whichever thread logged; must not block and must
/// not call [`init_logging`] from inside `log`.
#[uniffi::export(callback_interface)]
pub trait LogSink: Send + Sync {
    fn log(&self, record: LogRecord);
}

static SINK: RwLock<Option<Box<dyn LogSink>>> = RwLock::new(None);
static MAX_LEVEL: AtomicU8 = AtomicU8::new(LogLevel::Info as u8);
static INSTALL: Once = Once::new();

/// Sends Rust log events up to `max_level` to `sink`, replacing any earlier sink.
/// Safe to call again (e.g. to change the level).
#[uniffi::export]
pub fn init_logging(sink: Box<dyn LogSink>, max_level: LogLevel) {
    *SINK.write().unwrap_or_else(|p| p.into_inner()) = Some(sink);
    MAX_LEVEL.store(max_level as u8, Ordering::Relaxed);
    INSTALL.call_once(|| {
        // Fails only if the host process installed another global subscriber first;
        // then that one keeps receiving the events.
        let _ = tracing::subscriber::set_global_default(Forwarder);
    });
}

struct Forwarder;

impl Subscriber for Forwarder {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        // The level can change at run time: ask `enabled` every time.
        Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.is_event()
            && LogLevel::from(metadata.level()) as u8 <= MAX_LEVEL.load(Ordering::Relaxed)
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let guard = SINK.read().unwrap_or_else(|p| p.into_inner());
        let Some(sink) = guard.as_ref() else { return };
        let mut text = Text::default();
        event.record(&mut text);
        if !text.fields.is_empty() {
            text.message.push_str(&text.fields);
        }
        sink.log(LogRecord {
            level: event.metadata().level().into(),
            target: event.metadata().target().to_string(),
            message: text.message,
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[derive(Default)]
struct Text {
    message: String,
    fields: String,
}

impl Visit for Text {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={}", field.name(), value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={:?}", field.name(), value);
        }
    }
}
