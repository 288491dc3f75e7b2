//! The search index follows content changes: a renamed agency is found by its new
//! name in services outside the renaming page, a removed service disappears, and a
//! re-added one is found again (the index row is keyed by the service's rowid).

use pati_core::{Core, CoreConfig, Language, SearchFilter};
use pati_protocol::*;

fn loc(s: &str) -> Localized {
    Localized {
        id: s.into(),
        en: None,
        jv: None,
    }
}

fn agency(short: &str) -> ContentItem {
    ContentItem::Agency(Agency {
        id: "dinas-a".into(),
        name: loc(&format!("Dinas {short}")),
        short_name: short.into(),
        kind: "dinas".into(),
        description: None,
        address: None,
        phone: None,
        email: None,
        website: None,
    })
}

fn service(id: &str, name: &str) -> ContentItem {
    ContentItem::Service(Service {
        id: id.into(),
        category: "umum".into(),
        agency: "dinas-a".into(),
        name: loc(name),
        summary: loc("Layanan untuk warga."),
        requirements: vec![],
        steps: vec![],
        fee: loc("Gratis"),
        duration: loc("1 hari"),
        legal_basis: vec![],
        locations: vec![],
        hours: loc("Senin–Jumat"),
        contacts: vec![],
        online_url: None,
        keywords: vec![],
        featured: false,
        featured_order: None,
    })
}

fn page(version: i64, changes: Vec<(i64, ContentKind, &str, Option<ContentItem>)>) -> Vec<u8> {
    serde_json::to_vec(&ContentPage {
        protocol: PROTOCOL_VERSION,
        jurisdiction: "pati".into(),
        changes: changes
            .into_iter()
            .map(|(version, kind, key, item)| ContentChange {
                version,
                kind,
                key: key.into(),
                item,
            })
            .collect(),
        cursor: format!("c1.{version}"),
        version,
        has_more: false,
        reset: false,
    })
    .expect("serialize")
}

