//! Wire types shared by `pati-core` (the device) and `pati-server`.
//!
//! Everything here crosses the network, so the rules of docs/PROTOCOL.md apply:
//! payloads only gain fields, and readers ignore fields they do not know
//! (no `deny_unknown_fields` on wire types).

pub mod complaints;
pub mod content;
pub mod limits;
pub mod sync;

pub use complaints::*;
pub use content::*;
pub use sync::*;

/// Version of the sync protocol spoken by this build. Sent by the device in the
/// [`PROTOCOL_HEADER`] header; the server answers with its own.
pub const PROTOCOL_VERSION: u32 = 1;

/// HTTP header carrying [`PROTOCOL_VERSION`] in both directions.
pub const PROTOCOL_HEADER: &str = "x-pati-protocol";
