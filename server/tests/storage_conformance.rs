//! One conformance suite for every storage backend: each test body is written once
//! against `dyn Storage` and run on SQLite and on PostgreSQL.

mod common;

use std::sync::Arc;

use pati_protocol::{Agency, ContentItem, ContentKind, Localized};
use pati_server::error::Error;
use pati_server::storage::{
    LockoutPolicy, NewAuditEntry, NewSession, NewUser, PublishMode, Role, Storage,
};

fn agency(id: &str, name: &str) -> ContentItem {
    ContentItem::Agency(Agency {
        id: id.into(),
        name: Localized {
            id: name.into(),
            en: None,
            jv: None,
        },
        short_name: id.to_uppercase(),
        kind: "dinas".into(),
        description: None,
        address: None,
        phone: None,
        email: None,
        website: None,
    })
}

fn keys(page: &pati_server::storage::ChangePage) -> Vec<(String, bool)> {
    page.changes
        .iter()
        .map(|c| (c.key.clone(), c.data.is_some()))
        .collect()
}

async fn publish_then_pull_everything(s: Arc<dyn Storage>) {
    let r = s
        .publish(
            "pati",
            vec![agency("a", "A"), agency("b", "B")],
            PublishMode::ReplaceAll,
        )
        .await
        .unwrap();
    assert_eq!((r.added, r.updated, r.removed, r.unchanged), (2, 0, 0, 0));
    let page = s.content_changes("pati", 0, 100, 1 << 20).await.unwrap();
    assert_eq!(keys(&page), vec![("a".into(), true), ("b".into(), true)]);
    assert!(!page.has_more && !page.reset);
    assert_eq!(page.version, r.version);
    assert!(page.changes[0].version < page.changes[1].version);
}

async fn republishing_the_same_pack_changes_nothing(s: Arc<dyn Storage>) {
    let items = vec![agency("a", "A"), agency("b", "B")];
    let first = s
        .publish("pati", items.clone(), PublishMode::ReplaceAll)
        .await
        .unwrap();
    let again = s
        .publish("pati", items, PublishMode::ReplaceAll)
        .await
        .unwrap();
    assert_eq!(
        (again.added, again.updated, again.removed, again.unchanged),
        (0, 0, 0, 2)
    );
    assert_eq!(again.version, first.version);
    let page = s
        .content_changes("pati", first.version, 100, 1 << 20)
        .await
        .unwrap();
    assert!(page.changes.is_empty());
    assert_eq!(page.version, first.version);
}

async fn edits_and_removals_arrive_as_a_delta(s: Arc<dyn Storage>) {
    let first = s
        .publish(
            "pati",
            vec![agency("a", "A"), agency("b", "B"), agency("c", "C")],
            PublishMode::ReplaceAll,
        )
        .await
        .unwrap();
    let second = s
        .publish(
            "pati",
            vec![agency("a", "A"), agency("b", "B2"), agency("d", "D")],
            PublishMode::ReplaceAll,
        )
        .await
        .unwrap();
    assert_eq!(
        (
            second.added,
            second.updated,
            second.removed,
            second.unchanged
        ),
        (1, 1, 1, 1)
    );
    let page = s
        .content_changes("pati", first.version, 100, 1 << 20)
        .await
        .unwrap();
    let mut got = keys(&page);
    got.sort();
    assert_eq!(
        got,
        vec![("b".into(), true), ("c".into(), false), ("d".into(), true)]
    );
    assert_eq!(page.version, second.version);
}

async fn upsert_and_retire_single_items(s: Arc<dyn Storage>) {
    let first = s
        .publish("pati", vec![agency("a", "A")], PublishMode::ReplaceAll)
        .await
        .unwrap();
    let up = s
        .publish("pati", vec![agency("b", "B")], PublishMode::Upsert)
        .await
        .unwrap();
    assert_eq!(
        (up.added, up.removed),
        (1, 0),
        "upsert keeps what it was not given"
    );
    assert!(s.retire("pati", ContentKind::Agency, "a").await.unwrap());
    assert!(
        !s.retire("pati", ContentKind::Agency, "a").await.unwrap(),
        "already retired"
    );
    assert!(!s.retire("pati", ContentKind::Agency, "zzz").await.unwrap());
    let page = s
        .content_changes("pati", first.version, 100, 1 << 20)
        .await
        .unwrap();
    assert_eq!(keys(&page), vec![("b".into(), true), ("a".into(), false)]);
}