/// Ids found, sorted (ranking is not what this test is about).
fn ids(core: &Core, q: &str) -> Vec<String> {
    let mut ids: Vec<String> = core
        .search(q, &SearchFilter::default(), Language::Id)
        .expect("search")
        .into_iter()
        .map(|h| h.service.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn index_follows_renames_removals_and_re_additions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open(dir.path());
    core.import_content(&page(
        3,
        vec![
            // The service comes before its agency in version order on purpose.
            (
                1,
                ContentKind::Service,
                "lampu",
                Some(service("lampu", "Pengaduan lampu jalan")),
            ),
            (2, ContentKind::Agency, "dinas-a", Some(agency("Dishub"))),
            (
                3,
                ContentKind::Service,
                "parkir",
                Some(service("parkir", "Izin parkir")),
            ),
        ],
    ))
    .expect("first page");
    assert_eq!(ids(&core, "dishub "), ["lampu", "parkir"]);

    // The agency is renamed in a page that carries no service.
    core.import_content(&page(
        4,
        vec![(4, ContentKind::Agency, "dinas-a", Some(agency("Dinlantas")))],
    ))
    .expect("rename");
    // Preparing builds the index of the new content, not a stale one.
    core.prepare_search().expect("prepare");
    assert_eq!(ids(&core, "dinlantas "), ["lampu", "parkir"]);
    assert!(
        ids(&core, "dishub ").is_empty(),
        "old name gone from the index"
    );

    core.import_content(&page(5, vec![(5, ContentKind::Service, "lampu", None)]))
        .expect("removal");
    assert_eq!(ids(&core, "lampu "), Vec::<String>::new());
    assert_eq!(ids(&core, "dinlantas "), ["parkir"]);

    core.import_content(&page(
        7,
        vec![
            (
                6,
                ContentKind::Service,
                "lampu",
                Some(service("lampu", "Pengaduan lampu jalan")),
            ),
            (
                7,
                ContentKind::Service,
                "parkir",
                Some(service("parkir", "Izin parkir tepi jalan")),
            ),
        ],
    ))
    .expect("re-add and edit");
    core.prepare_search().expect("prepare");
    core.prepare_search().expect("prepared twice is a no-op");
    assert_eq!(ids(&core, "lampu "), ["lampu"]);
    assert_eq!(ids(&core, "tepi "), ["parkir"]);
    assert_eq!(ids(&core, "jalan "), ["lampu", "parkir"]);
}

fn service_in(id: &str, name: &str, summary: &str, category: &str) -> ContentItem {
    let ContentItem::Service(mut s) = service(id, name) else {
        unreachable!("service() builds a service")
    };
    s.summary = loc(summary);
    s.category = category.into();
    ContentItem::Service(s)
}

fn open(dir: &std::path::Path) -> Core {
    Core::open(CoreConfig {
        db_path: dir.join("d.db").display().to_string(),
        server_url: "http://127.0.0.1:9".into(),
        jurisdiction: "pati".into(),
        kiosk: false,
    })
    .expect("open")
}

/// The in-memory first pass: names outrank summaries, the word being typed is a
/// prefix, filters narrow, and a filter naming nothing known finds nothing.
#[test]
fn first_pass_ranks_names_first_matches_prefixes_and_filters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open(dir.path());
    core.import_content(&page(
        3,
        vec![
            (1, ContentKind::Agency, "dinas-a", Some(agency("Dishub"))),
            (
                2,
                ContentKind::Service,
                "parkir",
                Some(service_in(
                    "parkir",
                    "Izin parkir",
                    "Parkir di dekat lampu jalan.",
                    "izin",
                )),
            ),
            (
                3,
                ContentKind::Service,
                "lampu",
                Some(service_in(
                    "lampu",
                    "Pengaduan lampu jalan",
                    "Lampu mati.",
                    "aduan",
                )),
            ),
        ],
    ))
    .expect("import");
    let found = |q: &str, filter: &SearchFilter| -> Vec<String> {
        core.search(q, filter, Language::Id)
            .expect("search")
            .into_iter()
            .map(|h| h.service.id)
            .collect()
    };
    let all = SearchFilter::default();
    assert_eq!(found("lampu ", &all), ["lampu", "parkir"]);
    assert_eq!(found("pengad", &all), ["lampu"], "prefix of the typed word");
    let izin = SearchFilter {
        category_id: Some("izin".into()),
        ..Default::default()
    };
    assert_eq!(found("lampu ", &izin), ["parkir"]);
    let nobody = SearchFilter {
        agency_id: Some("no-such-agency".into()),
        ..Default::default()
    };
    assert!(found("lampu ", &nobody).is_empty());
    let hits = core.search("lampu ", &all, Language::Id).expect("search");
    let marked: Vec<&str> = hits[0]
        .name_segments
        .iter()
        .filter(|s| s.matched)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, ["lampu"]);
}

/// A service added and removed within one page leaves no index row behind (index
/// rows are written after the page's other writes).
#[test]
fn a_service_added_and_removed_in_one_page_is_not_indexed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = open(dir.path());
    core.import_content(&page(
        3,
        vec![
            (1, ContentKind::Agency, "dinas-a", Some(agency("Dishub"))),
            (
                2,
                ContentKind::Service,
                "lampu",
                Some(service("lampu", "Pengaduan lampu jalan")),
            ),
            (3, ContentKind::Service, "lampu", None),
        ],
    ))
    .expect("import");
    // Nothing in the first pass, so the FTS5 pass runs too: an orphan index row
    // would name a service row that does not exist.
    assert!(ids(&core, "lampu ").is_empty());
    assert!(ids(&core, "warga ").is_empty());
}

/// The index is built through a second, read-only connection to the store's file;
/// a store without a file (in memory) builds it through its own connection.
#[test]
fn an_in_memory_store_builds_its_index_through_its_own_connection() {
    let core = Core::open(CoreConfig {
        db_path: ":memory:".into(),
        server_url: "http://127.0.0.1:9".into(),
        jurisdiction: "pati".into(),
        kiosk: false,
    })
    .expect("open in memory");
    core.import_content(&page(
        1,
        vec![(
            1,
            ContentKind::Service,
            "parkir",
            Some(service("parkir", "Izin parkir")),
        )],
    ))
    .expect("page");
    core.prepare_search().expect("prepare");
    assert_eq!(ids(&core, "parkir"), ["parkir"]);
}
