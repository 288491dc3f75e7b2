//! Content forms: a service or news item to and from flat form fields, the
//! field-level errors (the pack's rules, item by item, plus what only a form can get
//! wrong), and the view model the templates render.
//!
//! Lists of texts are one item per line (Indonesian and English side by side, line
//! by line); locations, contacts and links are repeated rows (`loc0_name_id`, ...).
//! Javanese versions of list items are not in the form: they are carried over from
//! the stored item while their Indonesian text is unchanged, so an edit never loses
//! a translation it did not show.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use pati_protocol::{Link, Localized, NewsItem, Service, ServiceLocation};

use super::i18n::Text;
use crate::pack::{FieldProblem, Problem, Problems};

/// Most repeated rows a form accepts (locations, contacts, links).
const MAX_ROWS: usize = 50;

/// The submitted (or prefilled) fields of a form, by name; the last value wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormData(HashMap<String, String>);

impl FormData {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> FormData {
        // Browsers send CRLF line breaks in textareas.
        FormData(
            pairs
                .into_iter()
                .map(|(k, v)| (k, v.replace("\r\n", "\n")))
                .collect(),
        )
    }

    /// The raw value ("" if absent).
    pub fn raw(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }

    /// The value, trimmed.
    pub fn get(&self, name: &str) -> &str {
        self.raw(name).trim()
    }

    fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), value.into());
    }

    /// How many rows of `prefix{i}_...` fields were sent (highest index + 1).
    fn rows(&self, prefix: &str) -> usize {
        self.0
            .keys()
            .filter_map(|k| k.strip_prefix(prefix))
            .filter_map(|rest| rest.split_once('_'))
            .filter_map(|(n, _)| n.parse::<usize>().ok())
            .filter(|n| *n < MAX_ROWS)
            .map(|n| n + 1)
            .max()
            .unwrap_or(0)
    }
}

/// What is wrong with one form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// A content rule (the same as the pack validator's).
    Rule(Problem),
    Required,
    NotANumber,
    /// The English lines outnumber the Indonesian ones.
    TooManyLines {
        lines: usize,
        max: usize,
    },
    IdTaken,
}

/// Field errors by form field name: the first one per field, with the line number
/// for one-item-per-line fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors(HashMap<String, (FieldError, Option<usize>)>);

