//! The content pull through a hostile network: whatever the proxy does, a device
//! ends with exactly the content a device on a clean network gets, its cursor never
//! moves backwards, and every failed pass is a typed error.

use pati_core::{ErrorKind, Language};
use pati_e2e::{device, Server};
use pati_faults::{seed_from_env, FaultProxy, FaultRates};

fn content_fingerprint(core: &pati_core::Core) -> Vec<String> {
    let mut out = Vec::new();
    for cat in core.service_categories(Language::Id).expect("categories") {
        for s in core
            .services_in_category(&cat.id, Language::Id)
            .expect("services")
        {
            out.push(format!("{}:{}", s.id, s.name));
        }
    }
    out.push(format!(
        "news:{}",
        core.news(0, 100, Language::Id).expect("news").len()
    ));
    out.push(format!(
        "kecamatan:{}",
        core.kecamatan().expect("kecamatan").len()
    ));
    out.sort();
    out
}

fn content_version(db: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open device db");
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'content.version'",
        [],
        |r| r.get::<_, String>(0),
    )
    .map(|v| v.parse().unwrap_or(0))
    .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_pull_converges_through_every_fault() {
    let seed = seed_from_env();
    eprintln!("content_under_faults seed {seed} (replay: PATI_FAULT_SEED={seed})");
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(&dir.path().join("server"), None).expect("server");

    let clean = device(&dir.path().join("clean"), &server.url, "pati");
    clean.sync_content().await.expect("clean sync");
    let expected = content_fingerprint(&clean);

    let proxy = FaultProxy::start(&server.url, seed, None)
        .await
        .expect("proxy");
    proxy.set_rates(FaultRates::all(0.5, false));
    let db = dir.path().join("hostile").join("pati.db");
    let core = device(&dir.path().join("hostile"), &proxy.url, "pati");
    let mut last_version = 0;
    let mut failures = 0;
    for _ in 0..40 {
        match core.sync_content().await {
            Ok(_) => {}
            Err(e) => {
                failures += 1;
                assert!(
                    matches!(
                        e.kind(),
                        ErrorKind::Offline | ErrorKind::Server | ErrorKind::InvalidResponse
                    ),
                    "untyped failure: {e:?}"
                );
            }
        }
        let v = content_version(&db);
        assert!(
            v >= last_version,
            "cursor moved backwards: {last_version} -> {v}"
        );
        last_version = v;
    }
    proxy.set_rates(FaultRates::none());
    core.sync_content().await.expect("clean pass after faults");
    assert_eq!(content_fingerprint(&core), expected);
    eprintln!(
        "{failures} failed passes; faults injected: {:?}",
        proxy.injected()
    );
    assert!(!proxy.injected().is_empty(), "the proxy injected nothing");
}
