//! Offline search over the service catalogue.
//!
//! Indexing stores each service's words *and* their Indonesian stems (Sastrawi), so
//! word forms meet ("pendaftaran" finds "daftar"). A query is expanded before it is
//! run ([`plan`]): synonym groups from the content pack (KTP = e-KTP = kartu tanda
//! penduduk), stems, typo corrections against the index's own vocabulary (edit
//! distance 1–2), and a prefix on the word being typed. Results are ranked by BM25
//! with name matches weighted highest, and come with match segments the UIs render
//! safely (no HTML crosses the API).
//!
//! Two passes: names, keywords and summaries are scored from an in-memory index
//! ([`head`]); only when they find too little are requirements and steps searched
//! too, through the FTS5 table ([`index`] keeps it in the content transaction).

pub(crate) mod head;
pub(crate) mod highlight;
pub(crate) mod index;
pub(crate) mod plan;
pub mod text;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use pati_protocol::{Lang, SynonymGroup};
use rusqlite::{params, Connection};

use crate::content::decode;
use crate::content::model::ServiceSummary;
use crate::error::Result;
use head::HeadIndex;
use highlight::segments;
use plan::{plan, Clause};
use text::words;

pub(crate) use index::{
    clear, index_pending, reindex_all, reindex_services_of, unindex_service, Pending,
};

/// Bumped when indexing changes, so devices rebuild their index on open.
pub(crate) const ANALYZER_VERSION: &str = "3";
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
    /// First-pass postings (names, keywords, summaries).
    head: HeadIndex,
}

impl SearchData {
    pub(crate) fn load(conn: &Connection, version: String) -> Result<SearchData> {
        let started = std::time::Instant::now();
        let mut vocab = HashSet::new();
        let mut stmt = conn.prepare("SELECT term FROM service_vocab")?;
        for term in stmt.query_map([], |r| r.get::<_, String>(0))? {
            vocab.insert(term?);
        }
        // Numbers are never typo candidates: a catalogue numbers its services, and
        // comparing "rusak" with 9,000 four-digit numbers cost 5 ms per keystroke.
        let mut vocab_by_len: HashMap<usize, Vec<String>> = HashMap::new();
        for t in vocab
            .iter()
            .filter(|t| !t.chars().any(|c| c.is_ascii_digit()))
        {
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
        let head = HeadIndex::build(conn)?;
        tracing::debug!(
            services = head.len(),
            words = vocab.len(),
            ms = started.elapsed().as_millis() as u64,
            "search data loaded"
        );
        Ok(SearchData {
            version,
            vocab,
            vocab_by_len,
            synonyms,
            agency_names,
            head,
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

// ---------------------------------------------------------------- querying

pub(crate) fn search(
    conn: &Connection,
    data: &Arc<SearchData>,
    query: &str,
    filter: &SearchFilter,
    lang: Lang,
) -> Result<Vec<SearchHit>> {
    let plan = plan(query, data);
    if plan.clauses.is_empty() {
        return Ok(Vec::new());
    }
    let limit = filter.limit.unwrap_or(20).clamp(1, 100);
    // Names, keywords and summaries carry nearly all the rank weight: the first
    // pass scores them in memory. The bodies (requirements, steps) are searched,
    // with every column, only when that finds too little.
    let mut rowids = data.head.top(
        &plan.clauses,
        filter.category_id.as_deref(),
        filter.agency_id.as_deref(),
        limit as usize,
    );
    if rowids.len() < limit as usize {
        let fts = plan
            .clauses
            .iter()
            .map(Clause::to_fts)
            .collect::<Vec<_>>()
            .join(" OR ");
        rowids = matching_services(conn, &fts, filter, limit)?;
    }
    let mut read = conn.prepare_cached("SELECT data FROM service WHERE rowid = ?1")?;
    let (marks, prefix) = (&plan.marks, plan.prefix.as_deref());
    let names = data.agency_names(lang);
    rowids
        .into_iter()
        .map(|rowid| {
            let d: String = read.query_row([rowid], |r| r.get(0))?;
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
                name_segments: segments(&summary.name, marks, prefix),
                summary_segments: segments(&summary.summary, marks, prefix),
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

/// The second pass: rowids of the best services over every column, from FTS5.
fn matching_services(
    conn: &Connection,
    fts: &str,
    filter: &SearchFilter,
    limit: u32,
) -> Result<Vec<i64>> {
    // Rank rowids first and read the (large) JSON of the winners only: sorting
    // rows that carry `data` read every matching service from disk.
    let mut stmt = conn.prepare_cached(
        "SELECT f.rowid FROM service_fts f JOIN service s ON s.rowid = f.rowid
         WHERE service_fts MATCH ?1
           AND (?2 IS NULL OR s.category = ?2)
           AND (?3 IS NULL OR s.agency = ?3)
         ORDER BY bm25(service_fts, 10.0, 6.0, 3.0, 1.0), s.id
         LIMIT ?4",
    )?;
    let rowids = stmt
        .query_map(
            params![fts, filter.category_id, filter.agency_id, limit],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    Ok(rowids)
}