impl Errors {
    pub fn add(&mut self, field: impl Into<String>, e: FieldError, line: Option<usize>) {
        self.0.entry(field.into()).or_insert((e, line));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&(FieldError, Option<usize>)> {
        self.0.get(field)
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// Where each parsed list entry came from: its form row or line (1-based for lines).
#[derive(Debug, Default)]
struct Origins(HashMap<String, Vec<usize>>);

impl Origins {
    fn set(&mut self, list: &str, origins: Vec<usize>) {
        self.0.insert(list.to_owned(), origins);
    }

    fn of(&self, list: &str, index: usize) -> usize {
        self.0
            .get(list)
            .and_then(|v| v.get(index).copied())
            .unwrap_or(index)
    }
}

/// Maps a validator field path (`steps[2].en`, `contacts[0].label.id`, `name.id`) to
/// the form field that holds it, and the line within it.
fn form_field(path: &str, origins: &Origins) -> (String, Option<usize>) {
    let Some((base, rest)) = path.split_once('[') else {
        return match path {
            // "needs at least one step": on the Indonesian steps.
            "steps" | "requirements" => (format!("{path}_id"), None),
            _ => (path.replace('.', "_"), None),
        };
    };
    let (index, tail) = rest.split_once(']').unwrap_or((rest, ""));
    let index: usize = index.parse().unwrap_or(0);
    let tail = tail.trim_start_matches('.');
    let row = origins.of(base, index);
    match base {
        "requirements" | "steps" => {
            let lang = if tail.ends_with("en") { "en" } else { "id" };
            (format!("{base}_{lang}"), Some(row))
        }
        "legal_basis" => (base.to_owned(), Some(row)),
        "keywords" => (base.to_owned(), None),
        "locations" => (format!("loc{row}_{}", tail.replace('.', "_")), None),
        "contacts" => (format!("ct{row}_{}", tail.replace('.', "_")), None),
        "links" => (format!("lk{row}_{}", tail.replace('.', "_")), None),
        _ => (base.to_owned(), None),
    }
}

fn add_problems(errors: &mut Errors, problems: Problems, origins: &Origins) {
    for FieldProblem { field, problem } in problems.0 {
        let (name, line) = form_field(&field, origins);
        errors.add(name, FieldError::Rule(problem), line);
    }
}

fn localized(f: &FormData, base: &str) -> Localized {
    Localized {
        id: f.get(&format!("{base}_id")).to_owned(),
        en: f.opt(&format!("{base}_en")),
        jv: f.opt(&format!("{base}_jv")),
    }
}

fn set_localized(f: &mut FormData, base: &str, l: &Localized) {
    f.set(format!("{base}_id"), l.id.clone());
    f.set(format!("{base}_en"), l.en.clone().unwrap_or_default());
    f.set(format!("{base}_jv"), l.jv.clone().unwrap_or_default());
}

/// Lines without trailing blank ones, each trimmed.
fn lines(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = s.split('\n').map(str::trim).collect();
    while v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

/// A one-item-per-line list with its English lines beside it. Returns the items and
/// the (1-based) line each came from.
fn localized_lines(f: &FormData, base: &str, errors: &mut Errors) -> (Vec<Localized>, Vec<usize>) {
    let ids = lines(f.raw(&format!("{base}_id")));
    let ens = lines(f.raw(&format!("{base}_en")));
    if ens.len() > ids.len() {
        errors.add(
            format!("{base}_en"),
            FieldError::TooManyLines {
                lines: ens.len(),
                max: ids.len(),
            },
            None,
        );
    }
    let mut items = Vec::new();
    let mut origins = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let en = ens
            .get(i)
            .filter(|e| !e.is_empty())
            .map(|e| (*e).to_owned());
        if id.is_empty() && en.is_none() {
            continue;
        }
        items.push(Localized {
            id: (*id).to_owned(),
            en,
            jv: None,
        });
        origins.push(i + 1);
    }
    (items, origins)
}

fn set_localized_lines(f: &mut FormData, base: &str, items: &[Localized]) {
    f.set(
        format!("{base}_id"),
        items
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let en: Vec<&str> = items
        .iter()
        .map(|l| l.en.as_deref().unwrap_or(""))
        .collect();
    f.set(format!("{base}_en"), en.join("\n").trim_end().to_owned());
}

/// Carries the Javanese version of an entry over from the stored one with the same
/// Indonesian text.
fn keep_jv(new: &mut Localized, old: &[&Localized]) {
    if new.jv.is_none() {
        new.jv = old
            .iter()
            .find(|o| o.id == new.id)
            .and_then(|o| o.jv.clone());
    }
}

fn plain_lines(s: &str) -> (Vec<String>, Vec<usize>) {
    let mut items = Vec::new();
    let mut origins = Vec::new();
    for (i, l) in lines(s).into_iter().enumerate() {
        if !l.is_empty() {
            items.push(l.to_owned());
            origins.push(i + 1);
        }
    }
    (items, origins)
}

/// Rows of links (`{prefix}{i}_kind`, `_label_id`, `_label_en`, `_url`); a row with
/// no label and no URL is empty and skipped.
fn link_rows(f: &FormData, prefix: &str, old: &[Link]) -> (Vec<Link>, Vec<usize>) {
    let mut links = Vec::new();
    let mut origins = Vec::new();
    for i in 0..f.rows(prefix) {
        let p = format!("{prefix}{i}_");
        let mut label = localized(f, &format!("{p}label"));
        label.jv = None;
        let url = f.get(&format!("{p}url")).to_owned();
        if label.id.is_empty() && label.en.is_none() && url.is_empty() {
            continue;
        }
        let olds: Vec<&Localized> = old.iter().map(|l| &l.label).collect();
        keep_jv(&mut label, &olds);
        links.push(Link {
            kind: f.get(&format!("{p}kind")).to_owned(),
            label,
            url,
        });
        origins.push(i);
    }
    (links, origins)
}

fn set_link_rows(f: &mut FormData, prefix: &str, links: &[Link]) {
    for (i, l) in links.iter().enumerate() {
        let p = format!("{prefix}{i}_");
        f.set(format!("{p}kind"), l.kind.clone());
        f.set(format!("{p}label_id"), l.label.id.clone());
        f.set(
            format!("{p}label_en"),
            l.label.en.clone().unwrap_or_default(),
        );
        f.set(format!("{p}url"), l.url.clone());
    }
}

/// The form of a stored service.
pub fn service_form(s: &Service) -> FormData {
    let mut f = FormData::default();
    f.set("id", s.id.clone());
    f.set("category", s.category.clone());
    f.set("agency", s.agency.clone());
    for (base, l) in [
        ("name", &s.name),
        ("summary", &s.summary),
        ("fee", &s.fee),
        ("duration", &s.duration),
        ("hours", &s.hours),
    ] {
        set_localized(&mut f, base, l);
    }
    set_localized_lines(&mut f, "requirements", &s.requirements);
    set_localized_lines(&mut f, "steps", &s.steps);
    f.set("legal_basis", s.legal_basis.join("\n"));
    f.set("keywords", s.keywords.join(", "));
    f.set("online_url", s.online_url.clone().unwrap_or_default());
    if s.featured {
        f.set("featured", "on");
    }
    f.set(
        "featured_order",
        s.featured_order.map(|o| o.to_string()).unwrap_or_default(),
    );
    for (i, l) in s.locations.iter().enumerate() {
        let p = format!("loc{i}_");
        f.set(format!("{p}name_id"), l.name.id.clone());
        f.set(format!("{p}name_en"), l.name.en.clone().unwrap_or_default());
        f.set(format!("{p}address"), l.address.clone().unwrap_or_default());
        f.set(
            format!("{p}mpp_counter"),
            l.mpp_counter.clone().unwrap_or_default(),
        );
    }
    set_link_rows(&mut f, "ct", &s.contacts);
    f
}

/// A service from its form. `id` is fixed when editing; `old` is the stored
/// version (for the translations the form does not show). Problems are form-level
/// only: the caller adds the content rules with [`check_service`].
pub fn parse_service(
    f: &FormData,
    id: Option<&str>,
    old: Option<&Service>,
) -> (Service, Errors, FormOrigins) {
    let mut errors = Errors::default();
    let mut origins = Origins::default();
    let id = id
        .map(str::to_owned)
        .unwrap_or_else(|| f.get("id").to_owned());
    if id.is_empty() {
        errors.add("id", FieldError::Required, None);
    }
    for field in ["category", "agency"] {
        if f.get(field).is_empty() {
            errors.add(field, FieldError::Required, None);
        }
    }
    let (mut requirements, o) = localized_lines(f, "requirements", &mut errors);
    origins.set("requirements", o);
    let (mut steps, o) = localized_lines(f, "steps", &mut errors);
    origins.set("steps", o);
    let (legal_basis, o) = plain_lines(f.raw("legal_basis"));
    origins.set("legal_basis", o);
    if let Some(old) = old {
        let olds: Vec<&Localized> = old.requirements.iter().collect();
        requirements.iter_mut().for_each(|l| keep_jv(l, &olds));
        let olds: Vec<&Localized> = old.steps.iter().collect();
        steps.iter_mut().for_each(|l| keep_jv(l, &olds));
    }
    let featured_order = match f.get("featured_order") {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("featured_order", FieldError::NotANumber, None);
                None
            }
        },
    };
    let mut locations = Vec::new();
    let mut loc_origins = Vec::new();
    for i in 0..f.rows("loc") {
        let p = format!("loc{i}_");
        let name = Localized {
            id: f.get(&format!("{p}name_id")).to_owned(),
            en: f.opt(&format!("{p}name_en")),
            jv: None,
        };
        let address = f.opt(&format!("{p}address"));
        let mpp_counter = f.opt(&format!("{p}mpp_counter"));
        if name.id.is_empty() && name.en.is_none() && address.is_none() && mpp_counter.is_none() {
            continue;
        }
        let mut name = name;
        if let Some(old) = old {
            let olds: Vec<&Localized> = old.locations.iter().map(|l| &l.name).collect();
            keep_jv(&mut name, &olds);
        }
        locations.push(ServiceLocation {
            name,
            address,
            mpp_counter,
        });
        loc_origins.push(i);
    }
    origins.set("locations", loc_origins);
    let (contacts, o) = link_rows(f, "ct", old.map_or(&[][..], |o| &o.contacts));
    origins.set("contacts", o);

    let service = Service {
        id,
        category: f.get("category").to_owned(),
        agency: f.get("agency").to_owned(),
        name: localized(f, "name"),
        summary: localized(f, "summary"),
        requirements,
        steps,
        fee: localized(f, "fee"),
        duration: localized(f, "duration"),
        legal_basis,
        locations,
        hours: localized(f, "hours"),
        contacts,
        online_url: f.opt("online_url"),
        keywords: f
            .get("keywords")
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect(),
        featured: f.get("featured") == "on",
        featured_order,
    };
    (service, errors, FormOrigins(origins))
}

/// Where parsed list entries came from, to put the validator's problems next to
/// the right form field and line.
#[derive(Debug, Default)]
pub struct FormOrigins(Origins);

impl FormOrigins {
    /// Adds the content rules' problems to the form's errors (a field keeps its
    /// first error).
    pub fn add(&self, errors: &mut Errors, problems: Problems) {
        add_problems(errors, problems, &self.0);
    }
}

/// The form's `datetime-local` value for a stored RFC 3339 time, in `offset`.
fn local_input(rfc3339: &str, offset: FixedOffset) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let local = t.with_timezone(&offset).naive_local();
            if local.format("%S").to_string() == "00" {
                local.format("%Y-%m-%dT%H:%M").to_string()
            } else {
                local.format("%Y-%m-%dT%H:%M:%S").to_string()
            }
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// An RFC 3339 time from a `datetime-local` value in `offset` (None if unreadable).
fn from_local_input(s: &str, offset: FixedOffset) -> Option<String> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    let t = naive.and_local_timezone(offset).single()?;
    Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
}

/// The form of a stored news item.
pub fn news_form(n: &NewsItem, offset: FixedOffset) -> FormData {
    let mut f = FormData::default();
    f.set("id", n.id.clone());
    f.set("category", n.category.clone());
    set_localized(&mut f, "title", &n.title);
    set_localized(&mut f, "summary", &n.summary);
    set_localized(&mut f, "body", &n.body);
    f.set("published_at", local_input(&n.published_at, offset));
    f.set("image", n.image.clone().unwrap_or_default());
    set_link_rows(&mut f, "lk", &n.links);
    f
}

/// A news item from its form; see [`parse_service`].
pub fn parse_news(
    f: &FormData,
    id: Option<&str>,
    old: Option<&NewsItem>,
    offset: FixedOffset,
) -> (NewsItem, Errors, FormOrigins) {
    let mut errors = Errors::default();
    let mut origins = Origins::default();
    let id = id
        .map(str::to_owned)
        .unwrap_or_else(|| f.get("id").to_owned());
    if id.is_empty() {
        errors.add("id", FieldError::Required, None);
    }
    if f.get("category").is_empty() {
        errors.add("category", FieldError::Required, None);
    }
    let published_at = match f.get("published_at") {
        "" => {
            errors.add("published_at", FieldError::Required, None);
            String::new()
        }
        s => from_local_input(s, offset).unwrap_or_else(|| s.to_owned()),
    };
    let (links, o) = link_rows(f, "lk", old.map_or(&[][..], |o| &o.links));
    origins.set("links", o);
    let news = NewsItem {
        id,
        title: localized(f, "title"),
        summary: localized(f, "summary"),
        body: localized(f, "body"),
        published_at,
        category: f.get("category").to_owned(),
        links,
        image: f.opt("image"),
    };
    (news, errors, FormOrigins(origins))
}

/// A blank news form: published now, category "berita".
pub fn blank_news_form(now: DateTime<FixedOffset>) -> FormData {
    let mut f = FormData::default();
    f.set("category", "berita");
    f.set(
        "published_at",
        now.naive_local().format("%Y-%m-%dT%H:%M").to_string(),
    );
    f
}

// ---------------------------------------------------------------------------
// View model

/// One option of a select.
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One form control with its label, hint and error, ready to render.
pub struct Field {
    pub name: String,
    pub label: String,
    pub hint: Option<String>,
    pub value: String,
    pub error: Option<String>,
    /// `text`, `url`, `number`, `datetime-local`, `textarea`, `select`, `checkbox`.
    pub kind: &'static str,
    pub rows: u32,
    pub options: Vec<SelectOption>,
    pub checked: bool,
    pub required: bool,
    pub readonly: bool,
    /// The language of the text typed in (for screen readers and spell checkers).
    pub lang: Option<&'static str>,
}

impl Field {
    /// The ids that describe the control (hint, error), for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
}

/// A fieldset's row (one location, one contact...), or the fields of a block.
pub struct Row {
    pub legend: Option<String>,
    pub fields: Vec<Field>,
}

/// A block of the form: one field, a group of fields under a legend, or repeated
/// rows with an "add a row" button.
pub struct Block {
    pub legend: Option<String>,
    pub hint: Option<String>,
    pub id: String,
    pub rows: Vec<Row>,
    pub repeat: bool,
}

impl Block {
    pub fn is_single(&self) -> bool {
        self.legend.is_none()
    }
}

/// Builds fields from the form data and errors.
pub struct FormView<'a> {
    pub t: &'static Text,
    pub data: &'a FormData,
    pub errors: &'a Errors,
}

