//! Indonesian mobile numbers, normalised to `+628…` so one person has one key
//! however the number was typed.

/// `0812-3456-7890`, `+62 812 3456 7890`, `62812…` → `+6281234567890`. Only mobile
/// numbers (starting with 8 after the country code, 9 to 12 digits) can receive a
/// one-time code.
pub fn normalize(input: &str) -> Option<String> {
    if input.len() > 32 {
        return None;
    }
    let mut s: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    if let Some(rest) = s.strip_prefix("+62") {
        s = rest.to_owned();
    } else if let Some(rest) = s.strip_prefix("62") {
        s = rest.to_owned();
    } else if let Some(rest) = s.strip_prefix('0') {
        s = rest.to_owned();
    } else {
        return None;
    }
    let ok =
        s.starts_with('8') && (9..=12).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| format!("+62{s}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_meet() {
        for s in [
            "081234567890",
            "0812-3456-7890",
            "+62 812 3456 7890",
            "62812 3456 7890",
            "(0812) 3456.7890",
        ] {
            assert_eq!(normalize(s).as_deref(), Some("+6281234567890"), "{s}");
        }
    }

    #[test]
    fn landlines_foreign_and_garbage_are_refused() {
        for s in [
            "",
            "0295381234",
            "+6021234567",
            "+1 555 123 4567",
            "0812",
            "08123456789012345",
            "0812abc45678",
            "812345678",
        ] {
            assert_eq!(normalize(s), None, "{s}");
        }
    }
}