async fn pages_split_by_count_and_size(s: Arc<dyn Storage>) {
    let items: Vec<_> = (0..25)
        .map(|i| agency(&format!("a{i:02}"), &"x".repeat(100)))
        .collect();
    s.publish("pati", items, PublishMode::ReplaceAll)
        .await
        .unwrap();
    let mut since = 0;
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let page = s.content_changes("pati", since, 10, 1 << 20).await.unwrap();
        pages += 1;
        assert!(page.changes.len() <= 10);
        assert!(page.version > since || page.changes.is_empty());
        all.extend(page.changes.iter().map(|c| c.version));
        since = page.version;
        if !page.has_more {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(all.len(), 25);
    assert!(all.windows(2).all(|w| w[0] < w[1]));
    // A byte budget smaller than one item still makes progress, one item a page.
    let page = s.content_changes("pati", 0, 100, 10).await.unwrap();
    assert_eq!(page.changes.len(), 1);
    assert!(page.has_more);
}

async fn jurisdictions_are_isolated(s: Arc<dyn Storage>) {
    s.publish("pati", vec![agency("a", "A")], PublishMode::ReplaceAll)
        .await
        .unwrap();
    s.publish(
        "pekalongan",
        vec![agency("x", "X"), agency("y", "Y")],
        PublishMode::ReplaceAll,
    )
    .await
    .unwrap();
    let pati = s.content_changes("pati", 0, 100, 1 << 20).await.unwrap();
    assert_eq!(keys(&pati), vec![("a".into(), true)]);
    let pkl = s
        .content_changes("pekalongan", 0, 100, 1 << 20)
        .await
        .unwrap();
    assert_eq!(pkl.changes.len(), 2);
    // Replacing one jurisdiction's content leaves the other untouched.
    s.publish("pati", vec![], PublishMode::ReplaceAll)
        .await
        .unwrap();
    let pkl_after = s
        .content_changes("pekalongan", pkl.version, 100, 1 << 20)
        .await
        .unwrap();
    assert!(pkl_after.changes.is_empty());
    let none = s.content_changes("nowhere", 0, 100, 1 << 20).await.unwrap();
    assert!(none.changes.is_empty() && none.version == 0);
}

async fn cursors_from_elsewhere_or_past_the_horizon_reset(s: Arc<dyn Storage>) {
    s.publish(
        "pati",
        vec![agency("a", "A"), agency("b", "B")],
        PublishMode::ReplaceAll,
    )
    .await
    .unwrap();
    let v1 = s
        .content_changes("pati", 0, 100, 1 << 20)
        .await
        .unwrap()
        .version;
    // A cursor newer than anything stored (the database was replaced): reset.
    let page = s
        .content_changes("pati", v1 + 1000, 100, 1 << 20)
        .await
        .unwrap();
    assert!(page.reset);
    assert_eq!(page.changes.len(), 2);

    s.publish("pati", vec![agency("a", "A")], PublishMode::ReplaceAll)
        .await
        .unwrap();
    // Tombstone of b exists; purge everything older than "the future".
    let purged = s.purge_tombstones("pati", i64::MAX).await.unwrap();
    assert_eq!(purged, 1);
    // A device that synced before the purge could have missed b's removal: reset,
    // with live items only.
    let page = s.content_changes("pati", v1, 100, 1 << 20).await.unwrap();
    assert!(page.reset);
    assert_eq!(keys(&page), vec![("a".into(), true)]);
}

async fn jurisdiction_list_comes_from_published_content(s: Arc<dyn Storage>) {
    let pack = pati_server::pack::load(&common::fixture_packs().join("mini")).unwrap();
    s.publish("mini", pack.items(), PublishMode::ReplaceAll)
        .await
        .unwrap();
    let list = s.jurisdictions().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, "mini");
    assert_eq!(list[0].code, "99.01");
}