impl FormView<'_> {
    pub fn field(&self, name: &str, label: &str, kind: &'static str) -> Field {
        Field {
            name: name.to_owned(),
            label: label.to_owned(),
            hint: None,
            value: self.data.raw(name).to_owned(),
            error: self
                .errors
                .get(name)
                .map(|(e, line)| self.t.field_error(e, *line)),
            kind,
            rows: 0,
            options: Vec::new(),
            checked: false,
            required: false,
            readonly: false,
            lang: None,
        }
    }

    pub fn single(&self, field: Field) -> Block {
        Block {
            legend: None,
            hint: None,
            id: format!("b-{}", field.name),
            rows: vec![Row {
                legend: None,
                fields: vec![field],
            }],
            repeat: false,
        }
    }

    pub fn group(&self, id: &str, legend: &str, hint: Option<&str>, fields: Vec<Field>) -> Block {
        Block {
            legend: Some(legend.to_owned()),
            hint: hint.map(str::to_owned),
            id: format!("b-{id}"),
            rows: vec![Row {
                legend: None,
                fields,
            }],
            repeat: false,
        }
    }

    /// Indonesian (required), English and Javanese versions of one text.
    pub fn localized(
        &self,
        base: &str,
        legend: &str,
        kind: &'static str,
        rows: u32,
        jv: bool,
    ) -> Block {
        let t = self.t;
        let mut fields = vec![
            Field {
                required: true,
                lang: Some("id"),
                rows,
                ..self.field(&format!("{base}_id"), t.in_indonesian, kind)
            },
            Field {
                lang: Some("en"),
                rows,
                ..self.field(&format!("{base}_en"), t.in_english, kind)
            },
        ];
        if jv {
            fields.push(Field {
                lang: Some("jv"),
                rows,
                ..self.field(&format!("{base}_jv"), t.in_javanese, kind)
            });
        }
        self.group(base, &format!("{legend} *"), None, fields)
    }

    /// One item per line, Indonesian and English.
    pub fn lines(&self, base: &str, legend: &str, required: bool) -> Block {
        let t = self.t;
        let legend = if required {
            format!("{legend} *")
        } else {
            legend.to_owned()
        };
        self.group(
            base,
            &legend,
            Some(t.f_lines_hint),
            vec![
                Field {
                    required,
                    lang: Some("id"),
                    rows: 5,
                    ..self.field(&format!("{base}_id"), t.in_indonesian, "textarea")
                },
                Field {
                    lang: Some("en"),
                    rows: 5,
                    ..self.field(&format!("{base}_en"), t.in_english, "textarea")
                },
            ],
        )
    }

    pub fn select(
        &self,
        name: &str,
        label: &str,
        options: &[(String, String)],
        required: bool,
    ) -> Field {
        let value = self.data.get(name);
        let mut opts = vec![SelectOption {
            value: String::new(),
            label: self.t.choose.to_owned(),
            selected: value.is_empty(),
        }];
        let mut found = false;
        for (v, l) in options {
            found |= v == value;
            opts.push(SelectOption {
                value: v.clone(),
                label: l.clone(),
                selected: v == value,
            });
        }
        if !found && !value.is_empty() {
            // Keep an unknown stored value visible (the validator names it).
            opts.push(SelectOption {
                value: value.to_owned(),
                label: value.to_owned(),
                selected: true,
            });
        }
        Field {
            options: opts,
            required,
            label: if required {
                format!("{label} *")
            } else {
                label.to_owned()
            },
            ..self.field(name, label, "select")
        }
    }

    /// Repeated rows of `prefix{i}_...` fields: the sent (or stored) rows plus one
    /// blank row.
    pub fn repeat(
        &self,
        prefix: &str,
        legend: &str,
        row_legend: &str,
        hint: Option<&str>,
        make_row: impl Fn(&str) -> Vec<Field>,
    ) -> Block {
        let n = (self.data.rows(prefix) + 1).min(MAX_ROWS);
        let rows = (0..n)
            .map(|i| Row {
                legend: Some(format!("{row_legend} {}", i + 1)),
                fields: make_row(&format!("{prefix}{i}_")),
            })
            .collect();
        Block {
            legend: Some(legend.to_owned()),
            hint: hint.map(str::to_owned),
            id: format!("b-{prefix}"),
            rows,
            repeat: true,
        }
    }

    /// The rows of a links list (contacts of a service, links of a news item).
    pub fn link_row(&self, p: &str) -> Vec<Field> {
        let t = self.t;
        let kinds: Vec<(String, String)> = ["web", "phone", "email", "whatsapp", "social", "video"]
            .into_iter()
            .map(|k| (k.to_owned(), t.link_kind(k).to_owned()))
            .collect();
        vec![
            self.select(&format!("{p}kind"), t.f_link_kind, &kinds, false),
            Field {
                lang: Some("id"),
                ..self.field(
                    &format!("{p}label_id"),
                    &format!("{} ({})", t.f_link_label, t.in_indonesian),
                    "text",
                )
            },
            Field {
                lang: Some("en"),
                ..self.field(
                    &format!("{p}label_en"),
                    &format!("{} ({})", t.f_link_label, t.in_english),
                    "text",
                )
            },
            Field {
                hint: Some(t.f_url_hint.to_owned()),
                ..self.field(&format!("{p}url"), t.f_url, "url")
            },
        ]
    }
}

