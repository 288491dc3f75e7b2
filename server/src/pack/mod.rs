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
        items.extend(
            self.service_categories
                .iter()
                .cloned()
                .map(ContentItem::ServiceCategory),
        );
        items.extend(self.services.iter().cloned().map(ContentItem::Service));
        items.extend(
            self.complaint_categories
                .iter()
                .cloned()
                .map(ContentItem::ComplaintCategory),
        );
        items.extend(self.news.iter().cloned().map(ContentItem::News));
        items.extend(
            self.areas
                .kecamatan
                .iter()
                .cloned()
                .map(ContentItem::Kecamatan),
        );
        items.extend(self.areas.desa.iter().cloned().map(ContentItem::Desa));
        items.extend(self.synonyms.iter().cloned().map(ContentItem::SynonymGroup));
        items
    }
}

/// Loads every pack folder (one holding `jurisdiction.json`) directly under `root`.
pub fn load_all(root: &Path) -> Result<Vec<Pack>, PackError> {
    let entries =
        std::fs::read_dir(root).map_err(|e| whole(root, format!("cannot read folder: {e}")))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("jurisdiction.json").is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(whole(
            root,
            "no pack folders (with jurisdiction.json) found".into(),
        ));
    }
    let packs = dirs
        .iter()
        .map(|d| load(d))
        .collect::<Result<Vec<_>, _>>()?;
    let mut ids = HashSet::new();
    for p in &packs {
        if !ids.insert(p.jurisdiction.id.clone()) {
            return Err(whole(
                root,
                format!("jurisdiction {:?} appears twice", p.jurisdiction.id),
            ));
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
        synonyms: synonyms
            .into_iter()
            .map(|terms| SynonymGroup { terms })
            .collect(),
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

/// What is wrong with one field. `Display` gives the English wording of pack errors;
/// the console words it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    TooLong { max: usize },
    NotSlug,
    NotUrl(String),
    UnknownCategory(String),
    UnknownAgency(String),
    NoSteps,
    SameFeaturedOrder(String),
    NotDateTime,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Empty => write!(f, "must not be empty"),
            Problem::TooLong { max } => write!(f, "longer than {max} characters"),
            Problem::NotSlug => write!(f, "must be a lowercase slug of a-z, 0-9 and -"),
            Problem::NotUrl(u) => write!(f, "not a usable URL: {u:?}"),
            Problem::UnknownCategory(c) => write!(f, "unknown service category {c:?}"),
            Problem::UnknownAgency(a) => write!(f, "unknown agency {a:?}"),
            Problem::NoSteps => write!(f, "a service needs at least one step"),
            Problem::SameFeaturedOrder(other) => write!(f, "same order as {other}"),
            Problem::NotDateTime => write!(f, "not an RFC 3339 date-time with offset"),
        }
    }
}

/// A problem and the field it is in, e.g. `steps[2].en` or `contacts[0].url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

