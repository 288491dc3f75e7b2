//! The first pass, in memory: names, keywords and summaries as posting lists.
//!
//! Broad words ("surat", "kartu", "layanan") match thousands of rows of a large
//! catalogue, and FTS5's `bm25()` scores every one of them through its auxiliary
//! function API (a cursor step, an instance array and a column-size lookup per row):
//! 5–17 ms per keystroke at 10k services. These three fields are short and carry
//! nearly all the rank weight, so we keep their postings in plain arrays, compute
//! the same BM25 in Rust over contiguous memory and read only the winners' rows
//! from SQLite. The index is derived data: built from the service rows the first
//! time a content version is searched, dropped when content changes.

use std::cmp::Ordering;
use std::collections::HashMap;

use pati_protocol::{Agency, Localized};
use rusqlite::Connection;

use super::index::head_columns;
use super::plan::Clause;
use crate::content::decode;
use crate::error::Result;

/// Column weights: name, keywords, summary (FTS5 gives body 1).
const WEIGHTS: [f64; 3] = [10.0, 6.0, 3.0];
/// FTS5's bm25() constants, so both passes rank alike.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One service containing one term: how often, per column.
#[derive(Clone, Copy)]
struct Posting {
    doc: u32,
    tf: [u8; 3],
}

/// A service, numbered in id order (ties in score keep that order).
struct Doc {
    rowid: i64,
    category: u32,
    agency: u32,
    /// Tokens in the three columns (BM25's document length).
    len: u32,
}

pub(crate) struct HeadIndex {
    /// Sorted, so a prefix is a contiguous range.
    terms: Vec<Box<str>>,
    /// Per term, ascending by doc.
    postings: Vec<Box<[Posting]>>,
    docs: Vec<Doc>,
    avg_len: f64,
    categories: HashMap<Box<str>, u32>,
    agencies: HashMap<Box<str>, u32>,
}

/// The fields of a cached service the first pass needs; serde skips the rest.
#[derive(serde::Deserialize)]
struct HeadFields {
    category: String,
    agency: String,
    name: Localized,
    summary: Localized,
    #[serde(default)]
    keywords: Vec<String>,
}

fn intern(map: &mut HashMap<Box<str>, u32>, s: String) -> u32 {
    let next = map.len() as u32;
    *map.entry(s.into_boxed_str()).or_insert(next)
}

