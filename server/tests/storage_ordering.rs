//! Two properties that need raw access to the database next to the storage:
//!
//! 1. Versions become visible in commit order. A writer that took a version inside
//!    its transaction and has not committed yet holds the counter row; a later
//!    writer waits for it, so a pull can never move its cursor past a change that
//!    commits late (the failure a bare sequence would have).
//! 2. Every older schema version migrates to the current one with its data intact.
//!
//! Both run on SQLite and on PostgreSQL.

mod common;

use std::sync::Arc;
use std::time::Duration;

use pati_protocol::{mutation, ContentKind, Mutation, MutationOutcome};
use pati_server::storage::{self, Calendar, PublishMode, PushInput, PushOutcome, Storage};
use serde_json::json;

const J: &str = "mini";

const SQLITE_STEPS: &[&str] = &[
    include_str!("../src/storage/migrations/sqlite/001_content.sql"),
    include_str!("../src/storage/migrations/sqlite/002_accounts.sql"),
    include_str!("../src/storage/migrations/sqlite/003_complaints.sql"),
    include_str!("../src/storage/migrations/sqlite/004_open311.sql"),
    include_str!("../src/storage/migrations/sqlite/005_console.sql"),
    include_str!("../src/storage/migrations/sqlite/006_users.sql"),
];
const POSTGRES_STEPS: &[&str] = &[
    include_str!("../src/storage/migrations/postgres/001_content.sql"),
    include_str!("../src/storage/migrations/postgres/002_accounts.sql"),
    include_str!("../src/storage/migrations/postgres/003_complaints.sql"),
    include_str!("../src/storage/migrations/postgres/004_open311.sql"),
    include_str!("../src/storage/migrations/postgres/005_console.sql"),
    include_str!("../src/storage/migrations/postgres/006_users.sql"),
];

async fn setup(s: &Arc<dyn Storage>) {
    let pack = pati_server::pack::load(&common::fixture_packs().join("mini")).unwrap();
    s.publish(J, pack.items(), PublishMode::ReplaceAll)
        .await
        .unwrap();
    setup_device_only(s).await;
}

fn create_push() -> PushInput {
    PushInput {
        jurisdiction: J.into(),
        client_id: "dev-1".into(),
        mutations: vec![Mutation {
            seq: 1,
            name: mutation::COMPLAINT_CREATE_V1.into(),
            args: json!({
                "id": uuid::Uuid::now_v7().to_string(), "category": "adminduk",
                "title": "KTP belum jadi", "description": "Sudah tiga bulan belum dicetak",
                "location": {"desa": "99.01.01.1001"}
            }),
            client_time: None,
        }],
        now: 1_790_000_000,
        anonymous_per_day: 10,
        calendar: Arc::new(Calendar::default()),
    }
}

/// SQL of the "earlier writer": takes a version inside its transaction (as every
/// writer does) and records a rejection for dev-1 with it.
const TAKE_VERSION_SQLITE: &str =
    "INSERT INTO complaint_counter(jurisdiction, version, tracking) VALUES ('mini', 1, 0)
     ON CONFLICT(jurisdiction) DO UPDATE SET version = version + 1 RETURNING version";
const TAKE_VERSION_POSTGRES: &str = "INSERT INTO complaint_counter(jurisdiction, version, tracking) VALUES ('mini', 1, 0)
     ON CONFLICT(jurisdiction) DO UPDATE SET version = complaint_counter.version + 1 RETURNING version";

/// After both writers committed: the earlier one's change has the lower version,
/// and a pull from `cursor` (taken while the earlier one was open) sees both.
async fn check_after(s: &Arc<dyn Storage>, cursor: i64, early_version: i64) {
    let page = s
        .my_complaints(J, "dev-1", None, cursor, 100)
        .await
        .unwrap();
    assert_eq!(page.rejections.len(), 1, "the late commit is not skipped");
    assert_eq!(page.complaints.len(), 1);
    assert!(page.complaints[0].version > early_version);
    assert_eq!(page.version, page.complaints[0].version);
}

