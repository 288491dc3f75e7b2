//! What the shells read: content resolved into one language, ready to show.
//!
//! These are the core's public view types. They derive UniFFI records only behind
//! the `uniffi` feature, so the desktop shell links the core without UniFFI.

use serde::Serialize;

/// The resident's chosen language for content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Language {
    #[default]
    Id,
    En,
    Jv,
}

impl From<Language> for pati_protocol::Lang {
    fn from(l: Language) -> Self {
        match l {
            Language::Id => pati_protocol::Lang::Id,
            Language::En => pati_protocol::Lang::En,
            Language::Jv => pati_protocol::Lang::Jv,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LinkView {
    pub kind: String,
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct JurisdictionView {
    pub id: String,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub tagline: Option<String>,
    pub primary_color: Option<String>,
    pub website: Option<String>,
    pub social: Vec<LinkView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AgencyView {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub description: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CategoryView {
    pub id: String,
    pub name: String,
    pub icon: String,
    pub service_count: u32,
}

/// A service in a list: enough for a row or a tile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ServiceSummary {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub category_id: String,
    pub agency_id: String,
    pub agency_name: String,
    pub featured: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LocationView {
    pub name: String,
    pub address: Option<String>,
    pub mpp_counter: Option<String>,
}

/// Everything a resident needs to use a service.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ServiceDetail {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub category_id: String,
    pub category_name: String,
    pub agency: AgencyView,
    pub requirements: Vec<String>,
    pub steps: Vec<String>,
    pub fee: String,
    pub duration: String,
    pub legal_basis: Vec<String>,
    pub locations: Vec<LocationView>,
    pub hours: String,
    pub contacts: Vec<LinkView>,
    pub online_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ComplaintCategoryView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub agency_id: String,
    pub agency_name: String,
    pub icon: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewsView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// RFC 3339, as published.
    pub published_at: String,
    pub category: String,
    pub links: Vec<LinkView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct KecamatanView {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DesaView {
    pub code: String,
    pub kecamatan_code: String,
    pub name: String,
    /// `desa` or `kelurahan`.
    pub kind: String,
}

/// How fresh the local content is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ContentStatus {
    pub jurisdiction: String,
    pub services: u32,
    pub news: u32,
    /// Unix seconds of the last successful content sync, if any.
    pub last_sync_at: Option<i64>,
}

/// What one content sync did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ContentSyncReport {
    /// Changes applied (upserts and removals).
    pub applied: u32,
    pub removed: u32,
    /// Pull requests made.
    pub pages: u32,
    /// The server asked for a full re-download.
    pub reset: bool,
}
