//! Working days in Indonesia: Monday to Friday, minus the public holidays (and
//! cuti bersama) of the content pack. Day boundaries are Asia/Jakarta (UTC+7, no
//! daylight saving), whatever the server's own time zone.

use std::collections::HashSet;

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Weekday};
use pati_protocol::Holiday;

/// UTC+7: Western Indonesia Time, used for every day boundary of the SLA clocks.
pub fn jakarta() -> FixedOffset {
    // 7 h is always a valid offset.
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero"))
}

/// The working-day calendar of one jurisdiction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: HashSet<NaiveDate>,
}

impl Calendar {
    /// Holidays whose date does not parse are skipped (the pack loader refuses them).
    pub fn new(holidays: &[Holiday]) -> Calendar {
        Calendar {
            holidays: holidays
                .iter()
                .filter_map(|h| NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").ok())
                .collect(),
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// The local (Jakarta) date of a unix time.
    pub fn local_date(unix: i64) -> NaiveDate {
        jakarta()
            .timestamp_opt(unix, 0)
            .single()
            .map(|t| t.date_naive())
            .unwrap_or_default()
    }

    /// Unix time of the first second of `d` in Jakarta.
    pub fn start_of(d: NaiveDate) -> i64 {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| jakarta().from_local_datetime(&t).single())
            .map(|t| t.timestamp())
            .unwrap_or(0)
    }

    /// Deadline of "within `n` working days" of `from`: the end of the `n`-th working
    /// day after the day `from` falls on (that day itself does not count, so a
    /// complaint filed on Friday evening gets the same deadline as one filed on
    /// Friday morning). Returned as the first second after that day.
    pub fn add_working_days(&self, from: i64, n: u32) -> i64 {
        let mut d = Calendar::local_date(from);
        let mut left = n;
        // Bounded: a year never has more than ~130 days off.
        let mut guard = 0;
        while left > 0 && guard < 10_000 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
            guard += 1;
        }
        Calendar::start_of(d + Duration::days(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> i64 {
        jakarta()
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .unwrap()
            .timestamp()
    }

    #[test]
    fn weekends_and_holidays_do_not_count() {
        // 2026-08-17 (Monday) is Independence Day.
        let cal = Calendar::new(&[Holiday {
            date: "2026-08-17".into(),
            name: "Hari Kemerdekaan RI".into(),
        }]);
        // Friday 14 August 2026, 16:00 → +3 working days: Tue 18, Wed 19, Thu 20.
        let due = cal.add_working_days(at(2026, 8, 14, 16), 3);
        assert_eq!(due, at(2026, 8, 21, 0));
        // Without the holiday: Mon 17, Tue 18, Wed 19.
        let plain = Calendar::default().add_working_days(at(2026, 8, 14, 16), 3);
        assert_eq!(plain, at(2026, 8, 20, 0));
    }

    #[test]
    fn day_boundaries_are_jakarta_time() {
        // 2026-08-13 18:30 UTC is already Friday 14 August 01:30 in Jakarta.
        let utc_thursday_evening = chrono::Utc
            .with_ymd_and_hms(2026, 8, 13, 18, 30, 0)
            .unwrap()
            .timestamp();
        assert_eq!(
            Calendar::local_date(utc_thursday_evening),
            NaiveDate::from_ymd_opt(2026, 8, 14).unwrap()
        );
        // So one working day later is Monday 17th (no holidays here), ending at
        // Tuesday 00:00 Jakarta = Monday 17:00 UTC.
        let due = Calendar::default().add_working_days(utc_thursday_evening, 1);
        assert_eq!(
            due,
            chrono::Utc
                .with_ymd_and_hms(2026, 8, 17, 17, 0, 0)
                .unwrap()
                .timestamp()
        );
    }

    #[test]
    fn ten_working_days_span_two_weekends() {
        let cal = Calendar::default();
        // Wednesday 7 October 2026 → 10 working days → Wednesday 21 October.
        assert_eq!(
            cal.add_working_days(at(2026, 10, 7, 9), 10),
            at(2026, 10, 22, 0)
        );
        assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap()));
        assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 12).unwrap()));
    }
}
