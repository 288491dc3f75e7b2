//! Resumable photo uploads (tus-like): `HEAD`, `POST` and `PATCH` on
//! `/api/v1/{j}/blobs/{sha256}`. Partial uploads are staged in storage, so they
//! survive restarts and any replica can continue them. When the last byte arrives
//! the hash and the image header are checked, then the photo goes to the blob store.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use pati_protocol::limits::{MAX_PHOTO_BYTES, UPLOAD_CHUNK_BYTES};
use pati_protocol::{is_sha256_hex, UPLOAD_LENGTH_HEADER, UPLOAD_OFFSET_HEADER};

use super::auth::{read_body, Device};
use crate::blobs::{check_image, sha256_hex, ImageError};
use crate::error::{Error, Result};
use crate::storage::{BlobInfo, UploadState};
use crate::AppState;

fn check_hash(sha: &str) -> Result<()> {
    if is_sha256_hex(sha) {
        Ok(())
    } else {
        Err(Error::bad_request(
            "invalid_hash",
            "the blob name must be a lowercase hex SHA-256",
        ))
    }
}

fn header_i64(h: &HeaderMap, name: &str) -> Result<i64> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|v| *v >= 0)
        .ok_or_else(|| {
            Error::bad_request(
                "invalid_header",
                format!("{name} must be a non-negative number"),
            )
        })
}

fn answer(status: StatusCode, offset: i64, length: i64) -> Response {
    let mut r = status.into_response();
    let h = r.headers_mut();
    h.insert(UPLOAD_OFFSET_HEADER, HeaderValue::from(offset));
    h.insert(UPLOAD_LENGTH_HEADER, HeaderValue::from(length));
    h.insert("cache-control", HeaderValue::from_static("no-store"));
    r
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Checks a fully staged upload and moves it to the blob store. Idempotent, and safe
/// to run twice at once: also run by HEAD/POST when a previous attempt stopped after
/// the last chunk.
async fn finish(state: &AppState, j: &str, sha: &str, length: i64) -> Result<()> {
    let data = state.storage.upload_bytes(j, sha).await?;
    let refuse = |code: &'static str, message: String| {
        Error::api(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    };
    let failure = if data.len() as i64 != length || sha256_hex(&data) != sha {
        Some(refuse(
            "hash_mismatch",
            "the uploaded bytes do not have the SHA-256 they were named by; upload again".into(),
        ))
    } else {
        match check_image(&data) {
            Err(e @ ImageError::NotAnImage) => Some(refuse("not_an_image", e.to_string())),
            Err(e @ ImageError::TooLarge { .. }) => Some(refuse("image_too_large", e.to_string())),
            Ok(img) => {
                state.blobs.put(j, sha, Bytes::from(data)).await?;
                state
                    .storage
                    .blob_complete(BlobInfo {
                        jurisdiction: j.to_owned(),
                        sha256: sha.to_owned(),
                        length,
                        content_type: img.content_type.to_owned(),
                        width: img.width as i64,
                        height: img.height as i64,
                        created_at: now(),
                    })
                    .await?;
                tracing::info!(
                    jurisdiction = j,
                    sha256 = sha,
                    bytes = length,
                    "photo stored"
                );
                None
            }
        }
    };
    match failure {
        Some(e) => {
            // Another request that found the same staged upload (a duplicate, or the
            // device's HEAD after it gave up waiting) may have finished it while we
            // read: its commit stores the blob and unstages the bytes at once. The
            // photo is there, so this request answers as the other did.
            if let UploadState::Complete { .. } = state.storage.upload_state(j, sha).await? {
                return Ok(());
            }
            state.storage.upload_discard(j, sha).await?;
            tracing::warn!(
                jurisdiction = j,
                sha256 = sha,
                code = e.code(),
                "upload refused"
            );
            Err(e)
        }
        None => Ok(()),
    }
}

/// `HEAD`: 200 with `Upload-Offset`/`Upload-Length`, or 404 when unknown.
pub async fn head(
    State(state): State<AppState>,
    device: Device,
    Path((_, sha)): Path<(String, String)>,
) -> Result<Response> {
    check_hash(&sha)?;
    let j = &device.jurisdiction;
    match state.storage.upload_state(j, &sha).await? {
        UploadState::Missing => Ok(StatusCode::NOT_FOUND.into_response()),
        UploadState::Complete { length } => Ok(answer(StatusCode::OK, length, length)),
        UploadState::Partial { length, offset } if offset == length => {
            finish(&state, j, &sha, length).await?;
            Ok(answer(StatusCode::OK, length, length))
        }
        UploadState::Partial { length, offset } => Ok(answer(StatusCode::OK, offset, length)),
    }
}

/// `POST` with `Upload-Length`: starts (or finds) the upload. 201 either way.
pub async fn create(
    State(state): State<AppState>,
    device: Device,
    Path((_, sha)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    check_hash(&sha)?;
    let length = header_i64(&headers, UPLOAD_LENGTH_HEADER)?;
    if length == 0 || length > MAX_PHOTO_BYTES as i64 {
        return Err(Error::api(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("a photo has 1 to {MAX_PHOTO_BYTES} bytes"),
        ));
    }
    let j = &device.jurisdiction;
    match state
        .storage
        .upload_create(j, &sha, length, &device.client_id, now())
        .await?
    {
        UploadState::Complete { length } => Ok(answer(StatusCode::CREATED, length, length)),
        UploadState::Partial { length, offset } if offset == length => {
            finish(&state, j, &sha, length).await?;
            Ok(answer(StatusCode::CREATED, length, length))
        }
        UploadState::Partial { length, offset } => Ok(answer(StatusCode::CREATED, offset, length)),
        UploadState::Missing => Err(Error::NotFound(format!("upload {sha}"))),
    }
}

/// `PATCH` with `Upload-Offset` and a chunk of at most `UPLOAD_CHUNK_BYTES`: 204
/// with the new offset; 409 `offset_mismatch` with the server's offset.
pub async fn patch(
    State(state): State<AppState>,
    device: Device,
    Path((_, sha)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response> {
    check_hash(&sha)?;
    let offset = header_i64(&headers, UPLOAD_OFFSET_HEADER)?;
    let chunk = read_body(body, UPLOAD_CHUNK_BYTES).await?;
    let j = &device.jurisdiction;
    let appended = state
        .storage
        .upload_append(j, &sha, offset, chunk.to_vec(), now())
        .await?;
    crate::metrics::record_upload(j, chunk.len());
    match appended {
        UploadState::Partial { length, offset } if offset == length => {
            finish(&state, j, &sha, length).await?;
            Ok(answer(StatusCode::NO_CONTENT, length, length))
        }
        UploadState::Partial { length, offset } => {
            Ok(answer(StatusCode::NO_CONTENT, offset, length))
        }
        UploadState::Complete { length } => Ok(answer(StatusCode::NO_CONTENT, length, length)),
        UploadState::Missing => Err(Error::NotFound(format!("upload {sha}"))),
    }
}
