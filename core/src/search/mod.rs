//! Offline search over the service catalogue.
//!
//! Indexing stores each service's words *and* their Indonesian stems (Sastrawi) in an
//! FTS5 table, so word forms meet ("pendaftaran" finds "daftar"). A query is expanded
//! before it reaches FTS5: synonym groups from the content pack (KTP = e-KTP = kartu
//! tanda penduduk), stems, typo corrections against the index's own vocabulary
//! (edit distance 1–2), and a prefix on the word being typed. Results are ranked by
//! BM25 with name matches weighted highest, and come with match segments the UIs
//! render safely (no HTML crosses the API).

pub mod text;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use pati_protocol::{Agency, Lang, Service, ServiceCategory, SynonymGroup};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::content::decode;
use crate::content::model::ServiceSummary;
use crate::error::Result;
use text::{index_text, stem, words};

/// Bumped when indexing changes, so devices rebuild their index on open.
pub(crate) const ANALYZER_VERSION: &str = "2";
pub(crate) const ANALYZER_KEY: &str = "search.analyzer";

/// Narrows a search.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SearchFilter {
    pub category_id: Option<String>,
    pub agency_id: Option<String>,
    /// Most results wanted (default 20, at most 100).
    pub limit: Option<u32>,
}

/// A run of text, marked when it matched the query.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TextSegment {
    pub text: String,
    pub matched: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SearchHit {
    pub service: ServiceSummary,
    pub name_segments: Vec<TextSegment>,
    pub summary_segments: Vec<TextSegment>,
}

/// Index-derived data that queries reuse until content changes.
pub(crate) struct SearchData {
    /// Content version this was built from.
    pub version: String,
    vocab: HashSet<String>,
    /// Vocabulary grouped by word length, for cheap typo candidates.
    vocab_by_len: HashMap<usize, Vec<String>>,
    /// Synonym groups, each term as its words.
    synonyms: Vec<Vec<Vec<String>>>,
    /// Agency display names per language (id, en, jv), for result summaries.
    agency_names: [HashMap<String, String>; 3],
}

impl SearchData {
    pub(crate) fn load(conn: &Connection, version: String) -> Result<SearchData> {
        let mut vocab = HashSet::new();
        let mut stmt = conn.prepare("SELECT term FROM service_vocab")?;
        for term in stmt.query_map([], |r| r.get::<_, String>(0))? {
            vocab.insert(term?);
        }
        let mut vocab_by_len: HashMap<usize, Vec<String>> = HashMap::new();
        for t in &vocab {
            vocab_by_len
                .entry(t.chars().count())
                .or_default()
                .push(t.clone());
        }
        let mut synonyms = Vec::new();
        let mut stmt = conn.prepare("SELECT data FROM synonym_group")?;
        for data in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let g: SynonymGroup = decode(&data?)?;
            let terms: Vec<Vec<String>> = g
                .terms
                .iter()
                .map(|t| words(t).collect::<Vec<_>>())
                .filter(|w| !w.is_empty())
                .collect();
            if terms.len() > 1 {
                synonyms.push(terms);
            }
        }
        let agency_names = [
            crate::content::queries::agency_names(conn, Lang::Id)?,
            crate::content::queries::agency_names(conn, Lang::En)?,
            crate::content::queries::agency_names(conn, Lang::Jv)?,
        ];
        Ok(SearchData {
            version,
            vocab,
            vocab_by_len,
            synonyms,
            agency_names,
        })
    }

    fn agency_names(&self, lang: Lang) -> &HashMap<String, String> {
        match lang {
            Lang::Id => &self.agency_names[0],
            Lang::En => &self.agency_names[1],
            Lang::Jv => &self.agency_names[2],
        }
    }

    /// Indexed words within edit distance 1 (short words) or 2 (long words).
    fn corrections(&self, word: &str) -> Vec<String> {
        let len = word.chars().count();
        if len < 4 {
            return Vec::new();
        }
        let max = if len <= 6 { 1 } else { 2 };
        let mut found: Vec<(usize, &String)> = Vec::new();
        for l in len.saturating_sub(max)..=len + max {
            for cand in self.vocab_by_len.get(&l).into_iter().flatten() {
                let d = strsim::damerau_levenshtein(word, cand);
                if d <= max {
                    found.push((d, cand));
                }
            }
        }
        found.sort();
        found.into_iter().take(4).map(|(_, c)| c.clone()).collect()
    }
}

