//! Timing of the console's complaint inbox and dashboard on a large SQLite store
//! (not a test: `#[ignore]`, it asserts nothing about time). Seeds rows straight
//! into the database (10,000 complaints, then 50,000 over the past year with their
//! events), serves the real console on loopback, and prints how long pages take.
//!
//! ```text
//! CARGO_TARGET_DIR=... cargo test --release -p pati-server --test console_bench \
//!     -- --ignored --nocapture
//! ```
//! Figures are in docs/BENCHMARKS.md. `dashboard_timings_postgres` does the same for
//! the dashboard on PostgreSQL (`PATI_TEST_POSTGRES_URL`, as the other tests), seeding
//! with `generate_series` on the server.

mod common;

use std::time::{Duration, Instant};

use pati_protocol::{ContentItem, ContentKind};
use pati_server::accounts::{self, LoginOutcome, DEMO_PASSWORD};
use pati_server::console::dashboard::{self, Bucket, Params};
use rand::{Rng, SeedableRng};

const J: &str = "pati";

/// `(at, kind, actor, status, rating)` of a seeded event.
type SeedEvent = (
    i64,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<i64>,
);

struct Catalogue {
    categories: Vec<(String, String)>,
    agencies: Vec<String>,
    kecamatan: Vec<String>,
}

async fn catalogue(state: &pati_server::AppState) -> Catalogue {
    let mut c = Catalogue {
        categories: Vec::new(),
        agencies: Vec::new(),
        kecamatan: Vec::new(),
    };
    for kind in [
        ContentKind::ComplaintCategory,
        ContentKind::Agency,
        ContentKind::Kecamatan,
    ] {
        for item in state.storage.content_items(J, kind).await.unwrap() {
            match item.item().unwrap() {
                ContentItem::ComplaintCategory(x) => c.categories.push((x.id, x.agency)),
                ContentItem::Agency(x) => c.agencies.push(x.id),
                ContentItem::Kecamatan(x) => c.kecamatan.push(x.code),
                _ => {}
            }
        }
    }
    c
}

/// Where the seeded complaints were filed: mostly phones, then kiosks and PCs.
const CHANNELS: [&str; 6] = [
    "android", "android", "android", "kiosk", "desktop", "android",
];

/// Inserts complaints `from..to` with realistic timelines, filed over the past year.
fn seed(path: &std::path::Path, cat: &Catalogue, from: usize, to: usize, now: i64) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(from as u64);
    let statuses = [
        "received",
        "verified",
        "assigned",
        "in_progress",
        "resolved",
        "closed",
        "rejected",
    ];
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO complaint (jurisdiction, id, tracking_number, category, agency, title,
                 description, lat, lon, kecamatan, desa, address, anonymous, confidential, status,
                 reporter_device, reporter_phone, created_at, updated_at, due_at, resolved_at,
                 reopen_until, rated, support_count, version, channel)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, NULL, ?8, NULL, NULL, ?9, 0, ?10,
                 'bench-device', NULL, ?11, ?12, ?13, ?14, NULL, ?15, 0, ?16, ?17)",
            )
            .unwrap();
        let mut event = tx
            .prepare(
                "INSERT INTO complaint_event (jurisdiction, id, complaint_id, at, kind, actor,
                 actor_name, status, agency, text, rating, internal)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8, ?9, ?10, 0)",
            )
            .unwrap();
        for i in from..to {
            let id = format!("bench-{i:08}");
            let (category, agency) = &cat.categories[rng.random_range(0..cat.categories.len())];
            let kec = &cat.kecamatan[rng.random_range(0..cat.kecamatan.len())];
            let created = now - rng.random_range(0..365 * 86_400);
            let status = statuses[rng.random_range(0..statuses.len())];
            let hours = |rng: &mut rand::rngs::StdRng, max: i64| rng.random_range(1..max) * 3600;
            let mut events: Vec<SeedEvent> =
                vec![(created, "created", "resident", Some("received"), None)];
            let assigned = created + hours(&mut rng, 120);
            let answered = assigned + hours(&mut rng, 200);
            let resolved = answered + hours(&mut rng, 200);
            match status {
                "rejected" => {
                    events.push((assigned, "rejected", "coordinator", Some("rejected"), None))
                }
                "verified" => {
                    events.push((assigned, "status", "coordinator", Some("verified"), None))
                }
                "received" => {}
                _ => events.push((assigned, "status", "coordinator", Some("assigned"), None)),
            }
            if matches!(status, "in_progress" | "resolved" | "closed") {
                events.push((answered, "response", "agency", Some("in_progress"), None));
            }
            if matches!(status, "resolved" | "closed") {
                events.push((resolved, "status", "agency", Some("resolved"), None));
                if rng.random_bool(0.5) {
                    let r = rng.random_range(1..=5);
                    events.push((resolved + 3600, "rating", "resident", None, Some(r)));
                }
            }
            let open = matches!(status, "received" | "verified" | "assigned");
            let due = open.then(|| created + 5 * 86_400);
            let last = events.iter().map(|e| e.0).max().unwrap_or(created);
            insert
                .execute(rusqlite::params![
                    J,
                    id,
                    format!("PTI-BENCH-{i:08}"),
                    category,
                    agency,
                    format!("Pengaduan uji nomor {i}"),
                    "Jalan berlubang di depan balai desa, mohon segera diperbaiki.",
                    kec,
                    rng.random_bool(0.2),
                    status,
                    created,
                    last,
                    due,
                    matches!(status, "resolved" | "closed").then_some(resolved),
                    events.iter().any(|e| e.1 == "rating"),
                    1_000_000 + i as i64,
                    CHANNELS[i % CHANNELS.len()],
                ])
                .unwrap();
            for (n, (at, kind, actor, st, rating)) in events.into_iter().enumerate() {
                event
                    .execute(rusqlite::params![
                        J,
                        format!("{id}-{n}"),
                        id,
                        at,
                        kind,
                        actor,
                        st,
                        agency,
                        Option::<String>::None,
                        rating,
                    ])
                    .unwrap();
            }
        }
    }
    tx.execute_batch(facts_backfill(include_str!(
        "../src/storage/migrations/sqlite/007_dashboard_facts.sql"
    )))
    .unwrap();
    tx.commit().unwrap();
    let _ = &cat.agencies;
}