/// Collects every problem of one item, in the order the fields are checked (a pack
/// reports the first; a console form shows them all, each next to its field).
#[derive(Debug, Default)]
pub struct Problems(pub Vec<FieldProblem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(FieldProblem {
            field: field.into(),
            problem,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn slug(&mut self, field: &str, id: &str) {
        let ok = !id.is_empty()
            && id.chars().count() <= MAX_ID_CHARS
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if !ok {
            self.add(field, Problem::NotSlug);
        }
    }

    pub fn text(&mut self, field: &str, s: &str) {
        if s.trim().is_empty() {
            self.add(field, Problem::Empty);
        } else if s.chars().count() > MAX_TEXT_CHARS {
            self.add(
                field,
                Problem::TooLong {
                    max: MAX_TEXT_CHARS,
                },
            );
        }
    }

    pub fn localized(&mut self, field: &str, l: &Localized) {
        self.text(&format!("{field}.id"), &l.id);
        if let Some(en) = &l.en {
            self.text(&format!("{field}.en"), en);
        }
        if let Some(jv) = &l.jv {
            self.text(&format!("{field}.jv"), jv);
        }
    }

    pub fn url(&mut self, field: &str, u: &str) {
        let ok = u.starts_with("https://")
            || u.starts_with("http://")
            || u.starts_with("tel:")
            || u.starts_with("mailto:");
        if !ok || u.contains(char::is_whitespace) {
            self.add(field, Problem::NotUrl(u.to_owned()));
        }
    }

    pub fn links(&mut self, field: &str, links: &[Link]) {
        for (i, l) in links.iter().enumerate() {
            self.text(&format!("{field}[{i}].kind"), &l.kind);
            self.localized(&format!("{field}[{i}].label"), &l.label);
            self.url(&format!("{field}[{i}].url"), &l.url);
        }
    }
}

/// What a service refers to: the jurisdiction's agencies and service categories,
/// and the featured orders already taken by *other* services.
#[derive(Debug, Default, Clone)]
pub struct ServiceRefs {
    pub agencies: HashSet<String>,
    pub categories: HashSet<String>,
    pub featured_orders: HashMap<i64, String>,
}

impl ServiceRefs {
    /// The references of a set of stored items (all of one jurisdiction); `except`
    /// names the service being edited, whose own featured order does not count.
    pub fn from_items<'a>(
        items: impl IntoIterator<Item = &'a ContentItem>,
        except: Option<&str>,
    ) -> ServiceRefs {
        let mut refs = ServiceRefs::default();
        for item in items {
            match item {
                ContentItem::Agency(a) => {
                    refs.agencies.insert(a.id.clone());
                }
                ContentItem::ServiceCategory(c) => {
                    refs.categories.insert(c.id.clone());
                }
                ContentItem::Service(s) if Some(s.id.as_str()) != except => {
                    if let Some(order) = s.featured_order.filter(|_| s.featured) {
                        refs.featured_orders.insert(order, s.id.clone());
                    }
                }
                _ => {}
            }
        }
        refs
    }
}

/// Every problem of one service (the pack rules, item by item).
pub fn check_service(s: &Service, refs: &ServiceRefs) -> Problems {
    let mut p = Problems::default();
    p.slug("id", &s.id);
    if !refs.categories.contains(&s.category) {
        p.add("category", Problem::UnknownCategory(s.category.clone()));
    }
    if !refs.agencies.contains(&s.agency) {
        p.add("agency", Problem::UnknownAgency(s.agency.clone()));
    }
    p.localized("name", &s.name);
    p.localized("summary", &s.summary);
    for (i, r) in s.requirements.iter().enumerate() {
        p.localized(&format!("requirements[{i}]"), r);
    }
    if s.steps.is_empty() {
        p.add("steps", Problem::NoSteps);
    }
    for (i, r) in s.steps.iter().enumerate() {
        p.localized(&format!("steps[{i}]"), r);
    }
    p.localized("fee", &s.fee);
    p.localized("duration", &s.duration);
    p.localized("hours", &s.hours);
    for (i, l) in s.legal_basis.iter().enumerate() {
        p.text(&format!("legal_basis[{i}]"), l);
    }
    for (i, l) in s.locations.iter().enumerate() {
        p.localized(&format!("locations[{i}].name"), &l.name);
    }
    p.links("contacts", &s.contacts);
    if let Some(u) = &s.online_url {
        p.url("online_url", u);
    }
    for (i, k) in s.keywords.iter().enumerate() {
        p.text(&format!("keywords[{i}]"), k);
    }
    if let Some(order) = s.featured_order.filter(|_| s.featured) {
        if let Some(other) = refs.featured_orders.get(&order) {
            p.add("featured_order", Problem::SameFeaturedOrder(other.clone()));
        }
    }
    p
}

/// Every problem of one news item.
pub fn check_news(n: &NewsItem) -> Problems {
    let mut p = Problems::default();
    p.slug("id", &n.id);
    p.localized("title", &n.title);
    p.localized("summary", &n.summary);
    p.localized("body", &n.body);
    if chrono::DateTime::parse_from_rfc3339(&n.published_at).is_err() {
        p.add("published_at", Problem::NotDateTime);
    }
    p.slug("category", &n.category);
    p.links("links", &n.links);
    if let Some(u) = &n.image {
        p.url("image", u);
    }
    p
}

/// Every problem of one agency.
pub fn check_agency(a: &Agency) -> Problems {
    let mut p = Problems::default();
    p.slug("id", &a.id);
    p.localized("name", &a.name);
    p.text("short_name", &a.short_name);
    if let Some(d) = &a.description {
        p.localized("description", d);
    }
    if let Some(w) = &a.website {
        p.url("website", w);
    }
    p
}

/// Turns the first problem of an item (if any) into a pack error.
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

    fn item(&self, file: &str, id: &str, problems: Problems) -> Result<(), PackError> {
        match problems.0.into_iter().next() {
            None => Ok(()),
            Some(fp) => Err(self.fail(file, id, &fp.field, fp.problem.to_string())),
        }
    }

    fn check(&self, file: &str, id: &str, f: impl FnOnce(&mut Problems)) -> Result<(), PackError> {
        let mut p = Problems::default();
        f(&mut p);
        self.item(file, id, p)
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
    c.check("jurisdiction.json", &j.id, |x| {
        x.slug("id", &j.id);
        x.localized("name", &j.name);
        x.text("short_name", &j.short_name);
        x.links("social", &j.social);
    })?;

    c.unique("agencies.json", p.agencies.iter().map(|a| a.id.as_str()))?;
    for a in &p.agencies {
        c.item("agencies.json", &a.id, check_agency(a))?;
    }

    c.unique(
        "service_categories.json",
        p.service_categories.iter().map(|s| s.id.as_str()),
    )?;
    for sc in &p.service_categories {
        c.check("service_categories.json", &sc.id, |x| {
            x.slug("id", &sc.id);
            x.localized("name", &sc.name);
        })?;
    }

    let f = "services.json";
    c.unique(f, p.services.iter().map(|s| s.id.as_str()))?;
    let mut refs = ServiceRefs {
        agencies: p.agencies.iter().map(|a| a.id.clone()).collect(),
        categories: p.service_categories.iter().map(|s| s.id.clone()).collect(),
        featured_orders: HashMap::new(),
    };
    for s in &p.services {
        c.item(f, &s.id, check_service(s, &refs))?;
        if let Some(order) = s.featured_order.filter(|_| s.featured) {
            refs.featured_orders.insert(order, s.id.clone());
        }
    }

    let f = "complaint_categories.json";
    c.unique(f, p.complaint_categories.iter().map(|s| s.id.as_str()))?;
    for cc in &p.complaint_categories {
        c.check(f, &cc.id, |x| {
            x.slug("id", &cc.id);
            x.localized("name", &cc.name);
            x.localized("description", &cc.description);
            if !refs.agencies.contains(&cc.agency) {
                x.add("agency", Problem::UnknownAgency(cc.agency.clone()));
            }
        })?;
    }

    let f = "news.json";
    c.unique(f, p.news.iter().map(|s| s.id.as_str()))?;
    for n in &p.news {
        c.item(f, &n.id, check_news(n))?;
    }

    let f = "synonyms.json";
    let mut firsts = HashSet::new();
    for (i, g) in p.synonyms.iter().enumerate() {
        let item = format!("[{i}]");
        if g.terms.len() < 2 {
            return Err(c.fail(f, &item, "-", "a synonym group needs at least two terms"));
        }
        for t in &g.terms {
            c.check(f, &item, |x| x.text("-", t))?;
            if t.to_lowercase() != *t {
                return Err(c.fail(f, &item, "-", format!("term {t:?} must be lowercase")));
            }
        }
        if !firsts.insert(g.terms[0].as_str()) {
            return Err(c.fail(
                f,
                &item,
                "-",
                format!("two groups start with {:?}", g.terms[0]),
            ));
        }
    }

    let f = "holidays.json";
    for h in &p.holidays {
        if chrono::NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").is_err() {
            return Err(c.fail(f, &h.date, "date", "not a YYYY-MM-DD date"));
        }
    }

    let f = "areas.json";
    c.check(f, "-", |x| x.text("source", &p.areas.source))?;
    let prefix = format!("{}.", j.code);
    c.unique(f, p.areas.kecamatan.iter().map(|k| k.code.as_str()))?;
    for k in &p.areas.kecamatan {
        if !k.code.starts_with(&prefix) {
            return Err(c.fail(f, &k.code, "code", format!("not inside {}", j.code)));
        }
        c.check(f, &k.code, |x| x.text("name", &k.name))?;
    }
    let kec: HashSet<&str> = p.areas.kecamatan.iter().map(|k| k.code.as_str()).collect();
    c.unique(f, p.areas.desa.iter().map(|d| d.code.as_str()))?;
    for d in &p.areas.desa {
        if !kec.contains(d.kecamatan.as_str()) || !d.code.starts_with(&format!("{}.", d.kecamatan))
        {
            return Err(c.fail(
                f,
                &d.code,
                "kecamatan",
                format!("unknown kecamatan {:?}", d.kecamatan),
            ));
        }
        c.check(f, &d.code, |x| x.text("name", &d.name))?;
        if d.kind != "desa" && d.kind != "kelurahan" {
            return Err(c.fail(f, &d.code, "kind", "must be desa or kelurahan"));
        }
    }
    Ok(())
}
