//! Verified photos live in a blob store behind `object_store`: a local folder by
//! default (`<data-dir>/blobs`), or any S3-compatible bucket in production
//! (`--blob-store s3://bucket/prefix` with the standard `AWS_*` environment for the
//! endpoint and credentials). One trait object, chosen at start. Keys are
//! `<prefix>/<jurisdiction>/<sha256>`: content-addressed, so a repeated put is
//! harmless and replicas never disagree.

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, PutPayload};
use pati_protocol::limits::MAX_IMAGE_PIXELS;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

#[derive(Clone)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    prefix: Option<StorePath>,
    /// `local`, `s3` or `memory`, for logs.
    pub kind: &'static str,
}

fn store_err(e: object_store::Error) -> Error {
    Error::Blob(e.to_string())
}

impl BlobStore {
    /// `spec`: `s3://bucket[/prefix]`, or `None` for `<data_dir>/blobs`.
    pub fn open(spec: Option<&str>, data_dir: Option<&Path>) -> Result<BlobStore> {
        match (spec, data_dir) {
            (Some(s), _) => {
                let rest = s.strip_prefix("s3://").ok_or_else(|| {
                    Error::Config(format!(
                        "--blob-store must be s3://bucket/prefix (got {s:?})"
                    ))
                })?;
                let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
                if bucket.is_empty() {
                    return Err(Error::Config("--blob-store s3:// needs a bucket".into()));
                }
                let store = object_store::aws::AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .map_err(|e| Error::Config(format!("S3 blob store: {e}")))?;
                let prefix = prefix.trim_matches('/');
                Ok(BlobStore {
                    store: Arc::new(store),
                    prefix: (!prefix.is_empty()).then(|| StorePath::from(prefix)),
                    kind: "s3",
                })
            }
            (None, Some(dir)) => {
                let root = dir.join("blobs");
                std::fs::create_dir_all(&root)
                    .map_err(|e| Error::Config(format!("{}: {e}", root.display())))?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(&root)
                    .map_err(|e| Error::Config(format!("{}: {e}", root.display())))?;
                Ok(BlobStore {
                    store: Arc::new(store),
                    prefix: None,
                    kind: "local",
                })
            }
            (None, None) => {
                tracing::warn!("no data dir and no --blob-store: photos are kept in memory only");
                Ok(BlobStore {
                    store: Arc::new(object_store::memory::InMemory::new()),
                    prefix: None,
                    kind: "memory",
                })
            }
        }
    }

    fn key(&self, jurisdiction: &str, sha256: &str) -> StorePath {
        let name = format!("{jurisdiction}/{sha256}");
        match &self.prefix {
            Some(p) => StorePath::from(format!("{p}/{name}")),
            None => StorePath::from(name),
        }
    }

    pub async fn put(&self, jurisdiction: &str, sha256: &str, data: Bytes) -> Result<()> {
        self.store
            .put(
                &self.key(jurisdiction, sha256),
                PutPayload::from_bytes(data),
            )
            .await
            .map_err(store_err)?;
        Ok(())
    }

    pub async fn get(&self, jurisdiction: &str, sha256: &str) -> Result<Bytes> {
        let r = self
            .store
            .get(&self.key(jurisdiction, sha256))
            .await
            .map_err(store_err)?;
        r.bytes().await.map_err(store_err)
    }
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A photo that passed the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub content_type: &'static str,
    pub width: u64,
    pub height: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("the image is {width}×{height} pixels, more than {MAX_IMAGE_PIXELS}")]
    TooLarge { width: u64, height: u64 },
}

/// Checks the header only (never decodes): JPEG, PNG or WebP whose declared size is
/// within [`MAX_IMAGE_PIXELS`]. A decompression bomb (a tiny file declaring huge
/// dimensions) is refused before anything would decode it.
pub fn check_image(data: &[u8]) -> std::result::Result<ImageInfo, ImageError> {
    use imagesize::ImageType;
    let content_type = match imagesize::image_type(data) {
        Ok(ImageType::Jpeg) => "image/jpeg",
        Ok(ImageType::Png) => "image/png",
        Ok(ImageType::Webp) => "image/webp",
        _ => return Err(ImageError::NotAnImage),
    };
    let size = imagesize::blob_size(data).map_err(|_| ImageError::NotAnImage)?;
    let (width, height) = (size.width as u64, size.height as u64);
    if width == 0 || height == 0 {
        return Err(ImageError::NotAnImage);
    }
    if width.saturating_mul(height) > MAX_IMAGE_PIXELS {
        return Err(ImageError::TooLarge { width, height });
    }
    Ok(ImageInfo {
        content_type,
        width,
        height,
    })
}

/// Test images built by hand (no image encoder needed): a valid PNG header with the
/// given dimensions and no real pixel data beyond one IDAT chunk.
pub fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = crc32(kind);
        crc = crc32_update(crc, data);
        out.extend_from_slice(&(!crc).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    crc32_update(0xffff_ffff, data)
}

fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_checked_by_header() {
        let ok = check_image(&png_header(1200, 900)).unwrap();
        assert_eq!(
            (ok.content_type, ok.width, ok.height),
            ("image/png", 1200, 900)
        );
        assert_eq!(
            check_image(&png_header(100_000, 100_000)),
            Err(ImageError::TooLarge {
                width: 100_000,
                height: 100_000
            })
        );
        assert_eq!(check_image(b"%PDF-1.4 hello"), Err(ImageError::NotAnImage));
        assert_eq!(check_image(b""), Err(ImageError::NotAnImage));
        // A GIF is an image, but not one devices send.
        assert_eq!(
            check_image(b"GIF89a\x01\x00\x01\x00\x00\x00\x00"),
            Err(ImageError::NotAnImage)
        );
    }

    #[test]
    fn hashes_are_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[tokio::test]
    async fn local_store_round_trips_under_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let s = BlobStore::open(None, Some(dir.path())).unwrap();
        s.put("pati", "abc", Bytes::from_static(b"hello"))
            .await
            .unwrap();
        assert_eq!(&s.get("pati", "abc").await.unwrap()[..], b"hello");
        assert!(dir.path().join("blobs/pati/abc").is_file());
        assert!(s.get("pekalongan", "abc").await.is_err());
        assert!(BlobStore::open(Some("ftp://x"), None).is_err());
    }
}
