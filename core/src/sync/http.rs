//! A small HTTP layer over reqwest that turns every failure into a typed [`Error`]
//! and refuses bodies larger than the protocol allows.

use std::time::Duration;

use pati_protocol::{ApiErrorBody, PROTOCOL_HEADER, PROTOCOL_VERSION};

use crate::error::{Error, Result};

#[derive(Clone)]
#[doc(hidden)]
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

    /// Sends one request and returns the answer whatever its status, so callers can
    /// act on 401, 404, 409, 429 and 503 themselves. Only transport failures,
    /// protocol mismatches and oversized bodies are errors here.
    pub async fn send(&self, req: Request) -> Result<Reply> {
        let url = format!("{}{}", self.base, req.path);
        let mut builder = self
            .client
            .request(req.method, &url)
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
        if let Some(token) = &req.bearer {
            builder = builder.bearer_auth(token);
        }
        for (name, value) in &req.headers {
            builder = builder.header(*name, value.as_str());
        }
        if let Some((content_type, body)) = req.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body);
        }
        let resp = builder
            .send()
            .await
            .map_err(|e| Error::Network(e.without_url().to_string()))?;
        check_protocol(&resp)?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let retry_after = header("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
        let upload_offset = header(pati_protocol::UPLOAD_OFFSET_HEADER);
        let upload_length = header(pati_protocol::UPLOAD_LENGTH_HEADER);
        let body = read_limited(resp, req.max_bytes).await?;
        Ok(Reply {
            status,
            retry_after,
            upload_offset,
            upload_length,
            body,
        })
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

/// One request for [`Http::send`].
pub struct Request {
    pub method: reqwest::Method,
    /// Path and query, starting with `/`.
    pub path: String,
    pub bearer: Option<String>,
    pub headers: Vec<(&'static str, String)>,
    /// Content type and bytes.
    pub body: Option<(&'static str, Vec<u8>)>,
    pub max_bytes: usize,
}

impl Request {
    pub fn new(method: reqwest::Method, path: String) -> Self {
        Request {
            method,
            path,
            bearer: None,
            headers: Vec::new(),
            body: None,
            max_bytes: 64 * 1024,
        }
    }

    pub fn max_bytes(mut self, n: usize) -> Self {
        self.max_bytes = n;
        self
    }

    pub fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn json<T: serde::Serialize>(mut self, value: &T) -> Result<Self> {
        let body = serde_json::to_vec(value).map_err(|e| Error::InvalidInput(e.to_string()))?;
        self.body = Some(("application/json", body));
        Ok(self)
    }
}

/// An HTTP answer of any status.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// `Retry-After` in seconds (429/503).
    pub retry_after: Option<u64>,
    pub upload_offset: Option<String>,
    pub upload_length: Option<String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The server's error code (`{"error": ...}`), if the body has one.
    pub fn error_code(&self) -> Option<String> {
        serde_json::from_slice::<ApiErrorBody>(&self.body)
            .ok()
            .map(|b| b.error)
    }

    /// This (failed) answer as a typed error.
    pub fn error(&self) -> Error {
        let parsed: Option<ApiErrorBody> = serde_json::from_slice(&self.body).ok();
        let (code, message) = parsed.map(|b| (b.error, b.message)).unwrap_or_else(|| {
            let reason = reqwest::StatusCode::from_u16(self.status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("");
            ("http".into(), reason.into())
        });
        if self.status == 401 {
            return Error::Unauthorized(format!("{code}: {message}"));
        }
        Error::Server {
            status: self.status,
            code,
            message: message.chars().take(300).collect(),
        }
    }

    /// Parses a successful JSON body.
    pub fn parse<T: serde::de::DeserializeOwned>(&self, what: &str) -> Result<T> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Error::InvalidResponse(format!("{what}: {e}")))
    }
}

/// Percent-encodes a query value (cursors are opaque and may hold anything).
pub(crate) fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
