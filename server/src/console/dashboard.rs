//! The complaint dashboard (`/console/dashboard`, every role) and its CSV export
//! (`/console/dashboard.csv`, the same figures).
//!
//! The storage reduces each complaint to a [`ComplaintFacts`] row in one SQL query
//! (the first event of each kind that stops an SLA clock, kept as columns of the
//! complaint by the transaction that appends the event — migration 007), so no
//! timeline is ever loaded; [`compute`] then works in memory, because the SLA
//! rules count *working days* with the jurisdiction's holidays, and medians and
//! percentiles are not portable SQL (SQLite has neither).
//!
//! Charts are small server-rendered SVG bar charts written here (see
//! docs/ARCHITECTURE.md for why not a chart crate): class attributes styled by
//! console.css (the CSP forbids inline styles), a `<title>` for screen readers, and
//! every chart's numbers repeated in a table.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::Deserialize;

use super::auth::{Can, Staff, ViewDashboard};
use super::complaints::Names;
use super::ctext::CText;
use super::forms::SelectOption;
use super::pages::{self, format_time, render, Layout, Nav};
use crate::api::admin;
use crate::error::Result;
use crate::storage::{AdminFilter, ComplaintFacts, FactsQuery};
use crate::workflow::{self, Actor, Calendar};
use crate::AppState;

/// The three service-level rules the dashboard reports, in working days.
pub const SLA_VERIFY_DAYS: u32 = workflow::VERIFY_WORKING_DAYS;
pub const SLA_FOLLOW_UP_DAYS: u32 = workflow::FOLLOW_UP_WORKING_DAYS;
/// Resolution within 10 working days of the first assignment. The workflow itself
/// runs no resolution clock (its 10 days are the reopen window); this is the
/// reporting target of the regency's evaluation.
pub const SLA_RESOLVE_DAYS: u32 = 10;

/// Longest period the dashboard covers at once (about three years).
const MAX_DAYS: i64 = 1100;
/// Overdue complaints listed under the figures.
const OVERDUE_LIST: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Week,
    Month,
}

/// What the figures are about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// First and last day, inclusive, in the jurisdiction's time zone.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub bucket: Bucket,
    pub agency: Option<String>,
}

/// Compliance with one SLA rule. Complaints whose clock still runs and has not run
/// out are in neither column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sla {
    pub on_time: i64,
    pub late: i64,
}

impl Sla {
    fn add(&mut self, deadline: i64, stopped: Option<i64>, now: i64) {
        match stopped {
            Some(t) if t < deadline => self.on_time += 1,
            Some(_) => self.late += 1,
            None if now >= deadline => self.late += 1,
            None => {}
        }
    }

    /// Percentage on time, when anything was decided.
    pub fn percent(&self) -> Option<f64> {
        let n = self.on_time + self.late;
        (n > 0).then(|| 100.0 * self.on_time as f64 / n as f64)
    }
}

/// [`ComplaintFacts`] of one loaded complaint, by the same definitions as the
/// storage's SQL (the console tests check they agree).
pub fn facts_of(c: &crate::complaints::ComplaintRecord) -> ComplaintFacts {
    use pati_protocol::{ComplaintStatus as S, EventActor as A};
    let first = |pred: &dyn Fn(&crate::complaints::EventRecord) -> bool| {
        c.events.iter().filter(|e| pred(e)).map(|e| e.at).min()
    };
    let mut ratings = [0i64; 5];
    for e in c.events.iter().filter(|e| e.kind == "rating") {
        if let Some(r @ 1..=5) = e.rating {
            ratings[usize::from(r) - 1] += 1;
        }
    }
    ComplaintFacts {
        created_at: c.created_at,
        category: c.category.clone(),
        agency: c.state.agency.clone(),
        kecamatan: c.location.kecamatan.clone(),
        status: c.state.status,
        due_at: c.state.due_at,
        assigned_at: first(&|e| {
            matches!(e.kind.as_str(), "status" | "forwarded") && e.status == Some(S::Assigned)
        }),
        // A merge closes a duplicate as rejected: it ends the triage like a rejection.
        rejected_at: first(&|e| matches!(e.kind.as_str(), "rejected" | "merged")),
        followed_up_at: first(&|e| {
            !e.internal
                && matches!(e.actor, A::Agency | A::Coordinator)
                && (e.kind == "response"
                    || (e.kind == "status"
                        && matches!(e.status, Some(S::InProgress | S::Resolved))))
        }),
        resolved_at: first(&|e| e.kind == "status" && e.status == Some(S::Resolved)),
        ratings,
        channel: c.channel.clone(),
    }
}