impl HeadIndex {
    /// Reads every service row once and analyses its first-pass columns.
    pub(crate) fn build(conn: &Connection) -> Result<HeadIndex> {
        let mut short_names: HashMap<String, String> = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, data FROM agency")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, data) = row?;
            let a: Agency = decode(&data)?;
            short_names.insert(id, a.short_name);
        }
        let mut categories = HashMap::new();
        let mut agencies = HashMap::new();
        let mut docs = Vec::new();
        let mut by_term: HashMap<Box<str>, Vec<Posting>> = HashMap::new();
        let mut total_len: u64 = 0;
        let mut stmt = conn.prepare("SELECT rowid, data FROM service ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            let data = row.get_ref(1)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
            })?;
            let f: HeadFields = decode(data)?;
            let columns = head_columns(
                &f.name,
                &f.keywords,
                short_names.get(&f.agency).map(String::as_str),
                &f.summary,
            );
            let doc = docs.len() as u32;
            let mut len = 0u32;
            let mut counts: Vec<(&str, [u8; 3])> = Vec::with_capacity(64);
            for (col, text) in columns.iter().enumerate() {
                for token in text.split(' ').filter(|t| !t.is_empty()) {
                    len += 1;
                    match counts.iter_mut().find(|(t, _)| *t == token) {
                        Some((_, tf)) => tf[col] = tf[col].saturating_add(1),
                        None => {
                            let mut tf = [0u8; 3];
                            tf[col] = 1;
                            counts.push((token, tf));
                        }
                    }
                }
            }
            for (token, tf) in &counts {
                let posting = Posting { doc, tf: *tf };
                match by_term.get_mut(*token) {
                    Some(list) => list.push(posting),
                    None => {
                        by_term.insert((*token).into(), vec![posting]);
                    }
                }
            }
            total_len += u64::from(len);
            docs.push(Doc {
                rowid,
                category: intern(&mut categories, f.category),
                agency: intern(&mut agencies, f.agency),
                len,
            });
        }
        let mut terms: Vec<(Box<str>, Vec<Posting>)> = by_term.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (terms, postings) = terms
            .into_iter()
            .map(|(t, p)| (t, p.into_boxed_slice()))
            .unzip();
        let avg_len = if docs.is_empty() {
            1.0
        } else {
            (total_len as f64 / docs.len() as f64).max(1.0)
        };
        Ok(HeadIndex {
            terms,
            postings,
            docs,
            avg_len,
            categories,
            agencies,
        })
    }

    /// Services indexed.
    pub(crate) fn len(&self) -> usize {
        self.docs.len()
    }

    /// Rowids of the best `limit` services matching any clause, best first, within
    /// the filters. Scored like FTS5's `bm25()` over these three columns: each word
    /// (and the typed prefix) is a phrase with its own IDF; a multi-word alternative
    /// counts only where all its words occur.
    pub(crate) fn top(
        &self,
        clauses: &[Clause],
        category: Option<&str>,
        agency: Option<&str>,
        limit: usize,
    ) -> Vec<i64> {
        // A filter naming something no service has matches nothing.
        let category = match category.map(|c| self.categories.get(c)) {
            Some(None) => return Vec::new(),
            Some(Some(&c)) => Some(c),
            None => None,
        };
        let agency = match agency.map(|a| self.agencies.get(a)) {
            Some(None) => return Vec::new(),
            Some(Some(&a)) => Some(a),
            None => None,
        };
        let mut scores = vec![0.0f64; self.docs.len()];
        let mut touched: Vec<u32> = Vec::new();
        for clause in clauses {
            for words in &clause.alternatives {
                let phrases: Vec<Vec<(u32, f64)>> = words.iter().map(|w| self.exact(w)).collect();
                self.add(&phrases, &mut scores, &mut touched);
            }
            if let Some(p) = &clause.prefix {
                self.add(&[self.prefixed(p)], &mut scores, &mut touched);
            }
        }
        let mut ranked: Vec<(f64, u32)> = touched
            .into_iter()
            .filter(|&d| {
                let doc = &self.docs[d as usize];
                category.is_none_or(|c| doc.category == c) && agency.is_none_or(|a| doc.agency == a)
            })
            .map(|d| (scores[d as usize], d))
            .collect();
        let best_first = |a: &(f64, u32), b: &(f64, u32)| -> Ordering {
            b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
        };
        if ranked.len() > limit && limit > 0 {
            ranked.select_nth_unstable_by(limit - 1, best_first);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(best_first);
        ranked
            .into_iter()
            .take(limit)
            .map(|(_, d)| self.docs[d as usize].rowid)
            .collect()
    }

    /// Services containing `word`, with its weighted frequency, ascending by doc.
    fn exact(&self, word: &str) -> Vec<(u32, f64)> {
        match self.terms.binary_search_by(|t| t.as_ref().cmp(word)) {
            Ok(i) => self.postings[i]
                .iter()
                .map(|p| (p.doc, weighted(p.tf)))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Services containing a word starting with `prefix`, frequencies summed.
    fn prefixed(&self, prefix: &str) -> Vec<(u32, f64)> {
        let start = self.terms.partition_point(|t| t.as_ref() < prefix);
        let mut out: Vec<(u32, f64)> = Vec::new();
        let mut lists = 0;
        for i in start..self.terms.len() {
            if !self.terms[i].starts_with(prefix) {
                break;
            }
            lists += 1;
            out.extend(self.postings[i].iter().map(|p| (p.doc, weighted(p.tf))));
        }
        if lists > 1 {
            out.sort_unstable_by_key(|&(d, _)| d);
            out.dedup_by(|b, a| {
                let same = a.0 == b.0;
                if same {
                    a.1 += b.1;
                }
                same
            });
        }
        out
    }

    /// Adds one alternative's score to the services containing all its phrases.
    fn add(&self, phrases: &[Vec<(u32, f64)>], scores: &mut [f64], touched: &mut Vec<u32>) {
        let Some(shortest) = phrases.iter().min_by_key(|p| p.len()) else {
            return;
        };
        let n = self.docs.len() as f64;
        let idf: Vec<f64> = phrases
            .iter()
            .map(|p| {
                let hits = p.len() as f64;
                let idf = ((n - hits + 0.5) / (hits + 0.5)).ln();
                if idf > 0.0 {
                    idf
                } else {
                    1e-6
                }
            })
            .collect();
        if let [phrase] = phrases {
            for &(doc, freq) in phrase {
                let s = &mut scores[doc as usize];
                if *s == 0.0 {
                    touched.push(doc);
                }
                *s += idf[0] * self.saturate(doc, freq);
            }
            return;
        }
        for &(doc, _) in shortest {
            let mut sum = 0.0;
            let mut all = true;
            for (phrase, idf) in phrases.iter().zip(&idf) {
                match phrase.binary_search_by_key(&doc, |&(d, _)| d) {
                    Ok(i) => sum += idf * self.saturate(doc, phrase[i].1),
                    Err(_) => {
                        all = false;
                        break;
                    }
                }
            }
            if all {
                let s = &mut scores[doc as usize];
                if *s == 0.0 {
                    touched.push(doc);
                }
                *s += sum;
            }
        }
    }

    /// BM25's term-frequency part, normalised by the service's length.
    fn saturate(&self, doc: u32, freq: f64) -> f64 {
        let len = f64::from(self.docs[doc as usize].len);
        freq * (K1 + 1.0) / (freq + K1 * (1.0 - B + B * len / self.avg_len))
    }
}

fn weighted(tf: [u8; 3]) -> f64 {
    tf.iter().zip(WEIGHTS).map(|(&t, w)| f64::from(t) * w).sum()
}
