//! Text analysis shared by indexing and querying: normalization, tokens, stems.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use sastrawi::{Dictionary, Stemmer};

fn stemmer() -> &'static Stemmer<'static> {
    static DICT: OnceLock<Dictionary> = OnceLock::new();
    static STEMMER: OnceLock<Stemmer<'static>> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::new(DICT.get_or_init(Dictionary::new)))
}

/// Lowercases and splits into words of letters and digits ("KTP-el" → ["ktp", "el"]).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
}

/// Lowercase with diacritics folded the way FTS5's `remove_diacritics 2` does for
/// the letters Indonesian and Javanese text uses (é, è, ê → e).
pub fn fold(word: &str) -> String {
    // Nearly every word of a catalogue is ASCII: skip the per-char Unicode path.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        })
        .collect()
}

/// The Indonesian root of a (folded) word; short words and numbers stay as they are.
pub fn stem(word: &str) -> Cow<'_, str> {
    if word.len() < 4 || word.chars().any(|c| c.is_ascii_digit()) {
        return Cow::Borrowed(word);
    }
    // Catalogues repeat their vocabulary heavily; a per-thread cache makes indexing
    // 10k services cheap. Bounded: cleared when full.
    thread_local! {
        static CACHE: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
    }
    let cached = CACHE.with(|c| c.borrow().get(word).cloned());
    let stemmed = match cached {
        Some(s) => s,
        None => {
            let s = match stemmer().stem_word(word) {
                Cow::Owned(s) if s != word => Some(s),
                Cow::Borrowed(s) if s != word => Some(s.to_owned()),
                _ => None,
            };
            CACHE.with(|c| {
                let mut c = c.borrow_mut();
                if c.len() >= 50_000 {
                    c.clear();
                }
                c.insert(word.to_owned(), s.clone());
            });
            s
        }
    };
    match stemmed {
        Some(s) => Cow::Owned(s),
        None => Cow::Borrowed(word),
    }
}

/// What is stored in a search column: every word, plus its stem when different.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for w in words(text) {
        let s = stem(&w);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
        if s != w {
            out.push(' ');
            out.push_str(&s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_split() {
        let w: Vec<_> = words("Perekaman KTP-el (Baru)").collect();
        assert_eq!(w, ["perekaman", "ktp", "el", "baru"]);
        assert_eq!(fold("Sêdhêkah"), "sedhekah");
    }

    #[test]
    fn indonesian_word_forms_share_a_stem() {
        assert_eq!(stem("perekaman"), "rekam");
        assert_eq!(stem("kelahiran"), "lahir");
        assert_eq!(stem("pendaftaran"), "daftar");
        assert_eq!(stem("ktp"), "ktp");
        assert_eq!(stem("2026"), "2026");
    }

    #[test]
    fn index_text_keeps_words_and_stems() {
        assert_eq!(index_text("Akta Kelahiran"), "akta kelahiran lahir");
    }
}