/// The backfill statement of migration 007, which computes the dashboard's facts
/// columns from the events: the seeds write rows and events straight into the
/// database, as an older server's data would be.
fn facts_backfill(migration: &str) -> &str {
    let start = migration.find("UPDATE complaint").unwrap();
    let end = migration.find("-- The covering index").unwrap();
    &migration[start..end]
}

/// Median of `n` timed GETs of `path`.
async fn time_get(http: &reqwest::Client, url: &str, cookie: &str, n: usize) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut len = 0;
    for _ in 0..n {
        let t = Instant::now();
        let r = http.get(url).header("cookie", cookie).send().await.unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::OK);
        len = r.text().await.unwrap().len();
        times.push(t.elapsed());
    }
    times.sort();
    (times[n / 2], len)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn inbox_and_dashboard_timings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let content = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content");
    let config = pati_server::Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite:{}", db.display()),
        content_dir: Some(content),
        data_dir: Some(dir.path().to_owned()),
        ..Default::default()
    };
    let state = pati_server::prepare(&config).await.unwrap();
    accounts::ensure_demo_accounts(state.storage.as_ref())
        .await
        .unwrap();
    let cat = catalogue(&state).await;
    let now = chrono::Utc::now().timestamp();
    let t = Instant::now();
    seed(&db, &cat, 0, 10_000, now);
    eprintln!("seeded 10,000 complaints in {:?}", t.elapsed());

    let kept = state.clone();
    let (addr, tx) = common::serve(state, config.listen).await;
    let base = format!("http://{}", addr);
    let cookie = match accounts::login(kept.storage.as_ref(), J, "kominfo", DEMO_PASSWORD, now)
        .await
        .unwrap()
    {
        LoginOutcome::Success { token, .. } => format!("pati_session={J}.{token}"),
        LoginOutcome::Refused => panic!("demo login refused"),
    };
    let agency_cookie =
        match accounts::login(kept.storage.as_ref(), J, "disdukcapil", DEMO_PASSWORD, now)
            .await
            .unwrap()
        {
            LoginOutcome::Success { token, .. } => format!("pati_session={J}.{token}"),
            LoginOutcome::Refused => panic!("demo login refused"),
        };
    let http = reqwest::Client::new();
    let report = |what: &str, (d, len): (Duration, usize)| {
        eprintln!(
            "BENCH {what}: median {:.1} ms ({len} bytes)",
            d.as_secs_f64() * 1000.0
        );
    };
    let inbox = format!("{base}/console/complaints");
    report(
        "inbox first page, 10,000 complaints, koordinator",
        time_get(&http, &inbox, &cookie, 9).await,
    );
    report(
        "inbox first page, 10,000 complaints, agency admin",
        time_get(&http, &inbox, &agency_cookie, 9).await,
    );
    report(
        "inbox filtered (status+kecamatan+search), 10,000",
        time_get(&http, &format!("{inbox}?status=assigned&q=uji"), &cookie, 9).await,
    );

    let t = Instant::now();
    seed(&db, &cat, 10_000, 50_000, now);
    eprintln!("seeded 40,000 more complaints in {:?}", t.elapsed());
    report(
        "inbox first page, 50,000 complaints",
        time_get(&http, &inbox, &cookie, 9).await,
    );
    let dash = format!("{base}/console/dashboard");
    report(
        "dashboard page, 50,000 complaints over a year",
        time_get(&http, &dash, &cookie, 5).await,
    );
    report(
        "dashboard CSV, 50,000 complaints, weekly",
        time_get(
            &http,
            &format!("{base}/console/dashboard.csv?bucket=week"),
            &cookie,
            5,
        )
        .await,
    );

    // The figures alone (SQL + in-memory aggregation), without HTTP and templates.
    let today = chrono::Utc::now().date_naive();
    let p = Params {
        from: today - chrono::Duration::days(365),
        to: today,
        bucket: Bucket::Month,
        agency: None,
    };
    let mut times = Vec::new();
    let (from, to) = (now - 366 * 86_400, now + 86_400);
    for _ in 0..5 {
        let t = Instant::now();
        let facts = kept
            .storage
            .complaint_facts(
                J,
                pati_server::storage::FactsQuery {
                    from,
                    to,
                    agency: None,
                },
            )
            .await
            .unwrap();
        times.push((t.elapsed(), facts.len()));
    }
    times.sort();
    eprintln!(
        "BENCH complaint_facts SQL alone, {} rows: median {:.1} ms",
        times[2].1,
        times[2].0.as_secs_f64() * 1000.0
    );
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let f = dashboard::figures(&kept, J, &p, now).await.unwrap();
        times.push(t.elapsed());
        total = f.all.total;
    }
    times.sort();
    eprintln!(
        "BENCH dashboard figures (SQL + aggregation), {total} complaints: median {:.1} ms",
        times[2].as_secs_f64() * 1000.0
    );
    drop(tx);
}