fn new_user(j: &str, username: &str, role: Role, agency: Option<&str>) -> NewUser {
    NewUser {
        jurisdiction: j.into(),
        username: username.into(),
        display_name: format!("{username} display"),
        role,
        agency: agency.map(Into::into),
        password_hash: format!("$argon2id$fake${username}"),
    }
}

fn audit(j: &str, actor: &str, action: &str) -> NewAuditEntry {
    NewAuditEntry {
        jurisdiction: j.into(),
        actor: actor.into(),
        action: action.into(),
        target: "t".into(),
        detail: "d".into(),
    }
}

async fn users_are_unique_per_jurisdiction(s: Arc<dyn Storage>) {
    let a = s
        .create_user(new_user("pati", "kominfo", Role::Koordinator, None))
        .await
        .unwrap();
    assert_eq!(a.role, Role::Koordinator);
    let dup = s
        .create_user(new_user("pati", "kominfo", Role::Viewer, None))
        .await;
    assert!(matches!(dup, Err(Error::Conflict(_))), "{dup:?}");
    // The same username in another jurisdiction is another person.
    let b = s
        .create_user(new_user("pekalongan", "kominfo", Role::Viewer, None))
        .await
        .unwrap();
    assert_ne!(a.id, b.id);
    s.create_user(new_user(
        "pati",
        "dishub",
        Role::AgencyAdmin,
        Some("dishub"),
    ))
    .await
    .unwrap();

    let c = s
        .user_credentials("pati", "kominfo")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.user, a);
    assert_eq!(c.password_hash, "$argon2id$fake$kominfo");
    assert_eq!((c.failed_attempts, c.locked_until), (0, None));
    let pk = s
        .user_credentials("pekalongan", "kominfo")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pk.user.role, Role::Viewer);
    assert!(s
        .user_credentials("pati", "nobody")
        .await
        .unwrap()
        .is_none());
    assert!(s
        .user_credentials("nowhere", "kominfo")
        .await
        .unwrap()
        .is_none());

    let list = s.users("pati").await.unwrap();
    let names: Vec<_> = list
        .iter()
        .map(|u| (u.username.as_str(), u.agency.as_deref()))
        .collect();
    assert_eq!(names, vec![("dishub", Some("dishub")), ("kominfo", None)]);
    // An agency admin without an agency is refused by the schema itself.
    assert!(s
        .create_user(new_user("pati", "x", Role::AgencyAdmin, None))
        .await
        .is_err());
    assert!(s
        .create_user(new_user("pati", "y", Role::Viewer, Some("dishub")))
        .await
        .is_err());
}

async fn failed_logins_lock_and_success_clears(s: Arc<dyn Storage>) {
    let u = s
        .create_user(new_user("pati", "viewer", Role::Viewer, None))
        .await
        .unwrap();
    let policy = LockoutPolicy {
        max_attempts: 3,
        lock_seconds: 900,
    };
    let f1 = s
        .record_login_failure("pati", &u.id, 1000, policy)
        .await
        .unwrap();
    assert_eq!((f1.failed_attempts, f1.locked_until), (1, None));
    s.record_login_failure("pati", &u.id, 1001, policy)
        .await
        .unwrap();
    let f3 = s
        .record_login_failure("pati", &u.id, 1002, policy)
        .await
        .unwrap();
    assert_eq!((f3.failed_attempts, f3.locked_until), (0, Some(1902)));
    let c = s.user_credentials("pati", "viewer").await.unwrap().unwrap();
    assert_eq!((c.failed_attempts, c.locked_until), (0, Some(1902)));
    // Counting continues from zero after a lock.
    let again = s
        .record_login_failure("pati", &u.id, 2000, policy)
        .await
        .unwrap();
    assert_eq!((again.failed_attempts, again.locked_until), (1, None));
    s.record_login_success("pati", &u.id).await.unwrap();
    let c = s.user_credentials("pati", "viewer").await.unwrap().unwrap();
    assert_eq!((c.failed_attempts, c.locked_until), (0, None));
    assert!(s
        .record_login_failure("pati", "no-such-id", 1, policy)
        .await
        .is_err());
    assert!(
        s.record_login_failure("pekalongan", &u.id, 1, policy)
            .await
            .is_err(),
        "another jurisdiction"
    );
}