/// Where one SLA rule stands for one complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The rule does not apply yet (e.g. not assigned).
    NotStarted,
    Running {
        deadline: i64,
    },
    OnTime {
        deadline: i64,
        at: i64,
    },
    Late {
        deadline: i64,
        at: Option<i64>,
    },
}

/// The three SLA rules for one complaint, as the dashboard counts them.
pub fn clocks(f: &ComplaintFacts, cal: &Calendar, now: i64) -> [Clock; 3] {
    let clock = |start: Option<i64>, days: u32, stop: Option<i64>| match start {
        None => Clock::NotStarted,
        Some(t) => {
            let deadline = cal.add_working_days(t, days);
            match stop {
                Some(at) if at < deadline => Clock::OnTime { deadline, at },
                Some(at) => Clock::Late {
                    deadline,
                    at: Some(at),
                },
                None if now >= deadline => Clock::Late { deadline, at: None },
                None => Clock::Running { deadline },
            }
        }
    };
    let triaged = match (f.assigned_at, f.rejected_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    [
        clock(Some(f.created_at), SLA_VERIFY_DAYS, triaged),
        clock(f.assigned_at, SLA_FOLLOW_UP_DAYS, f.followed_up_at),
        clock(f.assigned_at, SLA_RESOLVE_DAYS, f.resolved_at),
    ]
}

/// Figures of one group (the whole selection, or one agency).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    pub total: i64,
    pub open: i64,
    pub overdue: i64,
    /// Hours from filing to the first answer (an agency's answer, in progress or
    /// resolved, or a rejection with its reason).
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    /// verify ≤ 3, follow-up ≤ 5, resolve ≤ 10 working days.
    pub sla: [Sla; 3],
    /// Ratings of 1 to 5 stars.
    pub ratings: [i64; 5],
    response_hours: Vec<f64>,
}

/// Deadlines of "within `n` working days", memoised per local day: 50,000
/// complaints of a year fall on ~365 days, so the calendar is walked ~1,100 times
/// instead of 150,000.
struct Deadlines<'c> {
    cal: &'c Calendar,
    memo: HashMap<(i64, u32), i64>,
}

impl Deadlines<'_> {
    fn after(&mut self, from: i64, n: u32) -> i64 {
        // Day boundaries of the SLA calendar are Jakarta's (UTC+7, no DST).
        let day = (from + 7 * 3600).div_euclid(86_400);
        let cal = self.cal;
        *self
            .memo
            .entry((day, n))
            .or_insert_with(|| cal.add_working_days(from, n))
    }
}

