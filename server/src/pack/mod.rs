//! Content packs: the folder Diskominfo edits (`content/<jurisdiction>/*.json`),
//! loaded and validated as a whole. A bad pack is refused entirely, with an error
//! naming the file, the item and the field, so nothing half-valid is published.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use pati_protocol::limits::{MAX_ID_CHARS, MAX_TEXT_CHARS};
use pati_protocol::*;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Why a pack was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("content pack {file}: {item}: {field}: {problem}")]
pub struct PackError {
    pub file: String,
    /// The item's id (or index) within the file; `-` for the file as a whole.
    pub item: String,
    /// The field path, e.g. `steps[2].id`; `-` when not about one field.
    pub field: String,
    pub problem: String,
}

/// A validated pack, ready to publish.
#[derive(Debug, Clone)]
pub struct Pack {
    pub jurisdiction: Jurisdiction,
    pub agencies: Vec<Agency>,
    pub service_categories: Vec<ServiceCategory>,
    pub services: Vec<Service>,
    pub complaint_categories: Vec<ComplaintCategory>,
    pub news: Vec<NewsItem>,
    pub synonyms: Vec<SynonymGroup>,
    pub holidays: Vec<Holiday>,
    pub areas: Areas,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Areas {
    pub source: String,
    pub kecamatan: Vec<Kecamatan>,
    pub desa: Vec<Desa>,
}

impl Pack {
    /// Every item that syncs to devices.
    pub fn items(&self) -> Vec<ContentItem> {
        let mut items = vec![ContentItem::Jurisdiction(self.jurisdiction.clone())];
        items.extend(self.agencies.iter().cloned().map(ContentItem::Agency));
        items.extend(self.service_categories.iter().cloned().map(ContentItem::ServiceCategory));
        items.extend(self.services.iter().cloned().map(ContentItem::Service));
        items.extend(self.complaint_categories.iter().cloned().map(ContentItem::ComplaintCategory));
        items.extend(self.news.iter().cloned().map(ContentItem::News));
        items.extend(self.areas.kecamatan.iter().cloned().map(ContentItem::Kecamatan));
        items.extend(self.areas.desa.iter().cloned().map(ContentItem::Desa));
        items.extend(self.synonyms.iter().cloned().map(ContentItem::SynonymGroup));
        items
    }
}

/// Loads every pack folder (one holding `jurisdiction.json`) directly under `root`.
pub fn load_all(root: &Path) -> Result<Vec<Pack>, PackError> {
    let entries = std::fs::read_dir(root).map_err(|e| whole(root, format!("cannot read folder: {e}")))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("jurisdiction.json").is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(whole(root, "no pack folders (with jurisdiction.json) found".into()));
    }
    let packs = dirs.iter().map(|d| load(d)).collect::<Result<Vec<_>, _>>()?;
    let mut ids = HashSet::new();
    for p in &packs {
        if !ids.insert(p.jurisdiction.id.clone()) {
            return Err(whole(root, format!("jurisdiction {:?} appears twice", p.jurisdiction.id)));
        }
    }
    Ok(packs)
}

fn whole(path: &Path, problem: String) -> PackError {
    PackError {
        file: path.display().to_string(),
        item: "-".into(),
        field: "-".into(),
        problem,
    }
}

/// Loads and validates one pack folder.
pub fn load(dir: &Path) -> Result<Pack, PackError> {
    let synonyms: Vec<Vec<String>> = read(dir, "synonyms.json")?;
    let pack = Pack {
        jurisdiction: read(dir, "jurisdiction.json")?,
        agencies: read(dir, "agencies.json")?,
        service_categories: read(dir, "service_categories.json")?,
        services: read(dir, "services.json")?,
        complaint_categories: read(dir, "complaint_categories.json")?,
        news: read(dir, "news.json")?,
        synonyms: synonyms.into_iter().map(|terms| SynonymGroup { terms }).collect(),
        holidays: read(dir, "holidays.json")?,
        areas: read(dir, "areas.json")?,
    };
    validate(&pack)?;
    Ok(pack)
}

/// Parses one file; a type error names the item (by index) and the field path.
fn read<T: DeserializeOwned>(dir: &Path, file: &str) -> Result<T, PackError> {
    let path = dir.join(file);
    let bytes = std::fs::read(&path).map_err(|e| whole(&path, format!("cannot read: {e}")))?;
    let de = &mut serde_json::Deserializer::from_slice(&bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path_str = e.path().to_string();
        // "[12].fee.id" -> item "[12]", field "fee.id"
        let (item, field) = match path_str.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((idx, rest)) => (format!("[{idx}]"), rest.trim_start_matches('.').to_owned()),
            None => ("-".to_owned(), path_str.clone()),
        };
        PackError {
            file: path.display().to_string(),
            item,
            field: if field.is_empty() { "-".into() } else { field },
            problem: e.inner().to_string(),
        }
    })
}

