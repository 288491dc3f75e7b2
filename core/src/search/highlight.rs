//! Match segments for result rows: the UIs render them without HTML, so content
//! can never inject markup.

use std::collections::HashSet;

use super::text::{self, stem};
use super::TextSegment;

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
