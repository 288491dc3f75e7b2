//! One conformance suite for every storage backend: each test body is written once
//! against `dyn Storage` and run on SQLite and on PostgreSQL.

mod common;

use std::sync::Arc;

use pati_protocol::{Agency, ContentItem, ContentKind, Localized};
use pati_server::storage::{PublishMode, Storage};

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
    page.changes.iter().map(|c| (c.key.clone(), c.data.is_some())).collect()
}

async fn publish_then_pull_everything(s: Arc<dyn Storage>) {
    let r = s
        .publish("pati", vec![agency("a", "A"), agency("b", "B")], PublishMode::ReplaceAll)
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
    let first = s.publish("pati", items.clone(), PublishMode::ReplaceAll).await.unwrap();
    let again = s.publish("pati", items, PublishMode::ReplaceAll).await.unwrap();
    assert_eq!((again.added, again.updated, again.removed, again.unchanged), (0, 0, 0, 2));
    assert_eq!(again.version, first.version);
    let page = s.content_changes("pati", first.version, 100, 1 << 20).await.unwrap();
    assert!(page.changes.is_empty());
    assert_eq!(page.version, first.version);
}

async fn edits_and_removals_arrive_as_a_delta(s: Arc<dyn Storage>) {
    let first = s
        .publish("pati", vec![agency("a", "A"), agency("b", "B"), agency("c", "C")], PublishMode::ReplaceAll)
        .await
        .unwrap();
    let second = s
        .publish("pati", vec![agency("a", "A"), agency("b", "B2"), agency("d", "D")], PublishMode::ReplaceAll)
        .await
        .unwrap();
    assert_eq!((second.added, second.updated, second.removed, second.unchanged), (1, 1, 1, 1));
    let page = s.content_changes("pati", first.version, 100, 1 << 20).await.unwrap();
    let mut got = keys(&page);
    got.sort();
    assert_eq!(got, vec![("b".into(), true), ("c".into(), false), ("d".into(), true)]);
    assert_eq!(page.version, second.version);
}

async fn upsert_and_retire_single_items(s: Arc<dyn Storage>) {
    let first = s.publish("pati", vec![agency("a", "A")], PublishMode::ReplaceAll).await.unwrap();
    let up = s.publish("pati", vec![agency("b", "B")], PublishMode::Upsert).await.unwrap();
    assert_eq!((up.added, up.removed), (1, 0), "upsert keeps what it was not given");
    assert!(s.retire("pati", ContentKind::Agency, "a").await.unwrap());
    assert!(!s.retire("pati", ContentKind::Agency, "a").await.unwrap(), "already retired");
    assert!(!s.retire("pati", ContentKind::Agency, "zzz").await.unwrap());
    let page = s.content_changes("pati", first.version, 100, 1 << 20).await.unwrap();
    assert_eq!(keys(&page), vec![("b".into(), true), ("a".into(), false)]);
}

async fn pages_split_by_count_and_size(s: Arc<dyn Storage>) {
    let items: Vec<_> = (0..25).map(|i| agency(&format!("a{i:02}"), &"x".repeat(100))).collect();
    s.publish("pati", items, PublishMode::ReplaceAll).await.unwrap();
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
    s.publish("pati", vec![agency("a", "A")], PublishMode::ReplaceAll).await.unwrap();
    s.publish("pekalongan", vec![agency("x", "X"), agency("y", "Y")], PublishMode::ReplaceAll)
        .await
        .unwrap();
    let pati = s.content_changes("pati", 0, 100, 1 << 20).await.unwrap();
    assert_eq!(keys(&pati), vec![("a".into(), true)]);
    let pkl = s.content_changes("pekalongan", 0, 100, 1 << 20).await.unwrap();
    assert_eq!(pkl.changes.len(), 2);
    // Replacing one jurisdiction's content leaves the other untouched.
    s.publish("pati", vec![], PublishMode::ReplaceAll).await.unwrap();
    let pkl_after = s.content_changes("pekalongan", pkl.version, 100, 1 << 20).await.unwrap();
    assert!(pkl_after.changes.is_empty());
    let none = s.content_changes("nowhere", 0, 100, 1 << 20).await.unwrap();
    assert!(none.changes.is_empty() && none.version == 0);
}

async fn cursors_from_elsewhere_or_past_the_horizon_reset(s: Arc<dyn Storage>) {
    s.publish("pati", vec![agency("a", "A"), agency("b", "B")], PublishMode::ReplaceAll)
        .await
        .unwrap();
    let v1 = s.content_changes("pati", 0, 100, 1 << 20).await.unwrap().version;
    // A cursor newer than anything stored (the database was replaced): reset.
    let page = s.content_changes("pati", v1 + 1000, 100, 1 << 20).await.unwrap();
    assert!(page.reset);
    assert_eq!(page.changes.len(), 2);

    s.publish("pati", vec![agency("a", "A")], PublishMode::ReplaceAll).await.unwrap();
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
    s.publish("mini", pack.items(), PublishMode::ReplaceAll).await.unwrap();
    let list = s.jurisdictions().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, "mini");
    assert_eq!(list[0].code, "99.01");
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
);