/// Collects the first problem found, with where it is.
struct Checker<'a> {
    dir_name: &'a str,
}

impl Checker<'_> {
    fn fail(&self, file: &str, item: &str, field: &str, problem: impl Into<String>) -> PackError {
        PackError {
            file: format!("{}/{}", self.dir_name, file),
            item: item.to_owned(),
            field: field.to_owned(),
            problem: problem.into(),
        }
    }

    fn slug(&self, file: &str, id: &str, field: &str) -> Result<(), PackError> {
        let ok = !id.is_empty()
            && id.chars().count() <= MAX_ID_CHARS
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if ok {
            Ok(())
        } else {
            Err(self.fail(file, id, field, "must be a lowercase slug of a-z, 0-9 and -"))
        }
    }

    fn text(&self, file: &str, id: &str, field: &str, s: &str) -> Result<(), PackError> {
        if s.trim().is_empty() {
            return Err(self.fail(file, id, field, "must not be empty"));
        }
        if s.chars().count() > MAX_TEXT_CHARS {
            return Err(self.fail(file, id, field, format!("longer than {MAX_TEXT_CHARS} characters")));
        }
        Ok(())
    }

    fn localized(&self, file: &str, id: &str, field: &str, l: &Localized) -> Result<(), PackError> {
        self.text(file, id, &format!("{field}.id"), &l.id)?;
        if let Some(en) = &l.en {
            self.text(file, id, &format!("{field}.en"), en)?;
        }
        if let Some(jv) = &l.jv {
            self.text(file, id, &format!("{field}.jv"), jv)?;
        }
        Ok(())
    }

    fn url(&self, file: &str, id: &str, field: &str, u: &str) -> Result<(), PackError> {
        let ok = u.starts_with("https://")
            || u.starts_with("http://")
            || u.starts_with("tel:")
            || u.starts_with("mailto:");
        if ok && !u.contains(char::is_whitespace) {
            Ok(())
        } else {
            Err(self.fail(file, id, field, format!("not a usable URL: {u:?}")))
        }
    }

    fn links(&self, file: &str, id: &str, field: &str, links: &[Link]) -> Result<(), PackError> {
        for (i, l) in links.iter().enumerate() {
            self.text(file, id, &format!("{field}[{i}].kind"), &l.kind)?;
            self.localized(file, id, &format!("{field}[{i}].label"), &l.label)?;
            self.url(file, id, &format!("{field}[{i}].url"), &l.url)?;
        }
        Ok(())
    }

    fn unique<'x>(&self, file: &str, ids: impl Iterator<Item = &'x str>) -> Result<(), PackError> {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                return Err(self.fail(file, id, "id", "duplicate id"));
            }
        }
        Ok(())
    }
}