async fn concurrent_failures_are_all_counted(s: Arc<dyn Storage>) {
    let u = s
        .create_user(new_user("pati", "viewer", Role::Viewer, None))
        .await
        .unwrap();
    let policy = LockoutPolicy {
        max_attempts: 100,
        lock_seconds: 900,
    };
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (s, id) = (s.clone(), u.id.clone());
            tokio::spawn(async move {
                s.record_login_failure("pati", &id, 10, policy)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut counts = Vec::new();
    for t in tasks {
        counts.push(t.await.unwrap().failed_attempts);
    }
    counts.sort();
    assert_eq!(counts, (1..=8).collect::<Vec<_>>());
}

async fn sessions_expire_and_stay_in_their_jurisdiction(s: Arc<dyn Storage>) {
    let u = s
        .create_user(new_user("pati", "kominfo", Role::Koordinator, None))
        .await
        .unwrap();
    let session = |hash: &str, expires_at: i64| NewSession {
        jurisdiction: "pati".into(),
        token_hash: hash.into(),
        user_id: u.id.clone(),
        csrf_token: format!("csrf-{hash}"),
        created_at: 100,
        expires_at,
    };
    s.create_session(session("h1", 1000)).await.unwrap();
    s.create_session(session("h2", 500)).await.unwrap();
    let got = s.session("pati", "h1", 999).await.unwrap().unwrap();
    assert_eq!(got.user, u);
    assert_eq!((got.csrf_token.as_str(), got.expires_at), ("csrf-h1", 1000));
    assert!(
        s.session("pati", "h1", 1000).await.unwrap().is_none(),
        "expired at its expiry"
    );
    assert!(s.session("pekalongan", "h1", 999).await.unwrap().is_none());
    assert!(s.session("pati", "nope", 0).await.unwrap().is_none());
    assert_eq!(s.purge_sessions(600).await.unwrap(), 1);
    assert!(
        s.session("pati", "h2", 0).await.unwrap().is_none(),
        "purged"
    );
    assert!(s.delete_session("pati", "h1").await.unwrap());
    assert!(!s.delete_session("pati", "h1").await.unwrap());
    assert!(s.session("pati", "h1", 0).await.unwrap().is_none());
    // A session must belong to a user of its own jurisdiction.
    let mut stray = session("h3", 1000);
    stray.jurisdiction = "pekalongan".into();
    assert!(s.create_session(stray).await.is_err());
}

async fn audit_log_pages_newest_first_per_jurisdiction(s: Arc<dyn Storage>) {
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            s.append_audit(audit("pati", &format!("u{i}"), "login.ok"))
                .await
                .unwrap(),
        );
    }
    s.append_audit(audit("pekalongan", "x", "logout"))
        .await
        .unwrap();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let page = s.audit_log("pati", None, 3).await.unwrap();
    let actors: Vec<_> = page.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(actors, vec!["u4", "u3", "u2"]);
    let now = chrono::Utc::now().timestamp();
    assert!((page[0].at - now).abs() < 60);
    assert_eq!(
        (
            page[0].action.as_str(),
            page[0].target.as_str(),
            page[0].detail.as_str()
        ),
        ("login.ok", "t", "d")
    );
    let next = s.audit_log("pati", Some(page[2].id), 3).await.unwrap();
    let actors: Vec<_> = next.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(actors, vec!["u1", "u0"]);
    let pkl = s.audit_log("pekalongan", None, 10).await.unwrap();
    assert_eq!(pkl.len(), 1);
    assert_eq!(pkl[0].jurisdiction, "pekalongan");
}

