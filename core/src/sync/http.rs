//! A small HTTP layer over reqwest that turns every failure into a typed [`Error`]
//! and refuses bodies larger than the protocol allows.

use std::time::Duration;

use pati_protocol::{ApiErrorBody, PROTOCOL_HEADER, PROTOCOL_VERSION};

use crate::error::{Error, Result};

#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    base: String,
}

impl Http {
    pub fn new(base_url: &str) -> Result<Http> {
        let base = base_url.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(Error::InvalidInput(format!(
                "server URL must be http(s): {base_url}"
            )));
        }
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("pati-core/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Network(e.to_string()))?;
        Ok(Http { client, base })
    }

    /// GETs `path` and returns the (decompressed) body, at most `max_bytes` long.
    pub async fn get(&self, path: &str, max_bytes: usize) -> Result<Vec<u8>> {
        let url = format!("{}{}", self.base, path);
        let resp = self
            .client
            .get(&url)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .send()
            .await
            .map_err(|e| Error::Network(e.without_url().to_string()))?;
        check_protocol(&resp)?;
        let status = resp.status();
        let body = read_limited(resp, max_bytes).await?;
        if !status.is_success() {
            let parsed: Option<ApiErrorBody> = serde_json::from_slice(&body).ok();
            let (code, message) = parsed.map(|b| (b.error, b.message)).unwrap_or_else(|| {
                (
                    "http".into(),
                    status.canonical_reason().unwrap_or("").into(),
                )
            });
            return Err(Error::Server {
                status: status.as_u16(),
                code,
                message,
            });
        }
        Ok(body)
    }
}

/// A server newer than us says so in its header; we refuse to guess its format.
fn check_protocol(resp: &reqwest::Response) -> Result<()> {
    if let Some(v) = resp.headers().get(PROTOCOL_HEADER) {
        let server: u32 = v
            .to_str()
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| Error::InvalidResponse("bad protocol header".into()))?;
        if server > PROTOCOL_VERSION {
            return Err(Error::ProtocolTooNew {
                server,
                ours: PROTOCOL_VERSION,
            });
        }
    }
    Ok(())
}

async fn read_limited(mut resp: reqwest::Response, max_bytes: usize) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > max_bytes {
                    return Err(Error::InvalidResponse(format!(
                        "response larger than {max_bytes} bytes"
                    )));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            // A body cut short (connection dropped, bad compression) is a network
            // failure: retrying later can succeed.
            Err(e) => return Err(Error::Network(e.without_url().to_string())),
        }
    }
}