/// Seeds `n` complaints of the past year and their events on PostgreSQL, in SQL.
async fn seed_postgres(url: &str, cat: &Catalogue, n: i64, now: i64) {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let cats: Vec<String> = cat.categories.iter().map(|c| c.0.clone()).collect();
    let agencies: Vec<String> = cat.categories.iter().map(|c| c.1.clone()).collect();
    client
        .execute(
            "INSERT INTO complaint (jurisdiction, id, tracking_number, category, agency, title,
               description, kecamatan, anonymous, confidential, status, reporter_device,
               created_at, updated_at, due_at, rated, support_count, version, channel)
             SELECT 'pati', 'bench-' || g, 'PTI-BENCH-' || g,
               ($1::text[])[1 + g % cardinality($1::text[])], ($2::text[])[1 + g % cardinality($2::text[])],
               'Pengaduan uji nomor ' || g, 'Jalan berlubang di depan balai desa.',
               ($3::text[])[1 + (g * 7) % cardinality($3::text[])], g % 5 = 0, false,
               (ARRAY['received','verified','assigned','in_progress','resolved','closed','rejected'])[1 + (g * 13) % 7],
               'bench-device', $4::int8 - (g * 7919) % (365 * 86400), $4::int8,
               CASE WHEN (g * 13) % 7 < 3 THEN $4::int8 - (g * 7919) % (365 * 86400) + 5 * 86400 END,
               false, 0, 1000000 + g, ($6::text[])[1 + g % cardinality($6::text[])]
             FROM generate_series(0, $5::int8 - 1) g",
            &[&cats, &agencies, &cat.kecamatan, &now, &n, &CHANNELS.to_vec()],
        )
        .await
        .unwrap();
    // created; triage (assigned or rejected); answer; resolution; a rating for half.
    client
        .batch_execute(
            "INSERT INTO complaint_event (jurisdiction, id, complaint_id, at, kind, actor, status, agency)
               SELECT jurisdiction, id || '-0', id, created_at, 'created', 'resident', 'received', agency
               FROM complaint WHERE id LIKE 'bench-%';
             INSERT INTO complaint_event (jurisdiction, id, complaint_id, at, kind, actor, status, agency)
               SELECT jurisdiction, id || '-1', id, created_at + 3600 * (1 + version % 120),
                 CASE WHEN status = 'rejected' THEN 'rejected' ELSE 'status' END, 'coordinator',
                 CASE WHEN status = 'rejected' THEN 'rejected' WHEN status = 'verified' THEN 'verified' ELSE 'assigned' END,
                 agency
               FROM complaint WHERE id LIKE 'bench-%' AND status <> 'received';
             INSERT INTO complaint_event (jurisdiction, id, complaint_id, at, kind, actor, status, agency, text)
               SELECT jurisdiction, id || '-2', id, created_at + 3600 * (1 + version % 120) + 3600 * (1 + version % 200),
                 'response', 'agency', 'in_progress', agency, 'Sedang ditangani'
               FROM complaint WHERE id LIKE 'bench-%' AND status IN ('in_progress', 'resolved', 'closed');
             INSERT INTO complaint_event (jurisdiction, id, complaint_id, at, kind, actor, status, agency)
               SELECT jurisdiction, id || '-3', id, created_at + 3600 * (1 + version % 120) + 3600 * (1 + version % 200) + 3600 * (1 + version % 170),
                 'status', 'agency', 'resolved', agency
               FROM complaint WHERE id LIKE 'bench-%' AND status IN ('resolved', 'closed');
             INSERT INTO complaint_event (jurisdiction, id, complaint_id, at, kind, actor, rating)
               SELECT jurisdiction, id || '-4', id, created_at + 200 * 3600 * 3, 'rating', 'resident', 1 + version % 5
               FROM complaint WHERE id LIKE 'bench-%' AND status IN ('resolved', 'closed') AND version % 2 = 0;
             ANALYZE complaint; ANALYZE complaint_event;",
        )
        .await
        .unwrap();
    client
        .batch_execute(facts_backfill(include_str!(
            "../src/storage/migrations/postgres/007_dashboard_facts.sql"
        )))
        .await
        .unwrap();
    client
        .batch_execute("VACUUM ANALYZE complaint")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn dashboard_timings_postgres() {
    let Some(url) = common::postgres_url().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let content = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content");
    let config = pati_server::Config {
        database_url: url.clone(),
        content_dir: Some(content),
        data_dir: Some(dir.path().to_owned()),
        ..Default::default()
    };
    let state = pati_server::prepare(&config).await.unwrap();
    let cat = catalogue(&state).await;
    let now = chrono::Utc::now().timestamp();
    let t = Instant::now();
    seed_postgres(&url, &cat, 50_000, now).await;
    eprintln!(
        "seeded 50,000 complaints on PostgreSQL in {:?}",
        t.elapsed()
    );
    let today = chrono::Utc::now().date_naive();
    let p = Params {
        from: today - chrono::Duration::days(365),
        to: today,
        bucket: Bucket::Month,
        agency: None,
    };
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let facts = state
            .storage
            .complaint_facts(
                J,
                pati_server::storage::FactsQuery {
                    from: now - 366 * 86_400,
                    to: now + 86_400,
                    agency: None,
                },
            )
            .await
            .unwrap();
        times.push((t.elapsed(), facts.len()));
    }
    times.sort();
    eprintln!(
        "BENCH postgres complaint_facts query alone, {} rows: median {:.1} ms",
        times[2].1,
        times[2].0.as_secs_f64() * 1000.0
    );
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let f = dashboard::figures(&state, J, &p, now).await.unwrap();
        times.push(t.elapsed());
        total = f.all.total;
    }
    times.sort();
    eprintln!(
        "BENCH postgres dashboard figures (SQL + aggregation), {total} complaints: median {:.1} ms",
        times[2].as_secs_f64() * 1000.0
    );
    let filter = pati_server::storage::AdminFilter {
        limit: 26,
        ..Default::default()
    };
    let mut times = Vec::new();
    for _ in 0..9 {
        let t = Instant::now();
        let page = state
            .storage
            .admin_complaints(J, filter.clone())
            .await
            .unwrap();
        assert_eq!(page.len(), 26);
        times.push(t.elapsed());
    }
    times.sort();
    eprintln!(
        "BENCH postgres inbox first page query, 50,000 complaints: median {:.1} ms",
        times[4].as_secs_f64() * 1000.0
    );
}