async fn audited_publish_and_retire_record_what_they_did(s: Arc<dyn Storage>) {
    let r = s
        .publish_audited(
            "pati",
            vec![agency("a", "A")],
            PublishMode::Upsert,
            Some(audit("pati", "kominfo", "content.publish")),
        )
        .await
        .unwrap();
    let log = s.audit_log("pati", None, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].actor, "kominfo");
    assert!(log[0].detail.starts_with("d; added 1"), "{}", log[0].detail);
    assert!(
        log[0]
            .detail
            .ends_with(&format!("content version {}", r.version)),
        "{}",
        log[0].detail
    );

    let retired = s
        .retire_audited(
            "pati",
            ContentKind::Agency,
            "a",
            Some(audit("pati", "kominfo", "content.retire")),
        )
        .await
        .unwrap();
    assert!(retired);
    // Retiring nothing records nothing.
    let again = s
        .retire_audited(
            "pati",
            ContentKind::Agency,
            "a",
            Some(audit("pati", "kominfo", "content.retire")),
        )
        .await
        .unwrap();
    assert!(!again);
    let log = s.audit_log("pati", None, 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].action, "content.retire");
    assert!(
        log[0].detail.contains("tombstone at content version"),
        "{}",
        log[0].detail
    );
}

async fn console_reads_live_items_and_counts(s: Arc<dyn Storage>) {
    let pack = pati_server::pack::load(&common::fixture_packs().join("mini")).unwrap();
    let r = s
        .publish("mini", pack.items(), PublishMode::ReplaceAll)
        .await
        .unwrap();
    s.retire("mini", ContentKind::Service, "e-kir")
        .await
        .unwrap();
    let services = s.content_items("mini", ContentKind::Service).await.unwrap();
    let keys: Vec<_> = services.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys.len(), 2);
    assert!(!keys.contains(&"e-kir"));
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted by key");
    let item = services[0].item().unwrap();
    assert_eq!(item.key(), services[0].key);
    assert!(
        s.content_item("mini", ContentKind::Service, "e-kir")
            .await
            .unwrap()
            .is_none(),
        "retired"
    );
    let one = s
        .content_item("mini", ContentKind::Service, keys[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(one, services[0]);
    assert!(s
        .content_item("pati", ContentKind::Service, keys[0])
        .await
        .unwrap()
        .is_none());

    let sum = s.content_summary("mini").await.unwrap();
    assert_eq!(sum.version, r.version + 1);
    assert_eq!(sum.count(ContentKind::Service), 2);
    assert_eq!(sum.count(ContentKind::News), 2);
    assert_eq!(sum.count(ContentKind::Agency), 2);
    assert_eq!(sum.count(ContentKind::Jurisdiction), 1);
    let none = s.content_summary("nowhere").await.unwrap();
    assert_eq!((none.version, none.counts.len()), (0, 0));
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (s, _dir) = super::common::sqlite().await;
                    super::$name(s).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(s) = super::common::postgres().await {
                        super::$name(s).await;
                    }
                }
            )*
        }
    };
}

conformance!(
    publish_then_pull_everything,
    republishing_the_same_pack_changes_nothing,
    edits_and_removals_arrive_as_a_delta,
    upsert_and_retire_single_items,
    pages_split_by_count_and_size,
    jurisdictions_are_isolated,
    cursors_from_elsewhere_or_past_the_horizon_reset,
    jurisdiction_list_comes_from_published_content,
    users_are_unique_per_jurisdiction,
    failed_logins_lock_and_success_clears,
    concurrent_failures_are_all_counted,
    sessions_expire_and_stay_in_their_jurisdiction,
    audit_log_pages_newest_first_per_jurisdiction,
    audited_publish_and_retire_record_what_they_did,
    console_reads_live_items_and_counts,
);
