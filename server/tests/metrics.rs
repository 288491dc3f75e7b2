//! `/metrics` over real HTTP on loopback: after a few requests, a push, a pull and
//! an upload, the exposition holds the latency histogram by route and status, the
//! sync counters and the backlog gauges read from storage; `--metrics-token`
//! protects it.

mod common;

use pati_protocol::{mutation, DeviceTokens};
use pati_server::blobs::{png_header, sha256_hex};
use reqwest::StatusCode;
use serde_json::{json, Value};

struct Server {
    base: String,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start(metrics_token: Option<&str>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let config = pati_server::Config {
        database_url: format!("sqlite:{}", dir.path().join("pati.db").display()),
        content_dir: Some(common::fixture_packs()),
        data_dir: Some(dir.path().to_owned()),
        metrics_token: metrics_token.map(str::to_owned),
        ..Default::default()
    };
    let state = pati_server::prepare(&config).await.unwrap();
    let (addr, tx) = common::serve(state, config.listen).await;
    Server {
        base: format!("http://{addr}"),
        http: reqwest::Client::new(),
        _dir: dir,
        _stop: tx,
    }
}

/// The value of the one sample whose name is `name` and whose labels include all
/// of `labels` (`key="value"` pairs).
fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (series, value) = l.rsplit_once(' ')?;
            let (n, rest) = series.split_once('{').unwrap_or((series, ""));
            (n == name
                && labels
                    .iter()
                    .all(|(k, v)| rest.contains(&format!("{k}=\"{v}\""))))
            .then(|| value.parse::<f64>().ok())?
        })
        .next()
}

async fn scrape(s: &Server, token: Option<&str>) -> (StatusCode, String, String) {
    let mut rq = s.http.get(format!("{}/metrics", s.base));
    if let Some(t) = token {
        rq = rq.bearer_auth(t);
    }
    let r = rq.send().await.unwrap();
    let status = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (status, ct, r.text().await.unwrap())
}

