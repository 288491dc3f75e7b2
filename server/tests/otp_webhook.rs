//! The production OTP sender over real HTTP on loopback: pati-server posts each
//! one-time code to a gateway webhook (here a small axum app standing in for the SMS
//! provider), the code it received verifies the number, and a gateway that refuses
//! makes `/phone/start` answer 502 `otp_delivery_failed` instead of pretending.

mod common;

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::routing::post;
use axum::{Json, Router};
use pati_protocol::DeviceTokens;
use pati_server::devices::OtpWebhook;
use reqwest::StatusCode;
use serde_json::{json, Value};

const J: &str = "mini";

#[derive(Default)]
struct Gateway {
    received: Mutex<Vec<(Option<String>, Value)>>,
    /// Status the gateway answers with (200 unless a test breaks it).
    status: AtomicU16,
}

async fn gateway(addr_of: Arc<Gateway>) -> (String, tokio::sync::oneshot::Sender<()>) {
    addr_of.status.store(200, Ordering::SeqCst);
    let app = Router::new()
        .route(
            "/sms",
            post(
                |State(g): State<Arc<Gateway>>, headers: HeaderMap, Json(body): Json<Value>| async move {
                    let auth = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    g.received.lock().unwrap().push((auth, body));
                    AxumStatus::from_u16(g.status.load(Ordering::SeqCst)).unwrap()
                },
            ),
        )
        .with_state(addr_of);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    (format!("http://{addr}/sms"), tx)
}

#[tokio::test]
async fn codes_go_to_the_gateway_and_a_refusal_is_reported() {
    let g = Arc::new(Gateway::default());
    let (hook_url, _stop_gateway) = gateway(g.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = pati_server::Config {
        database_url: format!("sqlite:{}", dir.path().join("pati.db").display()),
        content_dir: Some(common::fixture_packs()),
        data_dir: Some(dir.path().to_owned()),
        otp_webhook: Some(OtpWebhook {
            url: hook_url,
            token: Some("gateway-secret".into()),
        }),
        ..Default::default()
    };
    let state = pati_server::prepare(&config).await.unwrap();
    let (addr, _stop) = common::serve(state, config.listen).await;
    let api = |p: &str| format!("http://{addr}/api/v1/{J}{p}");
    let http = reqwest::Client::new();

    let r = http
        .post(api("/devices"))
        .json(&json!({"client_id": uuid::Uuid::now_v7().to_string(), "platform": "desktop", "app_version": "1.0.0"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let tokens: DeviceTokens = r.json().await.unwrap();
    let post = |path: &'static str, body: Value| {
        http.post(api(path))
            .bearer_auth(&tokens.access_token)
            .json(&body)
            .send()
    };

    let r = post("/phone/start", json!({"phone": "0812 3456 7890"}))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (auth, sms) = g.received.lock().unwrap().last().cloned().unwrap();
    assert_eq!(auth.as_deref(), Some("Bearer gateway-secret"));
    assert_eq!(sms["to"], "+6281234567890");
    assert_eq!(sms["jurisdiction"], J);
    let code = sms["code"].as_str().unwrap().to_owned();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{sms}"
    );
    let message = sms["message"].as_str().unwrap();
    assert!(
        message.contains(&code) && message.contains("Pati Maju"),
        "{message}"
    );

    let r = post(
        "/phone/verify",
        json!({"phone": "+6281234567890", "code": code}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["phone"], "+6281234567890");

    // The gateway is down: the resident hears it, and nothing pretends a code went out.
    g.status.store(503, Ordering::SeqCst);
    let r = post("/phone/start", json!({"phone": "0813 1111 2222"}))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_GATEWAY);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"], "otp_delivery_failed");
    assert_eq!(g.received.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_webhook_that_is_not_http_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = pati_server::Config {
        database_url: format!("sqlite:{}", dir.path().join("pati.db").display()),
        data_dir: Some(dir.path().to_owned()),
        otp_webhook: Some(OtpWebhook {
            url: "ftp://sms.example".into(),
            token: None,
        }),
        ..Default::default()
    };
    let err = pati_server::prepare(&config).await.err().unwrap();
    assert!(err.to_string().contains("otp webhook url"), "{err}");
}
