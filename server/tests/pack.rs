//! Content pack validation: good packs load, bad ones are refused as a whole with
//! the file, item and field named.

mod common;

use std::path::Path;

use pati_server::pack;

/// Copies the mini fixture to a temp dir and lets the test break one file.
fn broken(file: &str, edit: impl FnOnce(&mut serde_json::Value)) -> pack::PackError {
    let dir = tempfile::tempdir().unwrap();
    let src = common::fixture_packs().join("mini");
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let path = dir.path().join(file);
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    pack::load(dir.path()).unwrap_err()
}

#[test]
fn the_fixture_pack_loads() {
    let p = pack::load(&common::fixture_packs().join("mini")).unwrap();
    assert_eq!(p.jurisdiction.id, "mini");
    assert_eq!(p.services.len(), 3);
    // jurisdiction + 2 agencies + 2 categories + 3 services + 1 complaint category
    // + 2 news + 2 kecamatan + 2 desa + 2 synonym groups
    assert_eq!(p.items().len(), 17);
}

#[test]
fn the_real_packs_load() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let packs = pack::load_all(&root).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<_> = packs.iter().map(|p| p.jurisdiction.id.as_str()).collect();
    assert!(ids.contains(&"pati"), "{ids:?}");
}

#[test]
fn a_type_error_names_file_item_and_field() {
    let e = broken("services.json", |v| {
        v[1]["fee"]["id"] = serde_json::json!(5)
    });
    assert!(e.file.ends_with("services.json"), "{e}");
    assert_eq!(e.item, "[1]");
    assert_eq!(e.field, "fee.id");
}

#[test]
fn a_missing_field_is_named() {
    let e = broken("agencies.json", |v| {
        v[0].as_object_mut().unwrap().remove("short_name");
    });
    assert_eq!(e.item, "[0]", "{e}");
    assert!(e.problem.contains("short_name"), "{e}");
}

#[test]
fn unknown_references_are_refused() {
    let e = broken("services.json", |v| v[0]["agency"] = "nobody".into());
    assert_eq!(
        (e.item.as_str(), e.field.as_str()),
        ("ktp-el", "agency"),
        "{e}"
    );
    let e = broken("services.json", |v| v[2]["category"] = "nothing".into());
    assert_eq!(
        (e.item.as_str(), e.field.as_str()),
        ("e-kir", "category"),
        "{e}"
    );
    let e = broken("complaint_categories.json", |v| v[0]["agency"] = "x".into());
    assert_eq!(e.field, "agency", "{e}");
    let e = broken("areas.json", |v| {
        v["desa"][0]["kecamatan"] = "99.01.77".into()
    });
    assert_eq!(e.field, "kecamatan", "{e}");
}

#[test]
fn bad_values_are_refused() {
    type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "services.json",
            Box::new(|v| v[0]["name"]["id"] = " ".into()),
            "name.id",
        ),
        (
            "services.json",
            Box::new(|v| v[0]["id"] = "KTP El".into()),
            "id",
        ),
        (
            "services.json",
            Box::new(|v| v[1]["id"] = "ktp-el".into()),
            "id",
        ),
        (
            "services.json",
            Box::new(|v| v[0]["steps"] = serde_json::json!([])),
            "steps",
        ),
        (
            "services.json",
            Box::new(|v| v[1]["featured_order"] = 1.into()),
            "featured_order",
        ),
        (
            "services.json",
            Box::new(|v| v[0]["online_url"] = "javascript:alert(1)".into()),
            "online_url",
        ),
        (
            "services.json",
            Box::new(|v| v[0]["summary"]["en"] = "x".repeat(20_001).into()),
            "summary.en",
        ),
        (
            "news.json",
            Box::new(|v| v[0]["published_at"] = "kemarin".into()),
            "published_at",
        ),
        (
            "holidays.json",
            Box::new(|v| v[0]["date"] = "17-08-2026".into()),
            "date",
        ),
        (
            "areas.json",
            Box::new(|v| v["kecamatan"][0]["code"] = "33.18.01".into()),
            "code",
        ),
    ];
    for (file, edit, field) in cases {
        let e = broken(file, edit);
        assert_eq!(e.field, field, "{file}: {e}");
        assert!(e.file.ends_with(file), "{e}");
    }
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("jurisdiction.json"), "{}").unwrap();
    let e = pack::load(dir.path()).unwrap_err();
    assert!(
        e.file.ends_with("synonyms.json") || e.file.ends_with("jurisdiction.json"),
        "{e}"
    );
}

#[test]
fn invalid_json_is_refused() {
    let e = broken("news.json", |v| *v = serde_json::json!({"not": "a list"}));
    assert!(e.file.ends_with("news.json"), "{e}");
}