/// The error summary: (field name, message) in the order of the form, then any
/// error on a field the form does not show (so no problem is ever hidden).
pub fn error_summary(blocks: &[Block], errors: &Errors, t: &Text) -> Vec<(String, String)> {
    let clean = |s: &str| s.trim_end_matches(" *").to_owned();
    let mut summary = Vec::new();
    let mut shown = Vec::new();
    for b in blocks {
        for r in &b.rows {
            for f in &r.fields {
                shown.push(f.name.as_str());
                let Some(e) = &f.error else { continue };
                // "Nama layanan — Bahasa Indonesia", "Lokasi 2 — Alamat": the label alone
                // may not say which field it is.
                let place = r.legend.as_deref().or(b.legend.as_deref());
                let label = match place {
                    Some(p) => format!("{} \u{2014} {}", clean(p), clean(&f.label)),
                    None => clean(&f.label),
                };
                summary.push((f.name.clone(), format!("{label}: {e}")));
            }
        }
    }
    let mut rest: Vec<(String, String)> = errors
        .0
        .iter()
        .filter(|(name, _)| !shown.contains(&name.as_str()))
        .map(|(name, (e, line))| {
            (
                String::new(),
                format!("{name}: {}", t.field_error(e, *line)),
            )
        })
        .collect();
    rest.sort();
    summary.extend(rest);
    summary
}

