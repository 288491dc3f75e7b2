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

/// Most mutations in one push.
pub const MAX_PUSH_MUTATIONS: usize = 100;

/// Largest push request body.
pub const MAX_PUSH_BODY_BYTES: usize = 1024 * 1024;

/// Most photos on one complaint.
pub const MAX_PHOTOS: usize = 5;

/// Largest photo the server stores (devices send re-encoded JPEGs of ~200 KB).
pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

/// Size of one upload chunk a device sends; the server accepts up to this.
pub const UPLOAD_CHUNK_BYTES: usize = 256 * 1024;

/// Longest edge of a photo after the device scales it.
pub const PHOTO_MAX_EDGE_PX: u32 = 1600;

/// Largest image (in pixels) either side decodes: refuses decompression bombs.
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// Complaint text limits, in characters.
pub const MAX_TITLE_CHARS: usize = 150;
pub const MIN_TITLE_CHARS: usize = 5;
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
pub const MIN_DESCRIPTION_CHARS: usize = 10;
pub const MAX_ADDRESS_CHARS: usize = 300;
pub const MAX_REPLY_CHARS: usize = 2000;

/// The accepted area for complaint coordinates: a generous box around Central Java
/// (Jawa Tengah spans about lat −8.2…−5.7 with Karimunjawa, lon 108.5…111.7). Pati
/// itself is about lat −6.4…−6.9, lon 110.8…111.3, but a resident near a border, a
/// GPS fix a little off, or a second regency on the same server must not be
/// refused; the box only catches garbage (0,0; swapped lat/lon; another island).
/// The device checks it next to the field, the server again on push.
pub const LAT_RANGE: (f64, f64) = (-8.6, -5.4);
pub const LON_RANGE: (f64, f64) = (108.0, 112.0);
