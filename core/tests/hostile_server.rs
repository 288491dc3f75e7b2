//! A malformed or hostile server response gives a typed error and leaves the local
//! cache exactly as it was. The "server" is a raw TCP responder on loopback that
//! sends whatever bytes each case needs.

use pati_core::{Core, CoreConfig, ErrorKind, Language};
use pati_protocol::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves `responses` in order (the last one repeats), one per connection.
async fn raw_server(responses: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut i = 0;
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let resp = responses[i.min(responses.len() - 1)].clone();
            i += 1;
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let _ = sock.write_all(&resp).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\nconnection: close\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn ok(body: &serde_json::Value) -> Vec<u8> {
    http("200 OK", &[], body.to_string().as_bytes())
}

fn loc(s: &str) -> Localized {
    Localized {
        id: s.into(),
        en: None,
        jv: None,
    }
}

fn agency_change(version: i64, id: &str, name: &str) -> serde_json::Value {
    serde_json::to_value(ContentChange {
        version,
        kind: ContentKind::Agency,
        key: id.into(),
        item: Some(ContentItem::Agency(Agency {
            id: id.into(),
            name: loc(name),
            short_name: id.into(),
            kind: "dinas".into(),
            description: None,
            address: None,
            phone: None,
            email: None,
            website: None,
        })),
    })
    .unwrap()
}

fn page(version: i64, changes: Vec<serde_json::Value>) -> serde_json::Value {
    serde_json::json!({
        "protocol": PROTOCOL_VERSION,
        "jurisdiction": "pati",
        "changes": changes,
        "cursor": format!("c1.{version}"),
        "version": version,
        "has_more": false,
    })
}

/// Every row of every table, to prove "exactly as it was".
fn snapshot(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rows = Vec::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {t} ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let cols: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            rows.push(format!("{t}: {}", cols.join(" | ")));
        }
    }
    rows
}

/// A device that already holds one good sync from a well-behaved server.
async fn seeded_device(dir: &std::path::Path) -> std::path::PathBuf {
    let url = raw_server(vec![ok(&page(
        2,
        vec![
            agency_change(1, "disdukcapil", "Disdukcapil"),
            agency_change(2, "dishub", "Dishub"),
        ],
    ))])
    .await;
    let db = dir.join("device.db");
    let core = open(&db, &url);
    core.sync_content().await.expect("seed sync");
    assert_eq!(core.agencies(Language::Id).unwrap().len(), 2);
    db
}

fn open(db: &std::path::Path, url: &str) -> Core {
    Core::open(CoreConfig {
        db_path: db.display().to_string(),
        server_url: url.into(),
        jurisdiction: "pati".into(),
        kiosk: false,
    })
    .unwrap()
}

/// Runs one hostile response against a seeded device and checks the outcome.
async fn assert_refused(response: Vec<u8>, expected: ErrorKind) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_device(dir.path()).await;
    let before = snapshot(&db);
    let url = raw_server(vec![response]).await;
    let core = open(&db, &url);
    let err = core
        .sync_content()
        .await
        .expect_err("hostile response must be refused");
    assert_eq!(err.kind(), expected, "{err}");
    drop(core);
    assert_eq!(snapshot(&db), before, "cache changed after: {err}");
    err.to_string()
}

#[tokio::test]
async fn wrong_types_are_refused() {
    let mut p = page(3, vec![]);
    p["changes"] = serde_json::json!("lots");
    assert_refused(ok(&p), ErrorKind::InvalidResponse).await;

    let mut bad_item = agency_change(3, "dinkes", "Dinkes");
    bad_item["item"]["data"]["name"] = serde_json::json!(42);
    assert_refused(ok(&page(3, vec![bad_item])), ErrorKind::InvalidResponse).await;

    let mut p = page(3, vec![]);
    p["version"] = serde_json::json!("three");
    assert_refused(ok(&p), ErrorKind::InvalidResponse).await;
}

#[tokio::test]
async fn huge_strings_are_refused() {
    let mut c = agency_change(3, "dinkes", "x");
    c["item"]["data"]["name"]["id"] = serde_json::json!("a".repeat(limits::MAX_TEXT_CHARS + 1));
    let e = assert_refused(ok(&page(3, vec![c])), ErrorKind::InvalidResponse).await;
    assert!(e.contains("oversized"), "{e}");
    // Lists too, also in a field this app does not know (a newer server's).
    let mut c = agency_change(3, "dinkes", "x");
    c["item"]["data"]["extra"] = serde_json::json!(vec![0; 1001]);
    let e = assert_refused(ok(&page(3, vec![c])), ErrorKind::InvalidResponse).await;
    assert!(e.contains("oversized"), "{e}");
    // A body beyond the protocol's limit is cut off before parsing.
    let big = vec![b' '; limits::MAX_PULL_RESPONSE_BYTES + 10];
    assert_refused(http("200 OK", &[], &big), ErrorKind::InvalidResponse).await;
    // So is an over-long key.
    let c = agency_change(3, &"k".repeat(limits::MAX_ID_CHARS + 1), "x");
    assert_refused(ok(&page(3, vec![c])), ErrorKind::InvalidResponse).await;
}