/// The service form's blocks.
pub fn service_blocks(
    v: &FormView,
    editing: bool,
    categories: &[(String, String)],
    agencies: &[(String, String)],
) -> Vec<Block> {
    let t = v.t;
    let mut blocks = Vec::new();
    blocks.push(
        v.single(Field {
            hint: Some(
                if editing {
                    t.f_id_fixed_hint
                } else {
                    t.f_id_hint
                }
                .to_owned(),
            ),
            required: !editing,
            readonly: editing,
            label: format!("{} *", t.f_id),
            ..v.field("id", t.f_id, "text")
        }),
    );
    blocks.push(v.localized("name", t.f_name, "text", 0, true));
    blocks.push(v.single(v.select("category", t.f_category, categories, true)));
    blocks.push(v.single(v.select("agency", t.f_agency, agencies, true)));
    blocks.push(v.localized("summary", t.f_summary, "textarea", 3, true));
    blocks.push(v.lines("requirements", t.f_requirements, false));
    blocks.push(v.lines("steps", t.f_steps, true));
    blocks.push(v.localized("fee", t.f_fee, "text", 0, true));
    blocks.push(v.localized("duration", t.f_duration, "text", 0, true));
    blocks.push(v.localized("hours", t.f_hours, "text", 0, true));
    blocks.push(v.repeat("loc", t.f_locations, t.f_location, None, |p| {
        vec![
            Field {
                lang: Some("id"),
                ..v.field(
                    &format!("{p}name_id"),
                    &format!("{} ({})", t.f_location_name, t.in_indonesian),
                    "text",
                )
            },
            Field {
                lang: Some("en"),
                ..v.field(
                    &format!("{p}name_en"),
                    &format!("{} ({})", t.f_location_name, t.in_english),
                    "text",
                )
            },
            v.field(&format!("{p}address"), t.f_address, "text"),
            v.field(&format!("{p}mpp_counter"), t.f_mpp_counter, "text"),
        ]
    }));
    blocks.push(v.repeat("ct", t.f_contacts, t.f_contact, None, |p| v.link_row(p)));
    blocks.push(v.single(Field {
        hint: Some(t.f_url_hint.to_owned()),
        ..v.field("online_url", t.f_online_url, "url")
    }));
    blocks.push(v.single(Field {
        hint: Some(t.f_legal_basis_hint.to_owned()),
        rows: 3,
        ..v.field("legal_basis", t.f_legal_basis, "textarea")
    }));
    blocks.push(v.single(Field {
        hint: Some(t.f_keywords_hint.to_owned()),
        rows: 3,
        ..v.field("keywords", t.f_keywords, "textarea")
    }));
    blocks.push(v.group(
        "featured",
        t.f_featured,
        None,
        vec![
            Field {
                checked: v.data.get("featured") == "on",
                value: "on".into(),
                ..v.field("featured", t.f_featured_label, "checkbox")
            },
            v.field("featured_order", t.f_featured_order, "number"),
        ],
    ));
    blocks
}

