//! What Open311 clients receive: the GeoReport v2 documents in JSON and XML, and
//! its error list (`[{code, description}]` / `<errors><error>…`).
//!
//! Every document is one serde type. JSON is an array of records (or an object
//! for discovery); XML wraps the same records in the spec's root and element names
//! and is written by quick-xml's serde serializer, never by string concatenation.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// `.json` or `.xml`, from the resource's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// Splits `requests.json` into `("requests", Json)`. `None` for any other
    /// extension or none at all.
    pub fn split(resource: &str) -> Option<(&str, Format)> {
        let (name, ext) = resource.rsplit_once('.')?;
        let format = match ext {
            "json" => Format::Json,
            "xml" => Format::Xml,
            _ => return None,
        };
        (!name.is_empty()).then_some((name, format))
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }
}

/// A GeoReport error: its HTTP status and the text clients show or log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {description}")]
pub struct Open311Error {
    pub status: StatusCode,
    pub description: String,
}

impl Open311Error {
    pub fn bad_request(description: impl Into<String>) -> Open311Error {
        Open311Error {
            status: StatusCode::BAD_REQUEST,
            description: description.into(),
        }
    }

    pub fn forbidden(description: impl Into<String>) -> Open311Error {
        Open311Error {
            status: StatusCode::FORBIDDEN,
            description: description.into(),
        }
    }

    pub fn not_found(description: impl Into<String>) -> Open311Error {
        Open311Error {
            status: StatusCode::NOT_FOUND,
            description: description.into(),
        }
    }

    pub fn too_many(description: impl Into<String>) -> Open311Error {
        Open311Error {
            status: StatusCode::TOO_MANY_REQUESTS,
            description: description.into(),
        }
    }
}

impl From<crate::error::Error> for Open311Error {
    fn from(e: crate::error::Error) -> Self {
        let status = e.status();
        let description = if status.is_server_error() {
            tracing::error!(error = %e, "open311 request failed");
            "the server could not complete the request; try again later".to_owned()
        } else {
            e.to_string()
        };
        Open311Error {
            status,
            description,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ErrorItem {
    pub code: u16,
    pub description: String,
}

#[derive(Serialize)]
struct XmlErrors<'a> {
    error: &'a [ErrorItem],
}

/// An error answered in the format the client asked for.
pub fn error_response(format: Format, e: &Open311Error) -> Response {
    let items = [ErrorItem {
        code: e.status.as_u16(),
        description: e.description.clone(),
    }];
    let body = match format {
        Format::Json => serde_json::to_string(&items).map_err(|e| e.to_string()),
        Format::Xml => xml("errors", &XmlErrors { error: &items }),
    };
    finish(format, e.status, body)
}

/// A document in `format`: `json` as it is, or `xml_root` wrapping `xml_value`.
pub fn document<J: Serialize, X: Serialize>(
    format: Format,
    status: StatusCode,
    json: &J,
    xml_root: &str,
    xml_value: &X,
) -> Response {
    let body = match format {
        Format::Json => serde_json::to_string(json).map_err(|e| e.to_string()),
        Format::Xml => xml(xml_root, xml_value),
    };
    finish(format, status, body)
}

fn xml<T: Serialize>(root: &str, value: &T) -> Result<String, String> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let body = quick_xml::se::to_string_with_root(root, value).map_err(|e| e.to_string())?;
    out.push_str(&body);
    Ok(out)
}

fn finish(format: Format, status: StatusCode, body: Result<String, String>) -> Response {
    match body {
        Ok(body) => {
            let mut r = (status, body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            );
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "open311 document could not be serialized");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

// ------------------------------------------------------------------ documents

/// One service (a complaint category).
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

#[derive(Serialize)]
pub struct XmlServices<'a> {
    pub service: &'a [Service],
}

/// One service request as `GET requests` answers it. Contact details never appear.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceRequest {
    pub service_request_id: String,
    pub status: &'static str,
    pub status_notes: String,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_datetime: Option<String>,
    pub address: String,
    pub address_id: String,
    pub zipcode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(rename = "long", skip_serializing_if = "Option::is_none")]
    pub long: Option<f64>,
    pub media_url: String,
}

#[derive(Serialize)]
pub struct XmlRequests<'a, T> {
    pub request: &'a [T],
}

/// The answer to `POST requests`.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub service_request_id: String,
    /// The complaint's id; `tokens/{token}` answers with the request id.
    pub token: String,
    pub service_notice: String,
    pub account_id: String,
}

/// The answer to `tokens/{token}`.
#[derive(Debug, Clone, Serialize)]
pub struct TokenAnswer {
    pub service_request_id: String,
    pub token: String,
}

/// One entry of `servicerequestupdates`.
#[derive(Debug, Clone, Serialize)]
pub struct RequestUpdate {
    pub update_id: String,
    pub service_request_id: String,
    pub status: &'static str,
    pub updated_datetime: String,
    pub description: String,
    pub media_url: String,
}

#[derive(Serialize)]
pub struct XmlUpdates<'a> {
    pub request_update: &'a [RequestUpdate],
}

/// `discovery.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Discovery {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub formats: Vec<String>,
}

/// `discovery.xml`: the same fields, lists wrapped in their XML elements.
#[derive(Serialize)]
pub struct XmlDiscovery<'a> {
    pub changeset: &'a str,
    pub contact: &'a str,
    pub key_service: &'a str,
    pub endpoints: XmlEndpoints<'a>,
}

#[derive(Serialize)]
pub struct XmlEndpoints<'a> {
    pub endpoint: Vec<XmlEndpoint<'a>>,
}

#[derive(Serialize)]
pub struct XmlEndpoint<'a> {
    pub specification: &'a str,
    pub url: &'a str,
    pub changeset: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub formats: XmlFormats<'a>,
}

#[derive(Serialize)]
pub struct XmlFormats<'a> {
    pub format: &'a [String],
}

impl Discovery {
    pub fn xml(&self) -> XmlDiscovery<'_> {
        XmlDiscovery {
            changeset: &self.changeset,
            contact: &self.contact,
            key_service: &self.key_service,
            endpoints: XmlEndpoints {
                endpoint: self
                    .endpoints
                    .iter()
                    .map(|e| XmlEndpoint {
                        specification: &e.specification,
                        url: &e.url,
                        changeset: &e.changeset,
                        kind: &e.kind,
                        formats: XmlFormats { format: &e.formats },
                    })
                    .collect(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_pick_the_format() {
        assert_eq!(
            Format::split("requests.json"),
            Some(("requests", Format::Json))
        );
        assert_eq!(
            Format::split("PATI-2026-000001.xml"),
            Some(("PATI-2026-000001", Format::Xml))
        );
        assert_eq!(Format::split("requests"), None);
        assert_eq!(Format::split("requests.csv"), None);
        assert_eq!(Format::split(".json"), None);
    }

    #[test]
    fn xml_lists_use_the_spec_element_names() {
        let s = Service {
            service_code: "jalan-rusak".into(),
            service_name: "Jalan rusak & berlubang".into(),
            description: "<b>".into(),
            metadata: false,
            kind: "realtime",
            keywords: "dputr".into(),
            group: "DPUTR".into(),
        };
        let out = xml(
            "services",
            &XmlServices {
                service: &[s.clone(), s],
            },
        )
        .unwrap();
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<services><service>"));
        assert_eq!(out.matches("<service>").count(), 2);
        assert!(out.contains("<metadata>false</metadata><type>realtime</type>"));
        assert!(out.contains("Jalan rusak &amp; berlubang"));
        assert!(out.contains("&lt;b&gt;"));
    }
}