fn applied(o: PushOutcome) {
    match o {
        PushOutcome::Done { results, .. } => {
            assert_eq!(results[0].outcome, MutationOutcome::Applied)
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn sqlite_versions_are_visible_in_commit_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("order.db");
    let s = storage::open(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    setup(&s).await;
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch("BEGIN IMMEDIATE").unwrap();
    let early: i64 = raw
        .query_row(TAKE_VERSION_SQLITE, [], |r| r.get(0))
        .unwrap();
    raw.execute(
        "INSERT INTO rejection(jurisdiction, client_id, seq, mutation, code, message, version, at)
         VALUES ('mini', 'dev-1', 999, 'x', 'invalid_field', 'held', ?1, 0)",
        [early],
    )
    .unwrap();
    let later = tokio::spawn({
        let s = s.clone();
        async move { s.push(create_push()).await.unwrap() }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !later.is_finished(),
        "the later writer waits for the counter"
    );
    // (A pull here would wait too: SQLite has one writer, and this storage reads
    // through the same connection. PostgreSQL's test pulls in the middle.)
    raw.execute_batch("COMMIT").unwrap();
    applied(later.await.unwrap());
    check_after(&s, 0, early).await;
}

#[tokio::test]
async fn postgres_versions_are_visible_in_commit_order() {
    let Some(url) = common::postgres_url().await else {
        return;
    };
    let s = storage::open(&url).await.unwrap();
    setup(&s).await;
    let (raw, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    raw.batch_execute("BEGIN").await.unwrap();
    let early: i64 = raw
        .query_one(TAKE_VERSION_POSTGRES, &[])
        .await
        .unwrap()
        .get(0);
    raw.execute(
        "INSERT INTO rejection(jurisdiction, client_id, seq, mutation, code, message, version, at)
         VALUES ('mini', 'dev-1', 999, 'x', 'invalid_field', 'held', $1, 0)",
        &[&early],
    )
    .await
    .unwrap();
    let later = tokio::spawn({
        let s = s.clone();
        async move { s.push(create_push()).await.unwrap() }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !later.is_finished(),
        "the later writer waits for the counter"
    );
    // A pull now sees neither change and must not claim a version past them.
    let middle = s.my_complaints(J, "dev-1", None, 0, 100).await.unwrap();
    assert!(middle.complaints.is_empty() && middle.rejections.is_empty());
    assert!(middle.version < early);
    raw.batch_execute("COMMIT").await.unwrap();
    applied(later.await.unwrap());
    check_after(&s, middle.version, early).await;
}

/// Data written at an older schema, then the current server opens it.
async fn check_migrated(s: Arc<dyn Storage>, from: usize) {
    if from >= 1 {
        assert!(s
            .content_item(J, ContentKind::Agency, "a1")
            .await
            .unwrap()
            .is_some());
    }
    if from >= 2 {
        assert!(s.user_credentials(J, "old").await.unwrap().is_some());
    }
    if from >= 3 {
        // Version 7 computed the dashboard's facts columns from the stored events.
        let facts = s
            .complaint_facts(
                J,
                storage::FactsQuery {
                    from: 0,
                    to: i64::MAX,
                    agency: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(facts.len(), 2);
        let facts: Vec<_> = facts.into_iter().filter(|f| f.created_at == 100).collect();
        let old = s.complaint(J, "old-c").await.unwrap().unwrap();
        assert_eq!(facts[0], pati_server::console::dashboard::facts_of(&old));
        assert_eq!(facts[0].assigned_at, Some(110));
        assert_eq!(facts[0].followed_up_at, Some(130), "not the internal note");
        assert_eq!(facts[0].resolved_at, Some(140));
        assert_eq!(facts[0].ratings, [0, 0, 0, 1, 0]);
        // Version 10 copied the channel from the reporter's device row.
        assert_eq!(facts[0].channel.as_deref(), Some("kiosk"));
    }
    if from >= 3 {
        // Version 8 found the merge in the event's text: dev-1, the duplicate's
        // reporter, follows the target.
        let mine = s.my_complaints(J, "dev-1", None, 0, 10).await.unwrap();
        let mut ids: Vec<_> = mine.complaints.iter().map(|c| c.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["old-c", "old-d"]);
    }
    // The new tables work.
    let pack = pati_server::pack::load(&common::fixture_packs().join("mini")).unwrap();
    s.publish(J, pack.items(), PublishMode::Upsert)
        .await
        .unwrap();
    setup_device_only(&s).await;
    applied(s.push(create_push()).await.unwrap());
}

async fn setup_device_only(s: &Arc<dyn Storage>) {
    assert!(s
        .register_device(storage::NewDevice {
            jurisdiction: J.into(),
            client_id: "dev-1".into(),
            platform: "android".into(),
            app_version: "1".into(),
            refresh_hash: "r".into(),
            access_hash: "a".into(),
            access_expires_at: i64::MAX,
            now: 0,
        })
        .await
        .unwrap());
}

/// A complaint with a timeline, as versions 3 to 6 stored it (no facts columns),
/// filed from a kiosk.
const OLD_COMPLAINT: &str = "INSERT INTO device(jurisdiction, client_id, platform, app_version, refresh_hash,
       created_at, updated_at)
     VALUES ('mini', 'dev-old', 'kiosk', '1', 'r-old', 90, 90);
     INSERT INTO complaint(jurisdiction, id, tracking_number, category, agency, title,
       description, anonymous, confidential, status, reporter_device, created_at, updated_at,
       rated, support_count, version)
     VALUES ('mini', 'old-c', 'OLD-1', 'adminduk', 'disdukcapil', 'Lama', 'Pengaduan lama',
       FALSE, FALSE, 'resolved', 'dev-old', 100, 150, TRUE, 0, 1);
     INSERT INTO complaint_event(jurisdiction, id, complaint_id, at, kind, actor, status, agency, text, rating, internal)
     VALUES ('mini', 'e0', 'old-c', 100, 'created', 'resident', 'received', NULL, NULL, NULL, FALSE),
            ('mini', 'e1', 'old-c', 110, 'status', 'coordinator', 'assigned', 'disdukcapil', NULL, NULL, FALSE),
            ('mini', 'e2', 'old-c', 120, 'note', 'agency', NULL, NULL, 'cek', NULL, TRUE),
            ('mini', 'e3', 'old-c', 130, 'response', 'agency', NULL, NULL, 'Sedang', NULL, FALSE),
            ('mini', 'e4', 'old-c', 140, 'status', 'agency', 'resolved', NULL, NULL, NULL, FALSE),
            ('mini', 'e5', 'old-c', 150, 'rating', 'resident', NULL, NULL, NULL, 4, FALSE);
     INSERT INTO complaint(jurisdiction, id, tracking_number, category, agency, title,
       description, anonymous, confidential, status, reporter_device, created_at, updated_at,
       rated, support_count, version)
     VALUES ('mini', 'old-d', 'OLD-2', 'adminduk', NULL, 'Lama', 'Duplikat lama',
       FALSE, FALSE, 'rejected', 'dev-1', 200, 210, FALSE, 0, 2);
     INSERT INTO complaint_event(jurisdiction, id, complaint_id, at, kind, actor, status, agency, text, rating, internal)
     VALUES ('mini', 'e6', 'old-d', 200, 'created', 'resident', 'received', NULL, NULL, NULL, FALSE),
            ('mini', 'e7', 'old-d', 210, 'merged', 'coordinator', 'rejected', NULL,
             'Digabungkan sebagai duplikat dari pengaduan OLD-1. / Merged as a duplicate of complaint OLD-1.', NULL, FALSE);
     INSERT INTO complaint_counter(jurisdiction, version, tracking) VALUES ('mini', 2, 2);";

const OLD_AGENCY: &str =
    r#"{"kind":"agency","data":{"id":"a1","name":{"id":"A"},"short_name":"A","kind":"dinas"}}"#;

#[tokio::test]
async fn sqlite_migrates_from_every_older_version() {
    for from in 0..SQLITE_STEPS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let raw = rusqlite::Connection::open(&path).unwrap();
            for step in &SQLITE_STEPS[..from] {
                raw.execute_batch(step).unwrap();
            }
            if from >= 1 {
                raw.execute(
                    "INSERT INTO content_item(jurisdiction, kind, key, version, data, changed_at)
                     VALUES ('mini', 'agency', 'a1', 1, ?1, 0)",
                    [OLD_AGENCY],
                )
                .unwrap();
                raw.execute(
                    "INSERT INTO content_counter(jurisdiction, version) VALUES ('mini', 1)",
                    [],
                )
                .unwrap();
            }
            if from >= 2 {
                raw.execute(
                    "INSERT INTO console_user(jurisdiction, id, username, display_name, role, password_hash, created_at)
                     VALUES ('mini', 'u1', 'old', 'Old', 'viewer', 'x', 0)",
                    [],
                )
                .unwrap();
            }
            if from >= 3 {
                raw.execute_batch(OLD_COMPLAINT).unwrap();
            }
            raw.pragma_update(None, "user_version", from as i64)
                .unwrap();
        }
        let s = storage::open(&format!("sqlite:{}", path.display()))
            .await
            .unwrap();
        check_migrated(s, from).await;
    }
}

#[tokio::test]
async fn postgres_migrates_from_every_older_version() {
    for from in 0..POSTGRES_STEPS.len() {
        let Some(url) = common::postgres_url().await else {
            return;
        };
        let (raw, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .unwrap();
        let task = tokio::spawn(conn);
        raw.batch_execute("CREATE TABLE pati_schema (version BIGINT NOT NULL)")
            .await
            .unwrap();
        raw.execute(
            "INSERT INTO pati_schema(version) VALUES ($1)",
            &[&(from as i64)],
        )
        .await
        .unwrap();
        for step in &POSTGRES_STEPS[..from] {
            raw.batch_execute(step).await.unwrap();
        }
        if from >= 1 {
            raw.execute(
                "INSERT INTO content_item(jurisdiction, kind, key, version, data, changed_at)
                 VALUES ('mini', 'agency', 'a1', 1, $1, 0)",
                &[&OLD_AGENCY],
            )
            .await
            .unwrap();
            raw.batch_execute(
                "INSERT INTO content_counter(jurisdiction, version) VALUES ('mini', 1)",
            )
            .await
            .unwrap();
        }
        if from >= 2 {
            raw.batch_execute(
                "INSERT INTO console_user(jurisdiction, id, username, display_name, role, password_hash, created_at)
                 VALUES ('mini', 'u1', 'old', 'Old', 'viewer', 'x', 0)",
            )
            .await
            .unwrap();
        }
        if from >= 3 {
            raw.batch_execute(OLD_COMPLAINT).await.unwrap();
        }
        drop(raw);
        task.abort();
        let s = storage::open(&url).await.unwrap();
        check_migrated(s, from).await;
    }
}
