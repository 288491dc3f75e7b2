//! Turning what the resident typed into clauses: fillers dropped, synonym groups
//! from the content pack, stems, typo corrections and a prefix on the word being
//! typed. Both the in-memory first pass and the FTS5 second pass evaluate them.

use std::collections::HashSet;

use super::text::{stem, words};
use super::SearchData;

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
pub(crate) struct Clause {
    /// Each alternative is one or more words that must all appear.
    pub alternatives: Vec<Vec<String>>,
    /// The word being typed, matched as a prefix.
    pub prefix: Option<String>,
}

fn quote(word: &str) -> String {
    format!("\"{}\"", word.replace('"', ""))
}

impl Clause {
    /// This clause as an FTS5 expression.
    pub(crate) fn to_fts(&self) -> String {
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

/// A query ready to run: clauses (any may match) and what to highlight.
pub(crate) struct Plan {
    pub clauses: Vec<Clause>,
    /// Words (and stems) to mark in result text.
    pub marks: HashSet<String>,
    /// The word being typed, marked wherever a word starts with it.
    pub prefix: Option<String>,
}

/// Turns what the resident typed into clauses plus the words to highlight.
pub(crate) fn plan(query: &str, data: &SearchData) -> Plan {
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
    Plan {
        clauses,
        marks,
        prefix: last_prefix,
    }
}