// ---------------------------------------------------------------- indexing

fn localized_all(l: &pati_protocol::Localized) -> String {
    l.all().collect::<Vec<_>>().join(" ")
}

/// (Re)indexes one service inside the content transaction.
pub(crate) fn index_service(tx: &Transaction, s: &Service) -> Result<()> {
    let agency: Option<Agency> = tx
        .prepare_cached("SELECT data FROM agency WHERE id = ?1")?
        .query_row([&s.agency], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| decode(&d))
        .transpose()?;
    let category: Option<ServiceCategory> = tx
        .prepare_cached("SELECT data FROM service_category WHERE id = ?1")?
        .query_row([&s.category], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| decode(&d))
        .transpose()?;
    let mut keywords = s.keywords.join(" ");
    if let Some(a) = &agency {
        keywords.push(' ');
        keywords.push_str(&a.short_name);
    }
    let mut body: Vec<String> = Vec::new();
    body.extend(s.requirements.iter().map(localized_all));
    body.extend(s.steps.iter().map(localized_all));
    if let Some(a) = &agency {
        body.push(localized_all(&a.name));
    }
    if let Some(c) = &category {
        body.push(localized_all(&c.name));
    }
    // The index row shares the service row's rowid: FTS5 finds rows by rowid
    // directly, while a lookup by the UNINDEXED id column scans the whole table
    // (which made applying 10k services quadratic).
    let rowid: i64 = tx
        .prepare_cached("SELECT rowid FROM service WHERE id = ?1")?
        .query_row([&s.id], |r| r.get(0))?;
    tx.prepare_cached("DELETE FROM service_fts WHERE rowid = ?1")?
        .execute([rowid])?;
    tx.prepare_cached(
        "INSERT INTO service_fts(rowid, id, name, keywords, summary, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        rowid,
        s.id,
        index_text(&localized_all(&s.name)),
        index_text(&keywords),
        index_text(&localized_all(&s.summary)),
        index_text(&body.join(" ")),
    ])?;
    Ok(())
}

/// Removes a service's index row; call before the service row itself goes.
pub(crate) fn unindex_service(tx: &Transaction, id: &str) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM service_fts WHERE rowid = (SELECT rowid FROM service WHERE id = ?1)",
    )?
    .execute([id])?;
    Ok(())
}

/// Reindexes the services of changed agencies or categories, except those in
/// `skip` (already indexed in this transaction).
pub(crate) fn reindex_services_of(
    tx: &Transaction,
    agencies: &[&str],
    categories: &[&str],
    skip: &HashSet<&str>,
) -> Result<()> {
    let mut by_agency = tx.prepare_cached("SELECT id, data FROM service WHERE agency = ?1")?;
    let mut by_category = tx.prepare_cached("SELECT id, data FROM service WHERE category = ?1")?;
    let mut rows: Vec<(String, String)> = Vec::new();
    for a in agencies {
        for row in by_agency.query_map([a], |r| Ok((r.get(0)?, r.get(1)?)))? {
            rows.push(row?);
        }
    }
    for c in categories {
        for row in by_category.query_map([c], |r| Ok((r.get(0)?, r.get(1)?)))? {
            rows.push(row?);
        }
    }
    let mut done: HashSet<String> = HashSet::new();
    for (id, data) in rows {
        if skip.contains(id.as_str()) || !done.insert(id) {
            continue;
        }
        index_service(tx, &decode(&data)?)?;
    }
    Ok(())
}

/// Rebuilds the whole index (a new analyzer).
pub(crate) fn reindex_all(tx: &Transaction) -> Result<()> {
    tx.execute("DELETE FROM service_fts", [])?;
    let rows: Vec<String> = tx
        .prepare("SELECT data FROM service")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for data in rows {
        index_service(tx, &decode(&data)?)?;
    }
    crate::store::meta_set(tx, ANALYZER_KEY, ANALYZER_VERSION)?;
    Ok(())
}

// ---------------------------------------------------------------- querying

/// Words that carry no meaning in how residents ask ("cara bikin ktp").
const FILLERS: &[&str] = &[
    "cara",
    "bikin",
    "buat",
    "membuat",
    "gimana",
    "bagaimana",
    "mau",
    "ingin",
    "pengen",
    "urus",
    "ngurus",
    "mengurus",
    "di",
    "ke",
    "dan",
    "yang",
    "untuk",
    "dengan",
    "apa",
    "dimana",
    "saya",
    "aku",
    "kulo",
    "piye",
    "carane",
    "gawe",
    "nggawe",
    "dong",
    "tolong",
    "info",
    "informasi",
];

