//! Limits both sides agree on. The server enforces them; the device uses them to
//! refuse hostile responses before they touch its store.

/// Most changes the server puts in one pull page.
pub const MAX_PULL_PAGE_ITEMS: usize = 1000;

/// Largest decompressed pull response body a device accepts.
pub const MAX_PULL_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// Longest single text field (a service's steps, a news body) in content.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Longest identifier (slug, area code).
pub const MAX_ID_CHARS: usize = 64;