impl Group {
    fn add(&mut self, f: &ComplaintFacts, cal: &mut Deadlines<'_>, now: i64) {
        self.total += 1;
        let open = workflow::is_open(f.status);
        if open {
            self.open += 1;
        }
        if open && f.due_at.is_some_and(|d| now >= d) {
            self.overdue += 1;
        }
        let first = match (f.followed_up_at, f.rejected_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(t) = first {
            self.response_hours
                .push((t - f.created_at).max(0) as f64 / 3600.0);
        }
        let triaged = match (f.assigned_at, f.rejected_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.sla[0].add(cal.after(f.created_at, SLA_VERIFY_DAYS), triaged, now);
        if let Some(assigned) = f.assigned_at {
            self.sla[1].add(
                cal.after(assigned, SLA_FOLLOW_UP_DAYS),
                f.followed_up_at,
                now,
            );
            self.sla[2].add(cal.after(assigned, SLA_RESOLVE_DAYS), f.resolved_at, now);
        }
        for (sum, n) in self.ratings.iter_mut().zip(f.ratings) {
            *sum += n;
        }
    }

    fn finish(&mut self) {
        let v = &mut self.response_hours;
        v.sort_by(|a, b| a.total_cmp(b));
        self.median_hours = median(v);
        self.p90_hours = nearest_rank(v, 90);
    }

    pub fn rating_count(&self) -> i64 {
        self.ratings.iter().sum()
    }

    pub fn rating_average(&self) -> Option<f64> {
        let n = self.rating_count();
        let sum: i64 = self
            .ratings
            .iter()
            .enumerate()
            .map(|(i, c)| (i as i64 + 1) * c)
            .sum();
        (n > 0).then(|| sum as f64 / n as f64)
    }
}

/// The middle value (mean of the two middle ones for an even count) of sorted values.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The nearest-rank percentile of sorted values: the smallest value with at least
/// `p` percent of the values at or below it.
pub fn nearest_rank(sorted: &[f64], p: usize) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub all: Group,
    /// `(bucket label, complaints filed)`, every bucket of the period in order.
    pub over_time: Vec<(String, i64)>,
    /// Ids with counts, most first.
    pub by_category: Vec<(String, i64)>,
    /// Kecamatan codes (empty: unknown) with counts, most first.
    pub by_kecamatan: Vec<(String, i64)>,
    /// Platform words (empty: unknown) with counts, most first.
    pub by_channel: Vec<(String, i64)>,
    /// Agency ids (empty: none) with their figures, by id.
    pub by_agency: Vec<(String, Group)>,
}

fn bucket_label(d: NaiveDate, b: Bucket) -> String {
    match b {
        Bucket::Month => format!("{:04}-{:02}", d.year(), d.month()),
        Bucket::Week => {
            let w = d.iso_week();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
    }
}

fn local_date(unix: i64, offset: FixedOffset) -> NaiveDate {
    offset
        .timestamp_opt(unix, 0)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// Unix time of the first second of `d` in `offset`.
pub fn start_of(d: NaiveDate, offset: FixedOffset) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .and_then(|t| offset.from_local_datetime(&t).single())
        .map(|t| t.timestamp())
        .unwrap_or(0)
}

fn sorted_counts(map: HashMap<&str, i64>) -> Vec<(String, i64)> {
    let mut v: Vec<_> = map.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// The figures of `facts` (complaints filed in the period), as of `now`.
pub fn compute(
    facts: &[ComplaintFacts],
    cal: &Calendar,
    now: i64,
    offset: FixedOffset,
    p: &Params,
) -> Figures {
    let mut all = Group::default();
    // Keys borrow from `facts`: one owned string per distinct key, not per complaint.
    let mut agencies: BTreeMap<&str, Group> = BTreeMap::new();
    let mut buckets: BTreeMap<String, i64> = BTreeMap::new();
    let mut d = p.from;
    while d <= p.to {
        buckets.entry(bucket_label(d, p.bucket)).or_insert(0);
        d += Duration::days(1);
    }
    let mut categories: HashMap<&str, i64> = HashMap::new();
    let mut kecamatan: HashMap<&str, i64> = HashMap::new();
    let mut channels: HashMap<&str, i64> = HashMap::new();
    let mut deadlines = Deadlines {
        cal,
        memo: HashMap::new(),
    };
    for f in facts {
        all.add(f, &mut deadlines, now);
        agencies
            .entry(f.agency.as_deref().unwrap_or_default())
            .or_default()
            .add(f, &mut deadlines, now);
        *buckets
            .entry(bucket_label(local_date(f.created_at, offset), p.bucket))
            .or_insert(0) += 1;
        *categories.entry(&f.category).or_insert(0) += 1;
        *kecamatan
            .entry(f.kecamatan.as_deref().unwrap_or_default())
            .or_insert(0) += 1;
        *channels
            .entry(f.channel.as_deref().unwrap_or_default())
            .or_insert(0) += 1;
    }
    all.finish();
    for g in agencies.values_mut() {
        g.finish();
    }
    Figures {
        all,
        over_time: buckets.into_iter().collect(),
        by_category: sorted_counts(categories),
        by_kecamatan: sorted_counts(kecamatan),
        by_channel: sorted_counts(channels),
        by_agency: agencies
            .into_iter()
            .map(|(k, g)| (k.to_owned(), g))
            .collect(),
    }
}

// ---------------------------------------------------------------------------
// Parameters

#[derive(Debug, Default, Deserialize)]
pub struct DashQuery {
    from: Option<String>,
    to: Option<String>,
    bucket: Option<String>,
    agency: Option<String>,
}

fn parse_date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// The period and agency asked for: by default the last twelve months by month.
/// An agency admin always sees its own agency. Returns whether a date was invalid.
fn params(
    q: &DashQuery,
    staff: &Staff,
    names: &Names,
    offset: FixedOffset,
    now: i64,
) -> (Params, bool) {
    let today = local_date(now, offset);
    let bad = |s: &Option<String>, parsed: Option<NaiveDate>| {
        s.as_deref().is_some_and(|v| !v.trim().is_empty()) && parsed.is_none()
    };
    let (from, to) = (parse_date(&q.from), parse_date(&q.to));
    let invalid = bad(&q.from, from) || bad(&q.to, to);
    let to = to.unwrap_or(today);
    // Default: the last twelve calendar months, this one included.
    let mut from = from.unwrap_or_else(|| {
        NaiveDate::from_ymd_opt(to.year(), to.month(), 1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(11)))
            .unwrap_or(to)
    });
    if from > to {
        from = to;
    }
    if (to - from).num_days() > MAX_DAYS {
        from = to - Duration::days(MAX_DAYS);
    }
    let bucket = match q.bucket.as_deref() {
        Some("week") => Bucket::Week,
        _ => Bucket::Month,
    };
    let agency = match admin::actor(&staff.session) {
        Actor::Agency(a) => Some(a),
        _ => q
            .agency
            .as_deref()
            .filter(|a| names.agencies.iter().any(|(k, _)| k == a))
            .map(str::to_owned),
    };
    (
        Params {
            from,
            to,
            bucket,
            agency,
        },
        invalid,
    )
}

/// Loads and computes the figures of a jurisdiction.
pub async fn figures(state: &AppState, j: &str, p: &Params, now: i64) -> Result<Figures> {
    let offset = pages::place(state, j, pati_protocol::Lang::Id)
        .await?
        .offset;
    let facts = state
        .storage
        .complaint_facts(
            j,
            FactsQuery {
                from: start_of(p.from, offset),
                to: start_of(p.to + Duration::days(1), offset),
                agency: p.agency.clone(),
            },
        )
        .await?;
    let cal = state.calendar(j);
    Ok(compute(&facts, &cal, now, offset, p))
}

// ---------------------------------------------------------------------------
// SVG charts

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A vertical bar chart of `(label, value)`, values ≥ 0. `suffix` follows values.
pub fn column_chart(id: &str, title: &str, data: &[(String, f64)], suffix: &str) -> String {
    let (w, h, left, bottom, top) = (720.0, 240.0, 40.0, 36.0, 16.0);
    let max = data.iter().map(|d| d.1).fold(0.0_f64, f64::max).max(1.0);
    let n = data.len().max(1) as f64;
    let slot = (w - left) / n;
    let bar = (slot * 0.7).max(1.0);
    let every = ((data.len() as f64 / 12.0).ceil() as usize).max(1);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-t" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title>"#,
        xml(title)
    );
    let _ = write!(
        s,
        r#"<line class="axis" x1="{left}" y1="{y}" x2="{w}" y2="{y}"/>"#,
        y = h - bottom
    );
    let _ = write!(
        s,
        r#"<text class="tick" x="{x}" y="{y}" text-anchor="end">{}</text>"#,
        fmt_num(max),
        x = left - 4.0,
        y = top + 4.0
    );
    for (i, (label, v)) in data.iter().enumerate() {
        let bh = (h - bottom - top) * v / max;
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let y = h - bottom - bh;
        let _ = write!(
            s,
            r#"<rect class="bar" x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{bh:.1}"><title>{}: {}{}</title></rect>"#,
            xml(label),
            fmt_num(*v),
            xml(suffix)
        );
        if i % every == 0 {
            let _ = write!(
                s,
                r#"<text class="tick" x="{cx:.1}" y="{ty}" text-anchor="middle">{}</text>"#,
                xml(label),
                cx = x + bar / 2.0,
                ty = h - bottom + 14.0
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// A horizontal bar chart of `(label, value)`, at most 15 rows.
pub fn bar_chart(id: &str, title: &str, data: &[(String, f64)], suffix: &str) -> String {
    let rows = &data[..data.len().min(15)];
    let (w, row, left) = (720.0, 26.0, 300.0);
    let h = (rows.len().max(1) as f64) * row + 8.0;
    let max = rows.iter().map(|d| d.1).fold(0.0_f64, f64::max).max(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-t" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title>"#,
        xml(title)
    );
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let bw = (w - left - 70.0) * v / max;
        let short: String = if label.chars().count() > 44 {
            label.chars().take(43).chain(std::iter::once('…')).collect()
        } else {
            label.clone()
        };
        let _ = write!(
            s,
            r#"<text class="label" x="{lx}" y="{ty:.1}" text-anchor="end">{}</text><rect class="bar" x="{left}" y="{y:.1}" width="{bw:.1}" height="{bh}"><title>{}: {}{}</title></rect><text class="value" x="{vx:.1}" y="{ty:.1}">{}{}</text>"#,
            xml(&short),
            xml(label),
            fmt_num(*v),
            xml(suffix),
            fmt_num(*v),
            xml(suffix),
            lx = left - 6.0,
            ty = y + 15.0,
            bh = row - 8.0,
            vx = left + bw + 6.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// Whole numbers without decimals, others with one.
pub fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map(fmt_num).unwrap_or_else(|| "—".to_owned())
}

// ---------------------------------------------------------------------------
// Page

pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub svg: String,
    pub head: (&'static str, &'static str),
    pub rows: Vec<(String, String)>,
}

pub struct SlaRow {
    pub rule: &'static str,
    pub on_time: i64,
    pub late: i64,
    pub percent: String,
}

pub struct AgencyRow {
    pub name: String,
    pub total: i64,
    pub open: i64,
    pub overdue: i64,
    pub median: String,
    pub p90: String,
    pub sla_follow: String,
    pub rating: String,
}

pub struct OverdueRow {
    pub id: String,
    pub tracking_number: String,
    pub title: String,
    pub agency: String,
    pub due: String,
}

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct DashboardPage {
    l: Layout,
    c: &'static CText,
    from: String,
    to: String,
    week: bool,
    agencies: Vec<SelectOption>,
    show_agency_filter: bool,
    invalid_date: bool,
    csv_href: String,
    kpis: Vec<(&'static str, &'static str, String)>,
    charts: Vec<Chart>,
    sla: Vec<SlaRow>,
    by_agency: Vec<AgencyRow>,
    overdue: Vec<OverdueRow>,
}

fn query_string(p: &Params) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.append_pair("from", &p.from.to_string());
    s.append_pair("to", &p.to.to_string());
    s.append_pair(
        "bucket",
        match p.bucket {
            Bucket::Week => "week",
            Bucket::Month => "month",
        },
    );
    if let Some(a) = &p.agency {
        s.append_pair("agency", a);
    }
    s.finish()
}

pub async fn page(
    State(state): State<AppState>,
    Can(staff, _): Can<ViewDashboard>,
    Query(q): Query<DashQuery>,
) -> Result<Response> {
    let c = CText::get(staff.ctx.lang);
    let j = staff.jurisdiction().to_owned();
    let lang = staff.ctx.lang;
    let names = Names::load(&state, &j, lang).await?;
    let place = pages::place(&state, &j, lang).await?;
    let now = Utc::now().timestamp();
    let (p, invalid_date) = params(&q, &staff, &names, place.offset, now);
    let fig = figures(&state, &j, &p, now).await?;
    let all = &fig.all;

    let kpis = vec![
        ("kpi-total", c.k_total, all.total.to_string()),
        ("kpi-open", c.k_open, all.open.to_string()),
        ("kpi-overdue", c.k_overdue, all.overdue.to_string()),
        (
            "kpi-median",
            c.k_median,
            format!("{} {}", fmt_opt(all.median_hours), c.hours),
        ),
        (
            "kpi-p90",
            c.k_p90,
            format!("{} {}", fmt_opt(all.p90_hours), c.hours),
        ),
        ("kpi-rating", c.k_rating, fmt_opt(all.rating_average())),
    ];
    let sla_names = [c.sla_verify, c.sla_follow, c.sla_resolve];
    let sla: Vec<SlaRow> = all
        .sla
        .iter()
        .zip(sla_names)
        .map(|(s, rule)| SlaRow {
            rule,
            on_time: s.on_time,
            late: s.late,
            percent: s
                .percent()
                .map(|v| format!("{}%", fmt_num((v * 10.0).round() / 10.0)))
                .unwrap_or_else(|| "—".into()),
        })
        .collect();

    let unknown = |s: String| {
        if s.is_empty() {
            c.unknown.to_owned()
        } else {
            s
        }
    };
    let chart = |id: &'static str,
                 title: &str,
                 data: Vec<(String, f64)>,
                 vertical: bool,
                 suffix: &str,
                 head: (&'static str, &'static str)| {
        let svg = if vertical {
            column_chart(id, title, &data, suffix)
        } else {
            bar_chart(id, title, &data, suffix)
        };
        Chart {
            id,
            title: title.to_owned(),
            svg,
            head,
            rows: data
                .into_iter()
                .map(|(k, v)| (k, format!("{}{suffix}", fmt_num(v))))
                .collect(),
        }
    };
    let charts = vec![
        chart(
            "chart-over-time",
            c.c_over_time,
            fig.over_time
                .iter()
                .map(|(k, v)| (k.clone(), *v as f64))
                .collect(),
            true,
            "",
            (c.col_period, c.col_count),
        ),
        chart(
            "chart-sla",
            // Not the table's name: two regions must not share one.
            &format!("{} (%)", c.c_sla),
            all.sla
                .iter()
                .zip(sla_names)
                .map(|(s, n)| (n.to_owned(), s.percent().unwrap_or(0.0).round()))
                .collect(),
            false,
            "%",
            (c.col_rule, c.col_compliance),
        ),
        chart(
            "chart-ratings",
            c.c_ratings,
            all.ratings
                .iter()
                .enumerate()
                .map(|(i, n)| (format!("{} ★", i + 1), *n as f64))
                .collect(),
            true,
            "",
            (c.col_stars, c.col_count),
        ),
        chart(
            "chart-category",
            c.c_category,
            fig.by_category
                .iter()
                .map(|(k, v)| (names.category(k), *v as f64))
                .collect(),
            false,
            "",
            (c.f_category, c.col_count),
        ),
        chart(
            "chart-kecamatan",
            c.c_kecamatan,
            fig.by_kecamatan
                .iter()
                .map(|(k, v)| (unknown(names.kecamatan(Some(k))), *v as f64))
                .collect(),
            false,
            "",
            (c.f_kecamatan, c.col_count),
        ),
        chart(
            "chart-channel",
            c.c_channel,
            fig.by_channel
                .iter()
                .map(|(k, v)| (unknown(c.channel(k).to_owned()), *v as f64))
                .collect(),
            false,
            "",
            (c.f_channel, c.col_count),
        ),
    ];
    let by_agency = fig
        .by_agency
        .iter()
        .map(|(a, g)| AgencyRow {
            name: unknown(names.agency(Some(a))),
            total: g.total,
            open: g.open,
            overdue: g.overdue,
            median: fmt_opt(g.median_hours),
            p90: fmt_opt(g.p90_hours),
            sla_follow: g.sla[1]
                .percent()
                .map(|v| format!("{}%", fmt_num(v.round())))
                .unwrap_or_else(|| "—".into()),
            rating: fmt_opt(g.rating_average().map(|r| (r * 10.0).round() / 10.0)),
        })
        .collect();
    let own_agency = matches!(admin::actor(&staff.session), Actor::Agency(_));
    let overdue = state
        .storage
        .admin_complaints(
            &j,
            AdminFilter {
                agency: p.agency.clone(),
                overdue_at: Some(now),
                assigned_only: own_agency,
                limit: OVERDUE_LIST,
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(|r| {
            let due = r
                .state
                .due_at
                .map(|d| format_time(d - 1, place.offset).0)
                .unwrap_or_default();
            OverdueRow {
                agency: names.agency(r.state.agency.as_deref()),
                due: due.get(..16).unwrap_or(&due).to_owned(),
                id: r.id,
                tracking_number: r.tracking_number,
                title: r.title,
            }
        })
        .collect();
    let page = DashboardPage {
        l: Layout::new(&state, &staff.ctx, c.dash_title, Some(Nav::Dashboard)).await,
        c,
        from: p.from.to_string(),
        to: p.to.to_string(),
        week: p.bucket == Bucket::Week,
        agencies: Names::options(&names.agencies, p.agency.as_deref(), c.all_agencies),
        show_agency_filter: !own_agency,
        invalid_date,
        csv_href: format!("/console/dashboard.csv?{}", query_string(&p)),
        kpis,
        charts,
        sla,
        by_agency,
        overdue,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------
// CSV

/// One CSV field: quoted when needed, and a leading `= + - @` defused so that a
/// spreadsheet never runs a name from the content pack as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The figures as `section,key,label,value` rows (numbers with a dot decimal).
pub fn to_csv(fig: &Figures, p: &Params, names: &Names, c: &CText) -> String {
    let mut out = String::from("section,key,label,value\r\n");
    let mut row = |section: &str, key: &str, label: &str, value: String| {
        out.push_str(&format!(
            "{},{},{},{}\r\n",
            csv_field(section),
            csv_field(key),
            csv_field(label),
            csv_field(&value)
        ));
    };
    let opt = |v: Option<f64>| v.map(|x| format!("{x:.1}")).unwrap_or_default();
    row("period", "from", "", p.from.to_string());
    row("period", "to", "", p.to.to_string());
    row(
        "period",
        "agency",
        &names.agency(p.agency.as_deref()),
        p.agency.clone().unwrap_or_default(),
    );
    let a = &fig.all;
    row("summary", "total", "", a.total.to_string());
    row("summary", "open", "", a.open.to_string());
    row("summary", "overdue", "", a.overdue.to_string());
    row("response_hours", "median", "", opt(a.median_hours));
    row("response_hours", "p90", "", opt(a.p90_hours));
    let rules = [
        format!("verify_{SLA_VERIFY_DAYS}wd"),
        format!("follow_up_{SLA_FOLLOW_UP_DAYS}wd"),
        format!("resolve_{SLA_RESOLVE_DAYS}wd"),
    ];
    for (rule, s) in rules.iter().zip(a.sla) {
        row("sla", rule, "on_time", s.on_time.to_string());
        row("sla", rule, "late", s.late.to_string());
        row("sla", rule, "compliance_pct", opt(s.percent()));
    }
    for (i, n) in a.ratings.iter().enumerate() {
        row("ratings", &(i + 1).to_string(), "", n.to_string());
    }
    row("ratings", "average", "", opt(a.rating_average()));
    for (k, v) in &fig.over_time {
        row("filed", k, "", v.to_string());
    }
    for (k, v) in &fig.by_category {
        row("category", k, &names.category(k), v.to_string());
    }
    for (k, v) in &fig.by_kecamatan {
        row("kecamatan", k, &names.kecamatan(Some(k)), v.to_string());
    }
    for (k, v) in &fig.by_channel {
        row("channel", k, c.channel(k), v.to_string());
    }
    for (k, g) in &fig.by_agency {
        let label = names.agency(Some(k));
        let section = format!("agency:{k}");
        row(&section, "total", &label, g.total.to_string());
        row(&section, "open", &label, g.open.to_string());
        row(&section, "overdue", &label, g.overdue.to_string());
        row(&section, "median_hours", &label, opt(g.median_hours));
        row(&section, "p90_hours", &label, opt(g.p90_hours));
        for (rule, s) in rules.iter().zip(g.sla) {
            row(&section, &format!("{rule}_pct"), &label, opt(s.percent()));
        }
        row(&section, "ratings", &label, g.rating_count().to_string());
        row(&section, "rating_average", &label, opt(g.rating_average()));
    }
    out
}

pub async fn csv(
    State(state): State<AppState>,
    Can(staff, _): Can<ViewDashboard>,
    Query(q): Query<DashQuery>,
) -> Result<Response> {
    let j = staff.jurisdiction().to_owned();
    let names = Names::load(&state, &j, staff.ctx.lang).await?;
    let place = pages::place(&state, &j, staff.ctx.lang).await?;
    let now = Utc::now().timestamp();
    let (p, _) = params(&q, &staff, &names, place.offset, now);
    let fig = figures(&state, &j, &p, now).await?;
    let body = to_csv(&fig, &p, &names, CText::get(staff.ctx.lang));
    let filename = format!("pengaduan-{j}-{}-{}.csv", p.from, p.to);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[1.0, 2.0, 10.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), Some(3.0));
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(nearest_rank(&v, 90), Some(9.0));
        assert_eq!(nearest_rank(&[5.0], 90), Some(5.0));
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-3.5"), "-3.5");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn charts_escape_labels() {
        let svg = bar_chart("x", "T<", &[("<b>".into(), 2.0)], "");
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("role=\"img\""));
    }
}