/// One part of the query: any of its alternatives may match.
struct Clause {
    /// Each alternative is one or more words that must all appear.
    alternatives: Vec<Vec<String>>,
    /// The word being typed, matched as a prefix.
    prefix: Option<String>,
}

fn quote(word: &str) -> String {
    format!("\"{}\"", word.replace('"', ""))
}

impl Clause {
    fn to_fts(&self) -> String {
        let mut alts: Vec<String> = self
            .alternatives
            .iter()
            .map(|ws| {
                if ws.len() == 1 {
                    quote(&ws[0])
                } else {
                    format!(
                        "({})",
                        ws.iter()
                            .map(|w| quote(w))
                            .collect::<Vec<_>>()
                            .join(" AND ")
                    )
                }
            })
            .collect();
        if let Some(p) = &self.prefix {
            alts.push(format!("{}*", quote(p)));
        }
        format!("({})", alts.join(" OR "))
    }
}

/// Turns what the resident typed into FTS5 clauses plus the words to highlight.
fn plan(query: &str, data: &SearchData) -> (Vec<Clause>, HashSet<String>, Option<String>) {
    let all: Vec<String> = words(query).collect();
    let meaningful: Vec<String> = all
        .iter()
        .filter(|w| !FILLERS.contains(&w.as_str()))
        .cloned()
        .collect();
    // A query of only fillers ("cara") still searches for them.
    let ws = if meaningful.is_empty() {
        all
    } else {
        meaningful
    };
    let typing = !query.ends_with(char::is_whitespace);
    let mut clauses = Vec::new();
    let mut marks = HashSet::new();
    let mut last_prefix = None;
    let mut i = 0;
    while i < ws.len() {
        // The longest term matching here wins across all groups: "ktp digital"
        // is IKD's synonym, not "ktp" followed by "digital".
        let synonym = data
            .synonyms
            .iter()
            .filter_map(|group| {
                group
                    .iter()
                    .filter(|term| ws[i..].starts_with(term))
                    .map(Vec::len)
                    .max()
                    .map(|n| (group, n))
            })
            .max_by_key(|(_, n)| *n);
        if let Some((group, n)) = synonym {
            let mut alternatives = Vec::new();
            for term in group {
                let alt: Vec<String> = term.iter().map(|w| stem(w).into_owned()).collect();
                marks.extend(term.iter().cloned());
                marks.extend(alt.iter().cloned());
                alternatives.push(alt);
            }
            clauses.push(Clause {
                alternatives,
                prefix: None,
            });
            i += n;
            continue;
        }
        let w = &ws[i];
        let s = stem(w).into_owned();
        let mut alternatives = vec![vec![w.clone()]];
        if s != *w {
            alternatives.push(vec![s.clone()]);
        }
        // A word the index has never seen is probably a typo: add its neighbours.
        if !data.vocab.contains(w) && !data.vocab.contains(&s) {
            for c in data.corrections(w) {
                marks.insert(c.clone());
                alternatives.push(vec![c]);
            }
        }
        let is_last = i + 1 == ws.len();
        let prefix = (is_last && typing && w.chars().count() >= 2).then(|| w.clone());
        if prefix.is_some() {
            last_prefix = prefix.clone();
        }
        marks.insert(w.clone());
        marks.insert(s);
        clauses.push(Clause {
            alternatives,
            prefix,
        });
        i += 1;
    }
    (clauses, marks, last_prefix)
}

/// Splits `text` into matched and unmatched runs.
pub(crate) fn segments(
    text: &str,
    marks: &HashSet<String>,
    prefix: Option<&str>,
) -> Vec<TextSegment> {
    let mut out: Vec<TextSegment> = Vec::new();
    let mut push = |s: &str, matched: bool| match out.last_mut() {
        Some(last) if last.matched == matched => last.text.push_str(s),
        _ => out.push(TextSegment {
            text: s.to_owned(),
            matched,
        }),
    };
    let mut start = 0;
    let mut in_word = false;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (idx, (pos, c)) in bytes.iter().enumerate() {
        let is_word = c.is_alphanumeric();
        if idx == 0 {
            in_word = is_word;
            continue;
        }
        if is_word != in_word {
            let run = &text[start..*pos];
            push(run, in_word && word_matches(run, marks, prefix));
            start = *pos;
            in_word = is_word;
        }
    }
    if start < text.len() {
        let run = &text[start..];
        push(run, in_word && word_matches(run, marks, prefix));
    }
    out
}

