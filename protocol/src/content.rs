//! Server-owned content: the shape of a content pack on disk (`content/<jurisdiction>/`)
//! and of content items on the wire. The same structs serve both, so what Diskominfo
//! publishes is exactly what devices receive.

use serde::{Deserialize, Serialize};

/// A user-facing language. Bahasa Indonesia is the default and always present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
    Jv,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
            Lang::Jv => "jv",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            "jv" => Some(Lang::Jv),
            _ => None,
        }
    }
}

/// Text in Bahasa Indonesia with optional English and Basa Jawa versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Localized {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jv: Option<String>,
}

impl Localized {
    /// The text in `lang`, falling back to Indonesian, which is always present.
    pub fn get(&self, lang: Lang) -> &str {
        let wanted = match lang {
            Lang::Id => None,
            Lang::En => self.en.as_deref(),
            Lang::Jv => self.jv.as_deref(),
        };
        wanted.unwrap_or(&self.id)
    }

    /// Every language version present, Indonesian first (for search indexing).
    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str())
            .chain(self.en.as_deref())
            .chain(self.jv.as_deref())
    }
}

/// A link to a web page, channel or contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub kind: String,
    pub label: Localized,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jurisdiction {
    pub id: String,
    pub code: String,
    pub name: Localized,
    pub short_name: String,
    pub timezone: String,
    #[serde(default)]
    pub tagline: Option<Localized>,
    #[serde(default)]
    pub primary_color: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub social: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub id: String,
    pub name: Localized,
    pub short_name: String,
    pub kind: String,
    #[serde(default)]
    pub description: Option<Localized>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCategory {
    pub id: String,
    pub name: Localized,
    pub icon: String,
    pub order: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLocation {
    pub name: Localized,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub mpp_counter: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: String,
    pub category: String,
    pub agency: String,
    pub name: Localized,
    pub summary: Localized,
    #[serde(default)]
    pub requirements: Vec<Localized>,
    #[serde(default)]
    pub steps: Vec<Localized>,
    pub fee: Localized,
    pub duration: Localized,
    #[serde(default)]
    pub legal_basis: Vec<String>,
    #[serde(default)]
    pub locations: Vec<ServiceLocation>,
    pub hours: Localized,
    #[serde(default)]
    pub contacts: Vec<Link>,
    #[serde(default)]
    pub online_url: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub featured_order: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintCategory {
    pub id: String,
    pub name: Localized,
    pub description: Localized,
    /// The agency complaints of this category are routed to.
    pub agency: String,
    pub icon: String,
    pub order: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsItem {
    pub id: String,
    pub title: Localized,
    pub summary: Localized,
    pub body: Localized,
    /// RFC 3339 with offset, e.g. `2026-10-01T08:00:00+07:00`.
    pub published_at: String,
    pub category: String,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub image: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kecamatan {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desa {
    pub code: String,
    pub kecamatan: String,
    pub name: String,
    /// `desa` or `kelurahan`.
    pub kind: String,
}

/// A group of search terms that mean the same thing (KTP = e-KTP = KTP-el ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynonymGroup {
    pub terms: Vec<String>,
}

/// One public holiday, used by the server's working-day SLA clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: String,
    pub name: String,
}

/// Kinds of content item that sync to devices, with their wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    Jurisdiction,
    Agency,
    ServiceCategory,
    Service,
    ComplaintCategory,
    News,
    Kecamatan,
    Desa,
    SynonymGroup,
}

impl ContentKind {
    pub const ALL: [ContentKind; 9] = [
        ContentKind::Jurisdiction,
        ContentKind::Agency,
        ContentKind::ServiceCategory,
        ContentKind::Service,
        ContentKind::ComplaintCategory,
        ContentKind::News,
        ContentKind::Kecamatan,
        ContentKind::Desa,
        ContentKind::SynonymGroup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContentKind::Jurisdiction => "jurisdiction",
            ContentKind::Agency => "agency",
            ContentKind::ServiceCategory => "service_category",
            ContentKind::Service => "service",
            ContentKind::ComplaintCategory => "complaint_category",
            ContentKind::News => "news",
            ContentKind::Kecamatan => "kecamatan",
            ContentKind::Desa => "desa",
            ContentKind::SynonymGroup => "synonym_group",
        }
    }

    pub fn parse(s: &str) -> Option<ContentKind> {
        ContentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A typed content item, as stored and as sent in a pull.
// Items live briefly (parsed, then stored as JSON); boxing the large Service variant
// would add an allocation per item for no measurable gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum ContentItem {
    Jurisdiction(Jurisdiction),
    Agency(Agency),
    ServiceCategory(ServiceCategory),
    Service(Service),
    ComplaintCategory(ComplaintCategory),
    News(NewsItem),
    Kecamatan(Kecamatan),
    Desa(Desa),
    SynonymGroup(SynonymGroup),
}

impl ContentItem {
    pub fn kind(&self) -> ContentKind {
        match self {
            ContentItem::Jurisdiction(_) => ContentKind::Jurisdiction,
            ContentItem::Agency(_) => ContentKind::Agency,
            ContentItem::ServiceCategory(_) => ContentKind::ServiceCategory,
            ContentItem::Service(_) => ContentKind::Service,
            ContentItem::ComplaintCategory(_) => ContentKind::ComplaintCategory,
            ContentItem::News(_) => ContentKind::News,
            ContentItem::Kecamatan(_) => ContentKind::Kecamatan,
            ContentItem::Desa(_) => ContentKind::Desa,
            ContentItem::SynonymGroup(_) => ContentKind::SynonymGroup,
        }
    }

    /// The item's identity within its kind and jurisdiction.
    pub fn key(&self) -> String {
        match self {
            ContentItem::Jurisdiction(j) => j.id.clone(),
            ContentItem::Agency(a) => a.id.clone(),
            ContentItem::ServiceCategory(c) => c.id.clone(),
            ContentItem::Service(s) => s.id.clone(),
            ContentItem::ComplaintCategory(c) => c.id.clone(),
            ContentItem::News(n) => n.id.clone(),
            ContentItem::Kecamatan(k) => k.code.clone(),
            ContentItem::Desa(d) => d.code.clone(),
            // Synonym groups have no natural id; the first term names the group.
            ContentItem::SynonymGroup(g) => g.terms.first().cloned().unwrap_or_default(),
        }
    }
}
