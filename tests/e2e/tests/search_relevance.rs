//! The relevance set: realistic queries (informal words, typos, Javanese,
//! abbreviations, half-typed words) against the real Pati catalogue, synced from a
//! real server. Prints hit@3 and requires at least 90%.

use pati_core::{Language, SearchFilter};
use pati_e2e::{device, workspace_root, Server};

#[tokio::test]
async fn hit_at_3_is_at_least_90_percent() {
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();
    let server = Server::start(server_dir.path(), None).expect("start server");
    let core = device(device_dir.path(), &server.url, "pati");
    core.sync_content().await.expect("sync");
    server.stop();

    let set =
        std::fs::read_to_string(workspace_root().join("tests/e2e/relevance/pati.tsv")).unwrap();
    let mut total = 0;
    let mut hits = 0;
    let mut misses = Vec::new();
    for line in set
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (query, expected) = line.split_once('\t').expect("query<TAB>ids");
        let expected: Vec<&str> = expected.split('|').collect();
        for id in &expected {
            assert!(
                core.service(id, Language::Id).unwrap().is_some(),
                "relevance set names unknown service {id}"
            );
        }
        let results = core
            .search(
                query,
                &SearchFilter {
                    limit: Some(3),
                    ..Default::default()
                },
                Language::Id,
            )
            .unwrap();
        let top: Vec<&str> = results.iter().map(|h| h.service.id.as_str()).collect();
        total += 1;
        if top.iter().any(|id| expected.contains(id)) {
            hits += 1;
        } else {
            misses.push(format!("  {query:?}: expected {expected:?}, got {top:?}"));
        }
    }
    let rate = hits as f64 / total as f64;
    println!(
        "search relevance: hit@3 = {hits}/{total} = {:.1}%",
        rate * 100.0
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(total >= 60, "the relevance set needs at least 60 queries");
    assert!(rate >= 0.9, "hit@3 {:.1}% is below 90%", rate * 100.0);
}

#[tokio::test]
async fn search_filters_highlights_and_languages() {
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();
    let server = Server::start(server_dir.path(), None).expect("start server");
    let core = device(device_dir.path(), &server.url, "pati");
    core.sync_content().await.expect("sync");

    let all = core
        .search("akta", &SearchFilter::default(), Language::Id)
        .unwrap();
    assert!(all.len() >= 3);
    let first = &all[0];
    assert!(first
        .name_segments
        .iter()
        .any(|s| s.matched && s.text.to_lowercase().contains("akta")));
    let joined: String = first
        .name_segments
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(joined, first.service.name, "segments rebuild the name");

    // Filtering by agency keeps only that agency's services.
    let agency = first.service.agency_id.clone();
    let filtered = core
        .search(
            "akta",
            &SearchFilter {
                agency_id: Some(agency.clone()),
                ..Default::default()
            },
            Language::Id,
        )
        .unwrap();
    assert!(!filtered.is_empty() && filtered.iter().all(|h| h.service.agency_id == agency));
    let none = core
        .search(
            "akta",
            &SearchFilter {
                category_id: Some("no-such-category".into()),
                ..Default::default()
            },
            Language::Id,
        )
        .unwrap();
    assert!(none.is_empty());

    // English names are indexed and shown in English.
    let en = core
        .search("birth certificate", &SearchFilter::default(), Language::En)
        .unwrap();
    assert_eq!(
        en.first().map(|h| h.service.id.as_str()),
        Some("akta-kelahiran")
    );
    // Punctuation and FTS syntax in queries are harmless.
    for q in ["\"", "ktp\" OR", "*", "NEAR(", "-", "   ", "a AND"] {
        core.search(q, &SearchFilter::default(), Language::Id)
            .unwrap();
    }
    server.stop();
}
