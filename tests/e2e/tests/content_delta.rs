//! Content changes published on the server reach devices as deltas (additions, edits,
//! removals), and each jurisdiction's devices see only their own content.

use std::path::Path;

use pati_core::{Language, SearchFilter};
use pati_e2e::{device as core, workspace_root, Server};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            if p.file_name().unwrap() != "tools" {
                copy_dir(&p, &to.join(p.file_name().unwrap()));
            }
        } else {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

fn edit_json(path: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[tokio::test]
async fn additions_edits_and_removals_arrive_as_a_delta() {
    let content = tempfile::tempdir().unwrap();
    copy_dir(&workspace_root().join("content"), content.path());
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();

    let server = Server::start_with_content(server_dir.path(), None, content.path()).unwrap();
    let url = server.url.clone();
    let device = core(device_dir.path(), &url, "pati");
    device.sync_content().await.unwrap();
    let news_before = device.news(0, 100, Language::Id).unwrap();
    let removed_news = news_before.last().unwrap().id.clone();
    server.stop();

    // Diskominfo edits the pack: renames E-KIR, adds a service, retires a news item.
    let pati = content.path().join("pati");
    edit_json(&pati.join("services.json"), |v| {
        let list = v.as_array_mut().unwrap();
        let kir = list.iter_mut().find(|s| s["id"] == "e-kir").unwrap();
        kir["name"]["id"] = "Uji KIR Kendaraan Bermotor (E-KIR) — jadwal baru".into();
        let mut new = list[0].clone();
        new["id"] = "layanan-uji-coba".into();
        new["name"] = serde_json::json!({"id": "Layanan Uji Coba Sinkronisasi"});
        new["featured"] = false.into();
        new["featured_order"] = serde_json::Value::Null;
        list.push(new);
    });
    edit_json(&pati.join("news.json"), |v| {
        v.as_array_mut()
            .unwrap()
            .retain(|n| n["id"] != removed_news.as_str());
    });

    let server = Server::start_with_content(server_dir.path(), None, content.path()).unwrap();
    let device = core(device_dir.path(), &server.url, "pati");
    let report = device.sync_content().await.unwrap();
    assert_eq!(
        (report.applied, report.removed, report.reset),
        (2, 1, false),
        "{report:?}"
    );
    let kir = device.service("e-kir", Language::Id).unwrap().unwrap();
    assert!(kir.name.contains("jadwal baru"));
    assert!(device
        .service("layanan-uji-coba", Language::Id)
        .unwrap()
        .is_some());
    assert!(device
        .news_item(&removed_news, Language::Id)
        .unwrap()
        .is_none());
    // The search index followed the edit and the addition.
    let hits = device
        .search("sinkronisasi", &SearchFilter::default(), Language::Id)
        .unwrap();
    assert_eq!(
        hits.first().map(|h| h.service.id.as_str()),
        Some("layanan-uji-coba")
    );
    // And nothing more is pending.
    let again = device.sync_content().await.unwrap();
    assert_eq!((again.applied, again.removed), (0, 0));
}

#[tokio::test]
async fn jurisdictions_stay_apart_on_devices() {
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();
    let server = Server::start(server_dir.path(), None).unwrap();
    let pati = core(device_dir.path(), &server.url, "pati");
    let pekalongan = core(device_dir.path(), &server.url, "pekalongan");
    pati.sync_content().await.unwrap();
    pekalongan.sync_content().await.unwrap();

    let pk = pekalongan.jurisdiction(Language::Id).unwrap().unwrap();
    assert_eq!(pk.code, "33.75");
    assert_eq!(pekalongan.kecamatan().unwrap().len(), 4);
    let pati_ids: std::collections::HashSet<String> = pati
        .service_categories(Language::Id)
        .unwrap()
        .iter()
        .flat_map(|c| pati.services_in_category(&c.id, Language::Id).unwrap())
        .map(|s| s.id)
        .collect();
    let pk_services: Vec<_> = pekalongan
        .service_categories(Language::Id)
        .unwrap()
        .iter()
        .flat_map(|c| {
            pekalongan
                .services_in_category(&c.id, Language::Id)
                .unwrap()
        })
        .collect();
    assert!(!pk_services.is_empty());
    assert!(pk_services.len() < pati_ids.len());
    // Pekalongan's agencies are its own.
    let pk_agencies = pekalongan.agencies(Language::Id).unwrap();
    assert!(pk_agencies
        .iter()
        .all(|a| !a.name.contains("Kabupaten Pati")));
    // Pati's programmes are not in Pekalongan's catalogue.
    assert!(pekalongan
        .service("pati-santun", Language::Id)
        .unwrap()
        .is_none());
    assert!(pekalongan
        .search(
            "santunan kematian pati santun",
            &SearchFilter::default(),
            Language::Id
        )
        .unwrap()
        .iter()
        .all(|h| h.service.id != "pati-santun"));
    // A device of one jurisdiction refuses another's pages (checked in core tests),
    // and the server answers 404 for a jurisdiction it does not host.
    let stray = core(device_dir.path(), &server.url, "atlantis");
    let err = stray.sync_content().await.unwrap_err();
    assert_eq!(err.kind(), pati_core::ErrorKind::Server, "{err}");
    server.stop();
}