/// The news form's blocks.
pub fn news_blocks(v: &FormView, editing: bool) -> Vec<Block> {
    let t = v.t;
    let categories: Vec<(String, String)> = ["berita", "pengumuman", "agenda", "video"]
        .into_iter()
        .map(|c| (c.to_owned(), t.news_category(c).to_owned()))
        .collect();
    vec![
        v.single(Field {
            hint: Some(
                if editing {
                    t.f_id_fixed_hint
                } else {
                    t.f_id_hint
                }
                .to_owned(),
            ),
            required: !editing,
            readonly: editing,
            label: format!("{} *", t.f_id),
            ..v.field("id", t.f_id, "text")
        }),
        v.localized("title", t.f_title, "text", 0, true),
        v.single(v.select("category", t.f_news_category, &categories, true)),
        v.single(Field {
            hint: Some(t.f_published_at_hint.to_owned()),
            required: true,
            label: format!("{} *", t.f_published_at),
            ..v.field("published_at", t.f_published_at, "datetime-local")
        }),
        v.localized("summary", t.f_summary, "textarea", 3, true),
        v.localized("body", t.f_body, "textarea", 10, true),
        v.single(Field {
            hint: Some(t.f_url_hint.to_owned()),
            ..v.field("image", t.f_image, "url")
        }),
        v.repeat("lk", t.f_links, t.f_link, None, |p| v.link_row(p)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::{check_news, check_service, ServiceRefs};

    fn wib() -> FixedOffset {
        FixedOffset::east_opt(7 * 3600).unwrap()
    }

    fn pati() -> crate::pack::Pack {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/pati");
        crate::pack::load(&root).unwrap()
    }

    #[test]
    fn every_real_service_survives_its_form_unchanged() {
        for s in pati().services {
            let form = service_form(&s);
            let (back, errors, _) = parse_service(&form, Some(&s.id), Some(&s));
            assert!(errors.is_empty(), "{}: {errors:?}", s.id);
            assert_eq!(back, s, "{}", s.id);
        }
    }

    #[test]
    fn every_real_news_item_survives_its_form_unchanged() {
        for n in pati().news {
            let form = news_form(&n, wib());
            let (back, errors, _) = parse_news(&form, Some(&n.id), Some(&n), wib());
            assert!(errors.is_empty(), "{}: {errors:?}", n.id);
            assert_eq!(back, n, "{}", n.id);
        }
    }

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
        )
    }

    #[test]
    fn lines_pair_up_and_problems_land_on_their_field_and_line() {
        let f = form(&[
            ("id", "Bad Id"),
            ("category", "kependudukan"),
            ("agency", "disdukcapil"),
            ("name_id", "Nama"),
            ("summary_id", "Ringkas"),
            ("steps_id", "Satu\r\n\r\nTiga\r\n"),
            ("steps_en", "One\n\nThree\nFour"),
            ("requirements_id", "A\n\nC"),
            ("requirements_en", "\nB-en"),
            ("fee_id", "Gratis"),
            ("duration_id", "1 hari"),
            ("hours_id", "08.00"),
            ("featured_order", "x"),
            ("ct0_kind", "web"),
            ("ct0_label_id", "Situs"),
            ("ct0_url", "ftp://x"),
            ("ct1_kind", "web"),
            ("loc0_name_id", ""),
            ("loc2_address", "Jl. Sudirman"),
        ]);
        let (s, mut errors, origins) = parse_service(&f, None, None);
        assert_eq!(s.steps.len(), 2);
        assert_eq!(s.requirements.len(), 3, "A, (empty id with B-en), C");
        assert_eq!(s.requirements[1].en.as_deref(), Some("B-en"));
        assert_eq!(s.contacts.len(), 1, "the blank contact row is skipped");
        assert_eq!(s.locations.len(), 1);
        assert_eq!(
            errors.get("steps_en").map(|e| &e.0),
            Some(&FieldError::TooManyLines { lines: 4, max: 3 })
        );
        assert_eq!(
            errors.get("featured_order").map(|e| &e.0),
            Some(&FieldError::NotANumber)
        );
        let refs = ServiceRefs {
            agencies: ["disdukcapil".to_owned()].into(),
            categories: ["kependudukan".to_owned()].into(),
            ..Default::default()
        };
        origins.add(&mut errors, check_service(&s, &refs));
        assert_eq!(
            errors.get("id"),
            Some(&(FieldError::Rule(Problem::NotSlug), None))
        );
        assert_eq!(
            errors.get("requirements_id"),
            Some(&(FieldError::Rule(Problem::Empty), Some(2))),
            "line 2 has English but no Indonesian"
        );
        assert!(matches!(
            errors.get("ct0_url"),
            Some((FieldError::Rule(Problem::NotUrl(_)), None))
        ));
        assert_eq!(
            errors.get("loc2_name_id"),
            Some(&(FieldError::Rule(Problem::Empty), None)),
            "the row the user typed in"
        );
        assert!(errors.get("name_id").is_none());
    }

    #[test]
    fn news_times_are_local_to_the_jurisdiction() {
        assert_eq!(
            from_local_input("2026-11-05T08:30", wib()).as_deref(),
            Some("2026-11-05T08:30:00+07:00")
        );
        assert_eq!(from_local_input("kemarin", wib()), None);
        assert_eq!(
            local_input("2026-11-05T01:30:00Z", wib()),
            "2026-11-05T08:30"
        );
        let f = form(&[("published_at", "besok"), ("category", "berita")]);
        let (n, mut errors, origins) = parse_news(&f, Some("x"), None, wib());
        origins.add(&mut errors, check_news(&n));
        assert_eq!(
            errors.get("published_at").map(|e| &e.0),
            Some(&FieldError::Rule(Problem::NotDateTime))
        );
        assert_eq!(
            errors.get("title_id").map(|e| &e.0),
            Some(&FieldError::Rule(Problem::Empty))
        );
    }

    #[test]
    fn javanese_translations_survive_while_the_indonesian_text_does() {
        let mut s = pati()
            .services
            .into_iter()
            .find(|s| !s.contacts.is_empty())
            .unwrap();
        s.steps[0].jv = Some("Langkah siji".into());
        let mut f = service_form(&s);
        let first = s.steps[0].id.clone();
        let rest: Vec<&str> = s.steps[1..].iter().map(|l| l.id.as_str()).collect();
        f.set("steps_id", format!("{first}\n{}", rest.join("\n")));
        let (back, _, _) = parse_service(&f, Some(&s.id), Some(&s));
        assert_eq!(back.steps[0].jv.as_deref(), Some("Langkah siji"));
        f.set("steps_id", format!("{first} (diubah)\n{}", rest.join("\n")));
        let (back, _, _) = parse_service(&f, Some(&s.id), Some(&s));
        assert_eq!(
            back.steps[0].jv, None,
            "a changed text drops its stale translation"
        );
    }
}
