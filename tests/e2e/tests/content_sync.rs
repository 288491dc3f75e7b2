//! Server ↔ core over real HTTP: the server runs on SQLite and on PostgreSQL, the
//! core syncs the Pati content into a SQLite file, the server is stopped, and the
//! content is still read back from the file.

use pati_core::{ErrorKind, Language};
use pati_e2e::{device, postgres_database, Server};

async fn health_and_content_endpoints_answer(server: &Server, storage: &str) {
    let http = reqwest::Client::new();
    let health: serde_json::Value = http
        .get(format!("{}/health", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["storage"], storage);

    let list: serde_json::Value = http
        .get(format!("{}/api/v1/jurisdictions", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|j| j["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"pati") && ids.contains(&"pekalongan"),
        "{ids:?}"
    );

    let resp = http
        .get(format!("{}/api/v1/pati/content", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let page: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(page["jurisdiction"], "pati");
    assert!(page["changes"].as_array().unwrap().len() > 100);

    let missing = http
        .get(format!("{}/api/v1/atlantis/content", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let bad_cursor = http
        .get(format!("{}/api/v1/pati/content?cursor=garbage", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_cursor.status(), 400);
    let body: serde_json::Value = bad_cursor.json().await.unwrap();
    assert_eq!(body["error"], "invalid_cursor");
}

/// Syncs, stops the server, and reads everything back offline.
async fn sync_then_read_offline(database_url: Option<String>, storage: &str) {
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();
    let server = Server::start(server_dir.path(), database_url.as_deref()).expect("start server");
    health_and_content_endpoints_answer(&server, storage).await;

    let url = server.url.clone();
    {
        let core = device(device_dir.path(), &url, "pati");
        let report = core.sync_content().await.expect("first sync");
        assert!(report.applied > 500, "{report:?}");
        let status = core.content_status().unwrap();
        assert!(status.services >= 80, "{status:?}");
        assert!(status.last_sync_at.is_some());
        // A second sync brings nothing new in one request.
        let again = core.sync_content().await.expect("second sync");
        assert_eq!((again.applied, again.removed, again.pages), (0, 0, 1));
    }
    server.stop();

    // The server is gone: a fresh Core on the same file still has all the content.
    let core = device(device_dir.path(), &url, "pati");
    let j = core
        .jurisdiction(Language::Id)
        .unwrap()
        .expect("jurisdiction cached");
    assert_eq!(j.id, "pati");
    assert!(j.name.contains("Pati"));
    let categories = core.service_categories(Language::Id).unwrap();
    assert!(categories.len() >= 8, "{} categories", categories.len());
    let first = &categories[0];
    let services = core.services_in_category(&first.id, Language::Id).unwrap();
    assert_eq!(services.len() as u32, first.service_count);
    let featured = core.featured_services(Language::Id).unwrap();
    assert!(!featured.is_empty());
    let detail = core
        .service(&featured[0].id, Language::Id)
        .unwrap()
        .expect("detail");
    assert!(!detail.steps.is_empty());
    assert!(!detail.agency.name.is_empty());
    let english = core
        .service(&featured[0].id, Language::En)
        .unwrap()
        .unwrap();
    assert_ne!(
        english.name, detail.name,
        "English name differs from Indonesian"
    );
    assert!(core.news(0, 10, Language::Id).unwrap().len() >= 10);
    let kecamatan = core.kecamatan().unwrap();
    assert_eq!(kecamatan.len(), 21, "Pati has 21 kecamatan");
    let desa: usize = kecamatan
        .iter()
        .map(|k| core.desa(&k.code).unwrap().len())
        .sum();
    assert_eq!(desa, 406, "Pati has 406 desa and kelurahan");
    assert!(!core.complaint_categories(Language::Id).unwrap().is_empty());

    let err = core.sync_content().await.expect_err("server is down");
    assert_eq!(err.kind(), ErrorKind::Offline, "{err}");
    assert_eq!(core.content_status().unwrap().services as usize, {
        let all: usize = categories.iter().map(|c| c.service_count as usize).sum();
        all
    });
}

#[tokio::test]
async fn content_syncs_from_a_sqlite_server_and_stays_offline() {
    sync_then_read_offline(None, "sqlite").await;
}

#[tokio::test]
async fn content_syncs_from_a_postgres_server_and_stays_offline() {
    let Some(url) = postgres_database("pati_e2e_content").expect("test database") else {
        return;
    };
    sync_then_read_offline(Some(url), "postgres").await;
}