#[tokio::test]
async fn invalid_utf8_is_refused() {
    let mut body = page(3, vec![agency_change(3, "dinkes", "NAME")])
        .to_string()
        .into_bytes();
    let at = body.windows(4).position(|w| w == b"NAME").unwrap();
    body[at] = 0xff;
    body[at + 1] = 0xfe;
    assert_refused(http("200 OK", &[], &body), ErrorKind::InvalidResponse).await;
}

#[tokio::test]
async fn a_newer_protocol_is_refused() {
    let mut p = page(3, vec![agency_change(3, "dinkes", "Dinkes")]);
    p["protocol"] = serde_json::json!(PROTOCOL_VERSION + 1);
    assert_refused(ok(&p), ErrorKind::UpdateRequired).await;
    let newer = (PROTOCOL_VERSION + 1).to_string();
    let p = page(3, vec![agency_change(3, "dinkes", "Dinkes")]);
    assert_refused(
        http(
            "200 OK",
            &[(PROTOCOL_HEADER, &newer)],
            p.to_string().as_bytes(),
        ),
        ErrorKind::UpdateRequired,
    )
    .await;
}

#[tokio::test]
async fn a_truncated_body_is_refused() {
    let body = page(3, vec![agency_change(3, "dinkes", "Dinkes")]).to_string();
    let cut = &body.as_bytes()[..body.len() / 2];
    // Content-Length promises the whole body, then the connection closes.
    let mut resp = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    resp.extend_from_slice(cut);
    assert_refused(resp, ErrorKind::Offline).await;
    // A complete response whose JSON is cut short.
    assert_refused(http("200 OK", &[], cut), ErrorKind::InvalidResponse).await;
    // Compressed garbage.
    assert_refused(
        http(
            "200 OK",
            &[("content-encoding", "gzip")],
            b"\x1f\x8b\x08\x00garbage",
        ),
        ErrorKind::Offline,
    )
    .await;
}

#[tokio::test]
async fn inconsistent_pages_are_refused() {
    // Another jurisdiction's content.
    let mut p = page(3, vec![agency_change(3, "x", "X")]);
    p["jurisdiction"] = serde_json::json!("pekalongan");
    assert_refused(ok(&p), ErrorKind::InvalidResponse).await;
    // Versions going backwards inside a page.
    let p = page(
        5,
        vec![agency_change(5, "a", "A"), agency_change(4, "b", "B")],
    );
    assert_refused(ok(&p), ErrorKind::InvalidResponse).await;
    // A change newer than its page.
    let p = page(3, vec![agency_change(9, "a", "A")]);
    assert_refused(ok(&p), ErrorKind::InvalidResponse).await;
    // An item whose key does not match.
    let mut c = agency_change(3, "a", "A");
    c["key"] = serde_json::json!("b");
    assert_refused(ok(&page(3, vec![c])), ErrorKind::InvalidResponse).await;
    // A stale page (older than what the device has) delivered late.
    let e = assert_refused(
        ok(&page(1, vec![agency_change(1, "old", "Old")])),
        ErrorKind::InvalidResponse,
    )
    .await;
    assert!(e.contains("stale"), "{e}");
}

#[tokio::test]
async fn server_errors_are_typed() {
    let body = serde_json::json!({"error": "unavailable", "message": "try later"}).to_string();
    let e = assert_refused(
        http(
            "503 Service Unavailable",
            &[("retry-after", "5")],
            body.as_bytes(),
        ),
        ErrorKind::Server,
    )
    .await;
    assert!(e.contains("503"), "{e}");
    assert_refused(
        http("500 Internal Server Error", &[], b"<html>oops</html>"),
        ErrorKind::Server,
    )
    .await;
}

#[tokio::test]
async fn unknown_fields_and_kinds_are_ignored() {
    // Forward compatibility: a newer server within the same protocol may add fields
    // and whole kinds of content; this app applies what it knows and skips the rest.
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_device(dir.path()).await;
    let mut known = agency_change(3, "dinkes", "Dinas Kesehatan");
    known["item"]["data"]["opening_hours_v2"] = serde_json::json!({"mon": "08-16"});
    known["extra"] = serde_json::json!(true);
    let unknown = serde_json::json!({"version": 4, "kind": "parking_lot", "key": "p1", "item": {"kind": "parking_lot", "data": {}}});
    let mut p = page(4, vec![known, unknown]);
    p["server_hint"] = serde_json::json!("new field");
    let url = raw_server(vec![ok(&p)]).await;
    let core = open(&db, &url);
    let report = core
        .sync_content()
        .await
        .expect("page with unknown fields applies");
    assert_eq!(report.applied, 1);
    let names: Vec<String> = core
        .agencies(Language::Id)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert!(names.contains(&"Dinas Kesehatan".to_string()), "{names:?}");
}

#[tokio::test]
async fn a_refused_page_does_not_block_the_next_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_device(dir.path()).await;
    let mut bad = page(3, vec![]);
    bad["changes"] = serde_json::json!(null);
    let good = page(3, vec![agency_change(3, "dinkes", "Dinkes")]);
    let url = raw_server(vec![ok(&bad), ok(&good)]).await;
    let core = open(&db, &url);
    assert!(core.sync_content().await.is_err());
    core.sync_content()
        .await
        .expect("recovers on the next good page");
    assert_eq!(core.agencies(Language::Id).unwrap().len(), 3);
}