fn validate(p: &Pack) -> Result<(), PackError> {
    let c = Checker {
        dir_name: &p.jurisdiction.id,
    };
    let j = &p.jurisdiction;
    c.slug("jurisdiction.json", &j.id, "id")?;
    c.localized("jurisdiction.json", &j.id, "name", &j.name)?;
    c.text("jurisdiction.json", &j.id, "short_name", &j.short_name)?;
    c.links("jurisdiction.json", &j.id, "social", &j.social)?;

    c.unique("agencies.json", p.agencies.iter().map(|a| a.id.as_str()))?;
    for a in &p.agencies {
        c.slug("agencies.json", &a.id, "id")?;
        c.localized("agencies.json", &a.id, "name", &a.name)?;
        c.text("agencies.json", &a.id, "short_name", &a.short_name)?;
        if let Some(d) = &a.description {
            c.localized("agencies.json", &a.id, "description", d)?;
        }
        if let Some(w) = &a.website {
            c.url("agencies.json", &a.id, "website", w)?;
        }
    }
    let agencies: HashSet<&str> = p.agencies.iter().map(|a| a.id.as_str()).collect();

    c.unique("service_categories.json", p.service_categories.iter().map(|s| s.id.as_str()))?;
    for sc in &p.service_categories {
        c.slug("service_categories.json", &sc.id, "id")?;
        c.localized("service_categories.json", &sc.id, "name", &sc.name)?;
    }
    let categories: HashSet<&str> = p.service_categories.iter().map(|s| s.id.as_str()).collect();

    let f = "services.json";
    c.unique(f, p.services.iter().map(|s| s.id.as_str()))?;
    let mut featured = HashMap::new();
    for s in &p.services {
        c.slug(f, &s.id, "id")?;
        if !categories.contains(s.category.as_str()) {
            return Err(c.fail(f, &s.id, "category", format!("unknown service category {:?}", s.category)));
        }
        if !agencies.contains(s.agency.as_str()) {
            return Err(c.fail(f, &s.id, "agency", format!("unknown agency {:?}", s.agency)));
        }
        c.localized(f, &s.id, "name", &s.name)?;
        c.localized(f, &s.id, "summary", &s.summary)?;
        for (i, r) in s.requirements.iter().enumerate() {
            c.localized(f, &s.id, &format!("requirements[{i}]"), r)?;
        }
        if s.steps.is_empty() {
            return Err(c.fail(f, &s.id, "steps", "a service needs at least one step"));
        }
        for (i, r) in s.steps.iter().enumerate() {
            c.localized(f, &s.id, &format!("steps[{i}]"), r)?;
        }
        c.localized(f, &s.id, "fee", &s.fee)?;
        c.localized(f, &s.id, "duration", &s.duration)?;
        c.localized(f, &s.id, "hours", &s.hours)?;
        for (i, l) in s.locations.iter().enumerate() {
            c.localized(f, &s.id, &format!("locations[{i}].name"), &l.name)?;
        }
        c.links(f, &s.id, "contacts", &s.contacts)?;
        if let Some(u) = &s.online_url {
            c.url(f, &s.id, "online_url", u)?;
        }
        if let Some(order) = s.featured_order.filter(|_| s.featured) {
            if let Some(other) = featured.insert(order, &s.id) {
                return Err(c.fail(f, &s.id, "featured_order", format!("same order as {other}")));
            }
        }
    }

    let f = "complaint_categories.json";
    c.unique(f, p.complaint_categories.iter().map(|s| s.id.as_str()))?;
    for cc in &p.complaint_categories {
        c.slug(f, &cc.id, "id")?;
        c.localized(f, &cc.id, "name", &cc.name)?;
        c.localized(f, &cc.id, "description", &cc.description)?;
        if !agencies.contains(cc.agency.as_str()) {
            return Err(c.fail(f, &cc.id, "agency", format!("unknown agency {:?}", cc.agency)));
        }
    }

    let f = "news.json";
    c.unique(f, p.news.iter().map(|s| s.id.as_str()))?;
    for n in &p.news {
        c.slug(f, &n.id, "id")?;
        c.localized(f, &n.id, "title", &n.title)?;
        c.localized(f, &n.id, "summary", &n.summary)?;
        c.localized(f, &n.id, "body", &n.body)?;
        if chrono::DateTime::parse_from_rfc3339(&n.published_at).is_err() {
            return Err(c.fail(f, &n.id, "published_at", "not an RFC 3339 date-time with offset"));
        }
        c.links(f, &n.id, "links", &n.links)?;
    }

    let f = "synonyms.json";
    let mut firsts = HashSet::new();
    for (i, g) in p.synonyms.iter().enumerate() {
        let item = format!("[{i}]");
        if g.terms.len() < 2 {
            return Err(c.fail(f, &item, "-", "a synonym group needs at least two terms"));
        }
        for t in &g.terms {
            c.text(f, &item, "-", t)?;
            if t.to_lowercase() != *t {
                return Err(c.fail(f, &item, "-", format!("term {t:?} must be lowercase")));
            }
        }
        if !firsts.insert(g.terms[0].as_str()) {
            return Err(c.fail(f, &item, "-", format!("two groups start with {:?}", g.terms[0])));
        }
    }

    let f = "holidays.json";
    for h in &p.holidays {
        if chrono::NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").is_err() {
            return Err(c.fail(f, &h.date, "date", "not a YYYY-MM-DD date"));
        }
    }

    let f = "areas.json";
    c.text(f, "-", "source", &p.areas.source)?;
    let prefix = format!("{}.", j.code);
    c.unique(f, p.areas.kecamatan.iter().map(|k| k.code.as_str()))?;
    for k in &p.areas.kecamatan {
        if !k.code.starts_with(&prefix) {
            return Err(c.fail(f, &k.code, "code", format!("not inside {}", j.code)));
        }
        c.text(f, &k.code, "name", &k.name)?;
    }
    let kec: HashSet<&str> = p.areas.kecamatan.iter().map(|k| k.code.as_str()).collect();
    c.unique(f, p.areas.desa.iter().map(|d| d.code.as_str()))?;
    for d in &p.areas.desa {
        if !kec.contains(d.kecamatan.as_str()) || !d.code.starts_with(&format!("{}.", d.kecamatan)) {
            return Err(c.fail(f, &d.code, "kecamatan", format!("unknown kecamatan {:?}", d.kecamatan)));
        }
        c.text(f, &d.code, "name", &d.name)?;
        if d.kind != "desa" && d.kind != "kelurahan" {
            return Err(c.fail(f, &d.code, "kind", "must be desa or kelurahan"));
        }
    }
    Ok(())
}