/// One test function: the recorder is process-wide, so two servers scraping the
/// same jurisdiction's gauges in parallel would race.
#[tokio::test]
async fn metrics_after_traffic_and_behind_a_token() {
    let s = start(None).await;
    let api = format!("{}/api/v1/mini", s.base);

    // A few requests: health, a content pull, an unknown jurisdiction (404).
    for _ in 0..3 {
        let r = s
            .http
            .get(format!("{}/health", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = s.http.get(format!("{api}/content")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = s
        .http
        .get(format!("{}/api/v1/nowhere/content", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A device registers and pushes: one complaint applied, one replayed, one
    // rejected.
    let client_id = uuid::Uuid::now_v7().to_string();
    let r = s
        .http
        .post(format!("{api}/devices"))
        .json(&json!({"client_id": client_id, "platform": "android", "app_version": "1.0.0"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let t: DeviceTokens = r.json().await.unwrap();
    let id = uuid::Uuid::now_v7().to_string();
    let create = json!({"seq": 1, "name": mutation::COMPLAINT_CREATE_V1, "args": {
        "id": id, "category": "adminduk", "title": "KTP-el belum dicetak",
        "description": "Sudah tiga bulan KTP-el saya belum dicetak di kecamatan",
        "location": {"lat": -6.75, "lon": 111.04}
    }});
    let bad = json!({"seq": 2, "name": mutation::COMPLAINT_CREATE_V1, "args": {
        "id": uuid::Uuid::now_v7().to_string(), "category": "nope", "title": "Judul yang cukup",
        "description": "Deskripsi yang cukup panjang untuk lolos", "location": {"lat": -6.75, "lon": 111.04}
    }});
    for body in [
        json!({"client_id": client_id, "mutations": [create.clone(), bad]}),
        json!({"client_id": client_id, "mutations": [create]}),
    ] {
        let r = s
            .http
            .post(format!("{api}/push"))
            .bearer_auth(&t.access_token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let _: Value = r.json().await.unwrap();
    }
    let r = s
        .http
        .get(format!("{api}/complaints/mine"))
        .bearer_auth(&t.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // A photo upload of 5,000 bytes.
    let mut photo = png_header(640, 480);
    photo.resize(5000, 0);
    let sha = sha256_hex(&photo);
    let r = s
        .http
        .post(format!("{api}/blobs/{sha}"))
        .bearer_auth(&t.access_token)
        .header("upload-length", photo.len())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s
        .http
        .patch(format!("{api}/blobs/{sha}"))
        .bearer_auth(&t.access_token)
        .header("upload-offset", 0)
        .body(photo.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let (status, ct, text) = scrape(&s, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("text/plain"), "{ct}");
    assert!(
        text.contains("# TYPE pati_http_request_duration_seconds histogram"),
        "{text}"
    );
    let count = |route: &str, method: &str, code: &str| {
        sample(
            &text,
            "pati_http_request_duration_seconds_count",
            &[("route", route), ("method", method), ("status", code)],
        )
        .unwrap_or(0.0)
    };
    assert!(count("/health", "GET", "200") >= 3.0, "{text}");
    assert!(count("/api/v1/{jurisdiction}/push", "POST", "200") >= 2.0);
    assert!(count("/api/v1/{jurisdiction}/content", "GET", "404") >= 1.0);
    assert!(count("/api/v1/{jurisdiction}/devices", "POST", "201") >= 1.0);
    // Raw paths never become labels.
    assert!(!text.contains("route=\"/api/v1/mini"), "{text}");
    let sum = sample(
        &text,
        "pati_http_request_duration_seconds_sum",
        &[("route", "/health"), ("status", "200")],
    )
    .unwrap();
    assert!(sum > 0.0 && sum < 60.0, "{sum}");
    let inf = sample(
        &text,
        "pati_http_request_duration_seconds_bucket",
        &[("route", "/health"), ("status", "200"), ("le", "+Inf")],
    )
    .unwrap();
    assert!(inf >= 3.0);

    let mini = [("jurisdiction", "mini")];
    let with = |extra: (&'static str, &'static str)| [mini[0], extra];
    assert!(sample(&text, "pati_sync_pushes_total", &mini).unwrap() >= 2.0);
    assert!(
        sample(
            &text,
            "pati_sync_mutations_total",
            &with(("outcome", "applied"))
        )
        .unwrap()
            >= 1.0
    );
    assert!(
        sample(
            &text,
            "pati_sync_mutations_total",
            &with(("outcome", "duplicate"))
        )
        .unwrap()
            >= 1.0
    );
    assert!(
        sample(
            &text,
            "pati_sync_mutations_total",
            &with(("outcome", "rejected"))
        )
        .unwrap()
            >= 1.0
    );
    assert!(sample(&text, "pati_sync_pulls_total", &with(("kind", "content"))).unwrap() >= 1.0);
    assert!(
        sample(
            &text,
            "pati_sync_pulls_total",
            &with(("kind", "complaints"))
        )
        .unwrap()
            >= 1.0
    );
    assert!(sample(&text, "pati_sync_upload_bytes_total", &mini).unwrap() >= 5000.0);
    // Backlog, from this server's storage: one new complaint, none overdue yet.
    assert_eq!(
        sample(&text, "pati_complaints", &with(("status", "received"))),
        Some(1.0)
    );
    assert_eq!(
        sample(&text, "pati_complaints", &with(("status", "closed"))),
        Some(0.0)
    );
    assert_eq!(sample(&text, "pati_complaints_overdue", &mini), Some(0.0));

    // With a token: refused without it or with a wrong one.
    drop(s);
    let s = start(Some("s3cret-scrape-token")).await;
    let (status, _, _) = scrape(&s, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = scrape(&s, Some("wrong")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, text) = scrape(&s, Some("s3cret-scrape-token")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("pati_complaints_overdue"));
}