fn word_matches(word: &str, marks: &HashSet<String>, prefix: Option<&str>) -> bool {
    let w = text::fold(word);
    marks.contains(&w)
        || marks.contains(stem(&w).as_ref())
        || prefix.is_some_and(|p| w.starts_with(p))
}

pub(crate) fn search(
    conn: &Connection,
    data: &Arc<SearchData>,
    query: &str,
    filter: &SearchFilter,
    lang: Lang,
) -> Result<Vec<SearchHit>> {
    let (clauses, marks, prefix) = plan(query, data);
    if clauses.is_empty() {
        return Ok(Vec::new());
    }
    let fts = clauses
        .iter()
        .map(Clause::to_fts)
        .collect::<Vec<_>>()
        .join(" OR ");
    let limit = filter.limit.unwrap_or(20).clamp(1, 100);
    // Names, keywords and summaries carry nearly all the rank weight. Asking them
    // first keeps broad queries fast (BM25 must score every matching row); the
    // bodies (requirements, steps) are searched only when that finds too little.
    let mut rows = matching_services(
        conn,
        &format!("{{name keywords summary}} : ({fts})"),
        filter,
        limit,
    )?;
    if rows.len() < limit as usize {
        rows = matching_services(conn, &fts, filter, limit)?;
    }
    let names = data.agency_names(lang);
    rows.into_iter()
        .map(|d| {
            let head: ServiceHead = decode(&d)?;
            let summary = ServiceSummary {
                name: head.name.get(lang).to_owned(),
                summary: head.summary.get(lang).to_owned(),
                agency_name: names.get(&head.agency).cloned().unwrap_or_default(),
                featured: head.featured,
                id: head.id,
                category_id: head.category,
                agency_id: head.agency,
            };
            Ok(SearchHit {
                name_segments: segments(&summary.name, &marks, prefix.as_deref()),
                summary_segments: segments(&summary.summary, &marks, prefix.as_deref()),
                service: summary,
            })
        })
        .collect()
}

/// The fields of a cached service a result row needs; serde skips the rest
/// without building it.
#[derive(serde::Deserialize)]
struct ServiceHead {
    id: String,
    category: String,
    agency: String,
    name: pati_protocol::Localized,
    summary: pati_protocol::Localized,
    #[serde(default)]
    featured: bool,
}

fn matching_services(
    conn: &Connection,
    fts: &str,
    filter: &SearchFilter,
    limit: u32,
) -> Result<Vec<String>> {
    // Rank rowids first and read the (large) JSON of the winners only: sorting
    // rows that carry `data` read every matching service from disk.
    let mut stmt = conn.prepare_cached(
        "SELECT f.rowid FROM service_fts f JOIN service s ON s.rowid = f.rowid
         WHERE service_fts MATCH ?1
           AND (?2 IS NULL OR s.category = ?2)
           AND (?3 IS NULL OR s.agency = ?3)
         ORDER BY bm25(service_fts, 0.0, 10.0, 6.0, 3.0, 1.0), s.id
         LIMIT ?4",
    )?;
    let rowids: Vec<i64> = stmt
        .query_map(
            params![fts, filter.category_id, filter.agency_id, limit],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    let mut data = conn.prepare_cached("SELECT data FROM service WHERE rowid = ?1")?;
    rowids
        .into_iter()
        .map(|rowid| Ok(data.query_row([rowid], |r| r.get(0))?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_mark_matching_words_only() {
        let marks: HashSet<String> = ["ktp".to_string(), "rekam".to_string()].into();
        let segs = segments("Perekaman KTP-el baru", &marks, Some("ba"));
        let marked: Vec<&str> = segs
            .iter()
            .filter(|s| s.matched)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["Perekaman", "KTP", "baru"]);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            joined, "Perekaman KTP-el baru",
            "segments cover the whole text"
        );
        let unmarked: Vec<&str> = segs
            .iter()
            .filter(|s| !s.matched)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(unmarked, [" ", "-el "]);
    }
}
