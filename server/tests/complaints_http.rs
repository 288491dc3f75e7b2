//! Complaints over real HTTP on loopback, on SQLite and on PostgreSQL: accounts and
//! tokens, phone codes, the push's sequence rules, uploads, pulls, the public feed,
//! photos, and the agencies' complaint API. Every bad input gets a typed error (or a
//! stored rejection) and changes nothing else.

mod common;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use pati_protocol::limits::{MAX_PUSH_BODY_BYTES, MAX_TITLE_CHARS, UPLOAD_CHUNK_BYTES};
use pati_protocol::{
    mutation, rejection_code as rc, ComplaintStatus, DeviceTokens, MutationOutcome,
    MyComplaintsPage, PublicComplaints, PushResponse, SequenceGapBody,
};
use pati_server::accounts::{self, LoginOutcome, DEMO_PASSWORD};
use pati_server::api::admin::{AdminComplaint, AdminList};
use pati_server::blobs::{png_header, sha256_hex};
use pati_server::devices::{Limits, OtpSender};
use pati_server::storage::Storage;
use reqwest::StatusCode;
use serde_json::{json, Value};

const J: &str = "mini";

/// Captures one-time codes instead of sending them (a real `OtpSender`, like an
/// SMS gateway would be, that hands the code to the test).
#[derive(Default)]
struct Inbox(Mutex<Vec<(String, String)>>);

#[async_trait]
impl OtpSender for Inbox {
    async fn send(&self, _: &str, phone: &str, code: &str) -> pati_server::error::Result<()> {
        self.0
            .lock()
            .unwrap()
            .push((phone.to_owned(), code.to_owned()));
        Ok(())
    }
}

impl Inbox {
    fn last(&self) -> String {
        self.0.lock().unwrap().last().unwrap().1.clone()
    }
}

#[derive(Clone, Copy, Debug)]
enum Backend {
    Sqlite,
    Postgres,
}

struct Server {
    url: String,
    http: reqwest::Client,
    storage: Arc<dyn Storage>,
    state: pati_server::AppState,
    inbox: Arc<Inbox>,
    database_url: String,
    dir: Arc<tempfile::TempDir>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    async fn start(backend: Backend, limits: Limits) -> Option<Server> {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let database_url = match backend {
            Backend::Sqlite => format!("sqlite:{}", dir.path().join("pati.db").display()),
            Backend::Postgres => common::postgres_url().await?,
        };
        Some(Server::start_on(database_url, dir, limits).await)
    }

    async fn start_on(database_url: String, dir: Arc<tempfile::TempDir>, limits: Limits) -> Server {
        let config = pati_server::Config {
            database_url: database_url.clone(),
            content_dir: Some(common::fixture_packs()),
            data_dir: Some(dir.path().to_owned()),
            limits,
            ..Default::default()
        };
        let inbox = Arc::new(Inbox::default());
        let state = pati_server::prepare(&config)
            .await
            .unwrap()
            .with_otp_sender(inbox.clone());
        let storage = state.storage.clone();
        let kept = state.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = tokio::sync::oneshot::channel();
        let task = tokio::spawn(async move {
            pati_server::serve(
                state,
                config.listen,
                move |a| {
                    let _ = addr_tx.send(a);
                },
                async {
                    let _ = rx.await;
                },
            )
            .await
            .unwrap();
        });
        let addr = addr_rx.await.unwrap();
        Server {
            url: format!("http://{addr}"),
            http: reqwest::Client::new(),
            storage,
            state: kept,
            inbox,
            database_url,
            dir,
            stop: Some(tx),
            task: Some(task),
        }
    }

    /// Stops this server and starts another on the same database and data folder.
    async fn restart(mut self) -> Server {
        drop(self.stop.take());
        if let Some(t) = self.task.take() {
            t.await.unwrap();
        }
        Server::start_on(
            self.database_url.clone(),
            self.dir.clone(),
            Limits::default(),
        )
        .await
    }

    fn api(&self, path: &str) -> String {
        format!("{}/api/v1/{J}{path}", self.url)
    }

    async fn register(&self) -> Device {
        let client_id = uuid::Uuid::now_v7().to_string();
        let r = self
            .http
            .post(self.api("/devices"))
            .json(&json!({"client_id": client_id, "platform": "android", "app_version": "1.0.0"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let t: DeviceTokens = r.json().await.unwrap();
        assert_eq!(t.client_id, client_id);
        Device { tokens: t, seq: 0 }
    }

    async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (StatusCode, Value) {
        let mut rq = self.http.post(self.api(path)).json(body);
        if let Some(t) = token {
            rq = rq.bearer_auth(t);
        }
        let r = rq.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut rq = self.http.get(self.api(path));
        if let Some(t) = token {
            rq = rq.bearer_auth(t);
        }
        let r = rq.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn push(&self, d: &Device, mutations: Vec<Value>) -> (StatusCode, Value) {
        self.post(
            "/push",
            Some(&d.tokens.access_token),
            &json!({"client_id": d.tokens.client_id, "mutations": mutations}),
        )
        .await
    }

    async fn mine(&self, d: &Device, cursor: Option<&str>) -> MyComplaintsPage {
        let path = match cursor {
            Some(c) => format!("/complaints/mine?cursor={c}"),
            None => "/complaints/mine".into(),
        };
        let (s, v) = self.get(&path, Some(&d.tokens.access_token)).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        serde_json::from_value(v).unwrap()
    }

    /// A staff session cookie (the real console login) and its CSRF token.
    async fn staff(&self, username: &str) -> (String, String) {
        accounts::ensure_demo_accounts(self.storage.as_ref())
            .await
            .unwrap();
        let now = chrono::Utc::now().timestamp();
        match accounts::login(self.storage.as_ref(), J, username, DEMO_PASSWORD, now)
            .await
            .unwrap()
        {
            LoginOutcome::Success { token, session } => {
                (format!("pati_session={J}.{token}"), session.csrf_token)
            }
            LoginOutcome::Refused => panic!("demo login refused"),
        }
    }

    async fn admin_get(&self, cookie: &str, path: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .get(self.api(&format!("/admin/complaints{path}")))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn admin_act(
        &self,
        (cookie, csrf): &(String, String),
        id: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let r = self
            .http
            .post(self.api(&format!("/admin/complaints/{id}/actions")))
            .header("cookie", cookie)
            .header("x-csrf-token", csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

struct Device {
    tokens: DeviceTokens,
    seq: i64,
}

impl Device {
    fn next(&mut self, name: &str, args: Value) -> Value {
        self.seq += 1;
        json!({"seq": self.seq, "name": name, "args": args, "client_time": 1_700_000_000_000i64})
    }

    fn create(&mut self, id: &str) -> Value {
        self.next(mutation::COMPLAINT_CREATE_V1, create_args(id))
    }

    fn token(&self) -> &str {
        &self.tokens.access_token
    }
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn create_args(id: &str) -> Value {
    json!({
        "id": id, "category": "adminduk", "title": "KTP-el belum dicetak",
        "description": "Sudah tiga bulan KTP-el saya belum dicetak di kecamatan",
        "location": {"lat": -6.75, "lon": 111.04, "desa": "99.01.01.1001", "address": "Jl. Pemuda 1"}
    })
}

fn error_code(v: &Value) -> &str {
    v["error"].as_str().unwrap_or("")
}

fn outcomes(v: &Value) -> Vec<(i64, String, Option<String>, Option<String>)> {
    let r: PushResponse = serde_json::from_value(v.clone()).unwrap();
    r.results
        .into_iter()
        .map(|x| {
            let o = match x.outcome {
                MutationOutcome::Applied => "applied",
                MutationOutcome::Duplicate => "duplicate",
                MutationOutcome::Rejected => "rejected",
            };
            (
                x.seq,
                o.to_owned(),
                x.rejection.as_ref().map(|r| r.code.clone()),
                x.rejection.and_then(|r| r.field),
            )
        })
        .collect()
}

// ------------------------------------------------------------------ accounts

async fn accounts_and_tokens(b: Backend) {
    let Some(s) = Server::start(b, Limits::default()).await else {
        return;
    };
    let d = s.register().await;
    // A known client id is refused, whoever asks.
    let (st, v) = s
        .post(
            "/devices",
            None,
            &json!({"client_id": d.tokens.client_id, "platform": "android", "app_version": "1"}),
        )
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::CONFLICT, "client_exists")
    );
    for bad in [
        json!({"client_id": "not-a-uuid", "platform": "android", "app_version": "1"}),
        json!({"client_id": new_id(), "platform": "a b", "app_version": "1"}),
        json!({"client_id": new_id(), "platform": "android"}),
        json!("nope"),
    ] {
        let (st, v) = s.post("/devices", None, &bad).await;
        assert_eq!(
            (st, error_code(&v)),
            (StatusCode::BAD_REQUEST, "invalid_request"),
            "{bad}"
        );
    }
    let (st, _) = s.post("/devices", None, &json!({})).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    let (st, v) = s
        .http
        .post(format!("{}/api/v1/nowhere/devices", s.url))
        .json(&json!({"client_id": new_id(), "platform": "android", "app_version": "1"}))
        .send()
        .await
        .map(|r| (r.status(), ()))
        .unwrap();
    assert_eq!((st, v), (StatusCode::NOT_FOUND, ()));

    // Authentication.
    let (st, v) = s.get("/complaints/mine", None).await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let (st, v) = s.get("/complaints/mine", Some("forged-token")).await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let (st, _) = s.get("/complaints/mine", Some(d.token())).await;
    assert_eq!(st, StatusCode::OK);

    // Refresh rotates; the old refresh token dies once the new one is used.
    let refresh = |t: &str| json!({"client_id": d.tokens.client_id, "refresh_token": t});
    let (st, v) = s
        .post("/devices/refresh", None, &refresh(&d.tokens.refresh_token))
        .await;
    assert_eq!(st, StatusCode::OK);
    let t2: DeviceTokens = serde_json::from_value(v).unwrap();
    assert_ne!(t2.refresh_token, d.tokens.refresh_token);
    let (st, v) = s
        .post("/devices/refresh", None, &refresh(&t2.refresh_token))
        .await;
    assert_eq!(st, StatusCode::OK);
    let t3: DeviceTokens = serde_json::from_value(v).unwrap();
    // t2 stayed good until t3 was used (its answer could have been lost); using t3
    // kills t2, and t3 in turn stays good only until t4 is used.
    let (st, v) = s
        .post("/devices/refresh", None, &refresh(&t3.refresh_token))
        .await;
    assert_eq!(st, StatusCode::OK);
    let t4: DeviceTokens = serde_json::from_value(v).unwrap();
    for dead in [
        &d.tokens.refresh_token,
        &t2.refresh_token,
        &"garbage".to_owned(),
    ] {
        let (st, v) = s.post("/devices/refresh", None, &refresh(dead)).await;
        assert_eq!(
            (st, error_code(&v)),
            (StatusCode::UNAUTHORIZED, "refresh_refused")
        );
    }
    // The network duplicates a refresh and delivers the answer to the first copy:
    // the token in it still works, though the second copy replaced it as current.
    let (st, first) = s
        .post("/devices/refresh", None, &refresh(&t4.refresh_token))
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, _second) = s
        .post("/devices/refresh", None, &refresh(&t4.refresh_token))
        .await;
    assert_eq!(st, StatusCode::OK);
    let first: DeviceTokens = serde_json::from_value(first).unwrap();
    let (st, _) = s
        .post("/devices/refresh", None, &refresh(&first.refresh_token))
        .await;
    assert_eq!(
        st,
        StatusCode::OK,
        "the first answer of a duplicated refresh"
    );
    let t3 = t4;
    let (st, _) = s.get("/complaints/mine", Some(&t3.access_token)).await;
    assert_eq!(st, StatusCode::OK);
    let (st, v) = s
        .http
        .get(s.api("/complaints/mine"))
        .bearer_auth(&t3.access_token)
        .header("x-pati-protocol", "99")
        .send()
        .await
        .map(|r| (r.status(), r))
        .unwrap();
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&v.json().await.unwrap()), "protocol_too_new");

    // Expired access tokens say so, and the refresh still works.
    let limits = Limits {
        access_token_seconds: -1,
        ..Default::default()
    };
    let s2 = Server::start_on(s.database_url.clone(), s.dir.clone(), limits).await;
    let mut e = s2.register().await;
    let c = e.create(&new_id());
    let (st, v) = s2.push(&e, vec![c]).await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::UNAUTHORIZED, "token_expired")
    );
    assert_eq!(s2.mine(&s.register().await, None).await.complaints.len(), 0);
}

/// Registers a device through a request that carries `X-Forwarded-For: forwarded`.
async fn register_via(s: &Server, forwarded: &str) -> StatusCode {
    s.http
        .post(s.api("/devices"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({"client_id": uuid::Uuid::now_v7().to_string(), "platform": "android", "app_version": "1.0.0"}))
        .send()
        .await
        .unwrap()
        .status()
}

/// Per-address limits count the client a trusted reverse proxy names, so residents
/// behind one proxy do not share one allowance; anyone else's header is ignored.
/// (The limiters live in memory, the same for both backends.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_address_limits_count_the_client_behind_a_trusted_proxy() {
    let one = Limits {
        registrations_per_ip_per_hour: 1,
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
        ..Default::default()
    };
    let s = Server::start(Backend::Sqlite, one.clone()).await.unwrap();
    assert_eq!(register_via(&s, "198.51.100.7").await, StatusCode::CREATED);
    assert_eq!(register_via(&s, "198.51.100.8").await, StatusCode::CREATED);
    assert_eq!(
        register_via(&s, "198.51.100.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A client cannot choose its address by writing the header itself: the proxy
    // appends the address it saw, and that is the one counted.
    assert_eq!(
        register_via(&s, "192.0.2.1, 198.51.100.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );

    let direct = Limits {
        trusted_proxies: Vec::new(),
        ..one
    };
    let s = Server::start(Backend::Sqlite, direct).await.unwrap();
    assert_eq!(register_via(&s, "198.51.100.7").await, StatusCode::CREATED);
    assert_eq!(
        register_via(&s, "198.51.100.8").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn phone_verification(b: Backend) {
    let Some(s) = Server::start(b, Limits::default()).await else {
        return;
    };
    let mut d = s.register().await;
    let start = |phone: &str| json!({"phone": phone});
    let (st, v) = s
        .post("/phone/start", Some(d.token()), &start("0295 381234"))
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "invalid_phone")
    );
    let (st, _) = s.post("/phone/start", None, &start("081234567890")).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let (st, v) = s
        .post("/phone/start", Some(d.token()), &start("0812-3456-7890"))
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["phone"], "+6281234567890");
    let code = s.inbox.last();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let verify = |c: &str| json!({"phone": "+62 812 3456 7890", "code": c});
    for i in 0..5 {
        let (st, v) = s
            .post("/phone/verify", Some(d.token()), &verify(wrong))
            .await;
        let expected = if i < 4 {
            "otp_invalid"
        } else {
            "otp_attempts_exceeded"
        };
        assert_eq!(
            (st, error_code(&v)),
            (StatusCode::BAD_REQUEST, expected),
            "try {i}"
        );
    }
    let (st, v) = s
        .post("/phone/verify", Some(d.token()), &verify(&code))
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "otp_attempts_exceeded")
    );
    let info = s
        .storage
        .device(J, &d.tokens.client_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(info.phone, None, "five wrong codes verify nothing");
    // A fresh code works once.
    let (st, _) = s
        .post("/phone/start", Some(d.token()), &start("081234567890"))
        .await;
    assert_eq!(st, StatusCode::OK);
    let code = s.inbox.last();
    let (st, v) = s
        .post("/phone/verify", Some(d.token()), &verify(&code))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, v) = s
        .post("/phone/verify", Some(d.token()), &verify(&code))
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "otp_not_started")
    );
    // The third code for this number in an hour is the last.
    let (st, _) = s
        .post("/phone/start", Some(d.token()), &start("081234567890"))
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, v) = s
        .post("/phone/start", Some(d.token()), &start("081234567890"))
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    // A verified reporter is not limited as anonymous, and the same phone on a new
    // device is the reporter.
    let id = new_id();
    let c = d.create(&id);
    let (st, v) = s.push(&d, vec![c]).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let stored = s.storage.complaint(J, &id).await.unwrap().unwrap();
    assert_eq!(stored.reporter_phone.as_deref(), Some("+6281234567890"));
}

// ------------------------------------------------------------------ push

async fn push_rules(b: Backend) {
    let Some(s) = Server::start(b, Limits::default()).await else {
        return;
    };
    let mut d = s.register().await;
    let other = s.register().await;
    let id = new_id();
    let first = d.create(&id);
    let (st, v) = s.push(&d, vec![first.clone()]).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["last_seq"], 1);
    assert!(v["results"][0]["tracking_number"]
        .as_str()
        .unwrap()
        .starts_with("MINI-"));
    // A replayed push is applied exactly once.
    for _ in 0..3 {
        let (st, v) = s.push(&d, vec![first.clone()]).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(outcomes(&v)[0].1, "duplicate");
    }
    assert_eq!(s.mine(&d, None).await.complaints.len(), 1);

    // A gap: nothing changes, and the server says where it is.
    let far =
        json!({"seq": 5, "name": mutation::COMPLAINT_CREATE_V1, "args": create_args(&new_id())});
    let (st, v) = s.push(&d, vec![far]).await;
    assert_eq!(st, StatusCode::CONFLICT);
    let gap: SequenceGapBody = serde_json::from_value(v).unwrap();
    assert_eq!((gap.error.as_str(), gap.last_seq), ("sequence_gap", 1));
    // Forged numbers.
    for seqs in [vec![0], vec![-3], vec![2, 4], vec![3, 2], vec![2, 2]] {
        let ms: Vec<Value> = seqs
            .iter()
            .map(|q| json!({"seq": q, "name": mutation::COMPLAINT_CREATE_V1, "args": create_args(&new_id())}))
            .collect();
        let (st, v) = s.push(&d, ms).await;
        assert_eq!(
            (st, error_code(&v)),
            (StatusCode::BAD_REQUEST, "invalid_sequence"),
            "{seqs:?}"
        );
    }
    // Another client's id, with or without its token.
    let (st, v) = s
        .post(
            "/push",
            Some(d.token()),
            &json!({"client_id": other.tokens.client_id, "mutations": []}),
        )
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::FORBIDDEN, "not_your_client")
    );
    let (st, v) = s
        .post(
            "/push",
            Some(other.token()),
            &json!({"client_id": d.tokens.client_id, "mutations": [first]}),
        )
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::FORBIDDEN, "not_your_client")
    );
    // Too many, too large, not JSON.
    let many: Vec<Value> = (2..=102)
        .map(|q| json!({"seq": q, "name": "x", "args": {}}))
        .collect();
    let (st, v) = s.push(&d, many).await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "too_many_mutations")
    );
    let huge = json!({"seq": 2, "name": mutation::COMPLAINT_CREATE_V1,
                      "args": {"pad": "x".repeat(MAX_PUSH_BODY_BYTES)}});
    let (st, v) = s.push(&d, vec![huge]).await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
    );
    let r = s
        .http
        .post(s.api("/push"))
        .bearer_auth(d.token())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&r.json().await.unwrap()), "invalid_request");
    assert_eq!(
        s.storage
            .device(J, &d.tokens.client_id)
            .await
            .unwrap()
            .unwrap()
            .last_seq,
        1
    );

    // Validation failures are stored rejections that still advance the number.
    let bad = |f: &dyn Fn(&mut Value)| {
        let mut a = create_args(&new_id());
        f(&mut a);
        a
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            bad(&|a| a["title"] = json!("x".repeat(MAX_TITLE_CHARS + 1))),
            rc::INVALID_FIELD,
            "title",
        ),
        (
            bad(&|a| a["description"] = json!("pendek")),
            rc::INVALID_FIELD,
            "description",
        ),
        (
            bad(&|a| a["location"]["lat"] = json!(48.85)),
            rc::INVALID_LOCATION,
            "location.lat",
        ),
        (
            bad(&|a| a["location"]["lon"] = json!(-0.35)),
            rc::INVALID_LOCATION,
            "location.lon",
        ),
        (
            bad(&|a| a["location"]["desa"] = json!("33.18.01.2001")),
            rc::INVALID_LOCATION,
            "location.desa",
        ),
        (
            bad(&|a| a["category"] = json!("jalan-rusak")),
            rc::UNKNOWN_CATEGORY,
            "category",
        ),
        (
            bad(&|a| a["photos"] = json!(vec!["a".repeat(64); 6])),
            rc::TOO_MANY_PHOTOS,
            "photos",
        ),
        (
            bad(&|a| a["photos"] = json!(["not-a-hash"])),
            rc::INVALID_FIELD,
            "photos[0]",
        ),
        (bad(&|a| a["id"] = json!("1234")), rc::INVALID_FIELD, "id"),
        (bad(&|a| a["title"] = json!(12)), rc::INVALID_FIELD, "title"),
    ];
    let mut ms: Vec<Value> = cases
        .iter()
        .map(|(a, _, _)| d.next(mutation::COMPLAINT_CREATE_V1, a.clone()))
        .collect();
    ms.push(d.next("complaint.teleport.v9", json!({})));
    ms.push(d.next(
        mutation::COMPLAINT_RATE_V1,
        json!({"complaint_id": id, "event_id": new_id(), "rating": 5}),
    ));
    ms.push(d.next(
        mutation::COMPLAINT_REPLY_V1,
        json!({"complaint_id": new_id(), "event_id": new_id(), "text": "halo"}),
    ));
    ms.push(d.next(mutation::COMPLAINT_CREATE_V1, create_args(&id)));
    let (st, v) = s.push(&d, ms).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let got = outcomes(&v);
    for (i, (_, code, field)) in cases.iter().enumerate() {
        assert_eq!(
            (got[i].1.as_str(), got[i].2.as_deref(), got[i].3.as_deref()),
            ("rejected", Some(*code), Some(*field)),
            "case {i}"
        );
    }
    let tail: Vec<_> = got[cases.len()..]
        .iter()
        .map(|g| g.2.clone().unwrap())
        .collect();
    assert_eq!(
        tail,
        vec![
            rc::UNKNOWN_MUTATION,
            rc::INVALID_STATE,
            rc::UNKNOWN_COMPLAINT,
            rc::DUPLICATE_ID
        ]
    );
    assert_eq!(v["last_seq"], d.seq);
    let page = s.mine(&d, None).await;
    assert_eq!(page.complaints.len(), 1, "nothing else was created");
    assert_eq!(page.rejections.len(), cases.len() + 4);
    assert!(page.rejections.iter().all(|r| !r.message.is_empty()));

    // Anonymous (unverified) creations are limited per device; the limit is a
    // rejection and the number still advances.
    let s2 = Server::start_on(
        s.database_url.clone(),
        s.dir.clone(),
        Limits {
            anonymous_complaints_per_day: 1,
            ..Default::default()
        },
    )
    .await;
    let mut e = s2.register().await;
    let ms = vec![e.create(&new_id()), e.create(&new_id())];
    let (_, v) = s2.push(&e, ms).await;
    let got = outcomes(&v);
    assert_eq!(got[1].2.as_deref(), Some(rc::RATE_LIMITED));
    assert_eq!(v["last_seq"], 2);
}

// ------------------------------------------------------------------ uploads

async fn put_photo(s: &Server, d: &Device, data: &[u8]) -> (StatusCode, Value) {
    let sha = sha256_hex(data);
    let r = s
        .http
        .post(s.api(&format!("/blobs/{sha}")))
        .bearer_auth(d.token())
        .header("upload-length", data.len())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s
        .http
        .patch(s.api(&format!("/blobs/{sha}")))
        .bearer_auth(d.token())
        .header("upload-offset", 0)
        .body(data.to_vec())
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap_or(Value::Null))
}

async fn head(s: &Server, d: &Device, sha: &str) -> (StatusCode, Option<i64>, Option<i64>) {
    let r = s
        .http
        .head(s.api(&format!("/blobs/{sha}")))
        .bearer_auth(d.token())
        .send()
        .await
        .unwrap();
    let h = |n: &str| {
        r.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
    };
    (r.status(), h("upload-offset"), h("upload-length"))
}

async fn uploads(b: Backend) {
    let Some(s) = Server::start(b, Limits::default()).await else {
        return;
    };
    let mut d = s.register().await;
    // A real PNG header padded past one chunk, uploaded in two chunks.
    let mut photo = png_header(1200, 900);
    photo.resize(UPLOAD_CHUNK_BYTES + 1000, 0);
    let sha = sha256_hex(&photo);
    // The complaint names it before it is uploaded: the queue never waits for photos.
    let id = new_id();
    let mut args = create_args(&id);
    args["photos"] = json!([sha]);
    let c = d.next(mutation::COMPLAINT_CREATE_V1, args);
    let (st, _) = s.push(&d, vec![c]).await;
    assert_eq!(st, StatusCode::OK);
    let page = s.mine(&d, None).await;
    assert!(page.complaints[0].photos.is_empty(), "not uploaded yet");

    assert_eq!(head(&s, &d, &sha).await.0, StatusCode::NOT_FOUND);
    let (st, _, _) = head(&s, &d, "ABC").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    let post = |len: usize, name: &str| {
        s.http
            .post(s.api(&format!("/blobs/{name}")))
            .bearer_auth(d.token())
            .header("upload-length", len)
            .send()
    };
    assert_eq!(
        post(3 * 1024 * 1024, &sha).await.unwrap().status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        post(photo.len(), &sha).await.unwrap().status(),
        StatusCode::CREATED
    );
    assert_eq!(
        post(photo.len(), &sha).await.unwrap().status(),
        StatusCode::CREATED,
        "idempotent"
    );
    let r = s
        .http
        .post(s.api(&format!("/blobs/{sha}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let patch = |offset: usize, chunk: Vec<u8>| {
        s.http
            .patch(s.api(&format!("/blobs/{sha}")))
            .bearer_auth(d.token())
            .header("upload-offset", offset)
            .body(chunk)
            .send()
    };
    let r = patch(0, photo[..UPLOAD_CHUNK_BYTES + 1].to_vec())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE, "chunk too large");
    let r = patch(0, photo[..UPLOAD_CHUNK_BYTES].to_vec())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        r.headers()["upload-offset"],
        UPLOAD_CHUNK_BYTES.to_string().as_str()
    );
    // A chunk at the wrong offset: 409 with the server's offset.
    let r = patch(10, photo[10..20].to_vec()).await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.headers()["upload-offset"],
        UPLOAD_CHUNK_BYTES.to_string().as_str()
    );
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (error_code(&body), body["offset"].as_i64()),
        ("offset_mismatch", Some(UPLOAD_CHUNK_BYTES as i64))
    );

    // The server restarts; the upload resumes where it was.
    let s = s.restart().await;
    assert_eq!(
        head(&s, &d, &sha).await,
        (
            StatusCode::OK,
            Some(UPLOAD_CHUNK_BYTES as i64),
            Some(photo.len() as i64)
        )
    );
    let r = s
        .http
        .patch(s.api(&format!("/blobs/{sha}")))
        .bearer_auth(d.token())
        .header("upload-offset", UPLOAD_CHUNK_BYTES)
        .body(photo[UPLOAD_CHUNK_BYTES..].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let len = photo.len() as i64;
    assert_eq!(
        head(&s, &d, &sha).await,
        (StatusCode::OK, Some(len), Some(len)),
        "complete: skip it"
    );
    assert!(s.dir.path().join("blobs").join(J).join(&sha).is_file());
    let page = s.mine(&d, None).await;
    assert_eq!(page.complaints[0].photos, vec![sha.clone()]);

    // The reporter and (for a public complaint) anyone may fetch it.
    let url = s.api(&format!("/complaints/{id}/photos/{sha}"));
    let r = s
        .http
        .get(&url)
        .bearer_auth(d.token())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().to_vec(), photo);
    assert_eq!(
        s.http.get(&url).send().await.unwrap().status(),
        StatusCode::OK
    );
    let missing = s.api(&format!("/complaints/{id}/photos/{}", "0".repeat(64)));
    assert_eq!(
        s.http.get(&missing).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // A confidential complaint's photo: only its reporter.
    let hidden = new_id();
    let mut args = create_args(&hidden);
    args["photos"] = json!([sha]);
    args["confidential"] = json!(true);
    let c = d.next(mutation::COMPLAINT_CREATE_V1, args);
    s.push(&d, vec![c]).await;
    let url = s.api(&format!("/complaints/{hidden}/photos/{sha}"));
    let stranger = s.register().await;
    assert_eq!(
        s.http.get(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.http
            .get(&url)
            .bearer_auth(stranger.token())
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.http
            .get(&url)
            .bearer_auth(d.token())
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    // Refusals on completion: the upload is discarded.
    let (st, v) = put_photo(&s, &d, b"%PDF-1.7 definitely not a photo").await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_an_image")
    );
    assert_eq!(
        head(&s, &d, &sha256_hex(b"%PDF-1.7 definitely not a photo"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let bomb = png_header(200_000, 200_000);
    assert!(bomb.len() < 100, "a tiny file declaring 40 gigapixels");
    let (st, v) = put_photo(&s, &d, &bomb).await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::UNPROCESSABLE_ENTITY, "image_too_large")
    );
    // Bytes that do not match the name.
    let fake = "1".repeat(64);
    let r = s
        .http
        .post(s.api(&format!("/blobs/{fake}")))
        .bearer_auth(d.token())
        .header("upload-length", 5)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s
        .http
        .patch(s.api(&format!("/blobs/{fake}")))
        .bearer_auth(d.token())
        .header("upload-offset", 0)
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&r.json().await.unwrap()), "hash_mismatch");
    assert_eq!(head(&s, &d, &fake).await.0, StatusCode::NOT_FOUND);
}

/// Two requests that find the same upload fully staged (a PATCH whose answer the
/// device gave up on, then its HEAD; a duplicated request) both finish it. The one
/// that loses the race must still answer "complete", not refuse the photo: a device
/// parks a refused photo on its own backoff.
async fn concurrent_finish(b: Backend) {
    let Some(s) = Server::start(b, Limits::default()).await else {
        return;
    };
    let d = s.register().await;
    for round in 0..12u32 {
        let mut photo = png_header(640 + round, 480);
        photo.resize(4000, round as u8);
        let sha = sha256_hex(&photo);
        let len = photo.len() as i64;
        // Staged to the last byte, not yet finished (as after a crash in between).
        s.storage
            .upload_create(J, &sha, len, "test", 1)
            .await
            .unwrap();
        s.storage
            .upload_append(J, &sha, 0, photo.clone(), 1)
            .await
            .unwrap();
        let mut asks = tokio::task::JoinSet::new();
        for i in 0..8 {
            let req = if i % 2 == 0 {
                s.http.head(s.api(&format!("/blobs/{sha}")))
            } else {
                s.http
                    .post(s.api(&format!("/blobs/{sha}")))
                    .header("upload-length", len)
            };
            asks.spawn(req.bearer_auth(d.token()).send());
        }
        while let Some(r) = asks.join_next().await {
            let r = r.unwrap().unwrap();
            assert!(
                r.status().is_success(),
                "round {round}: {} {:?}",
                r.status(),
                r.text().await
            );
        }
        assert_eq!(
            head(&s, &d, &sha).await,
            (StatusCode::OK, Some(len), Some(len))
        );
    }
}

// ------------------------------------------------------------------ pulls

async fn pulls_public_feed_and_similar(b: Backend) {
    let Some(s) = Server::start(b, Limits::default()).await else {
        return;
    };
    let mut d = s.register().await;
    let (a, hidden, anon) = (new_id(), new_id(), new_id());
    let mut h = create_args(&hidden);
    h["confidential"] = json!(true);
    let mut an = create_args(&anon);
    an["anonymous"] = json!(true);
    an["title"] = json!("Blanko KTP habis lagi");
    an["location"] = json!({"lat": -6.7502, "lon": 111.0401});
    let ms = vec![
        d.create(&a),
        d.next(mutation::COMPLAINT_CREATE_V1, h),
        d.next(mutation::COMPLAINT_CREATE_V1, an),
    ];
    s.push(&d, ms).await;
    let page = s.mine(&d, None).await;
    assert_eq!(page.complaints.len(), 3);
    assert_eq!(page.complaints[0].events[0].kind, "created");
    assert_eq!(page.complaints[0].status, ComplaintStatus::Received);
    assert!(page.complaints[0].due_at.is_some());
    assert!(page.cursor.starts_with("m1."));
    let again = s.mine(&d, Some(&page.cursor)).await;
    assert!(again.complaints.is_empty() && again.version == page.version);
    let (st, v) = s
        .get("/complaints/mine?cursor=garbage", Some(d.token()))
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "invalid_cursor")
    );

    // Another device supports the public complaint: the reporter's pull sees it.
    let mut e = s.register().await;
    let sup = e.next(mutation::COMPLAINT_SUPPORT_V1, json!({"complaint_id": a}));
    let sup2 = e.next(mutation::COMPLAINT_SUPPORT_V1, json!({"complaint_id": a}));
    let (st, _) = s.push(&e, vec![sup, sup2]).await;
    assert_eq!(st, StatusCode::OK);
    let delta = s.mine(&d, Some(&page.cursor)).await;
    assert_eq!(delta.complaints.len(), 1);
    assert_eq!(delta.complaints[0].support_count, 1);
    assert!(
        s.mine(&e, None).await.complaints.is_empty(),
        "supporters do not own it"
    );

    // The public feed: no confidential complaint, no identity, support counts.
    let (st, v) = s.get("/complaints/public", None).await;
    assert_eq!(st, StatusCode::OK);
    let text = v.to_string();
    for secret in [
        d.tokens.client_id.as_str(),
        "reporter",
        "Jl. Pemuda",
        "\"lat\"",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    let feed: PublicComplaints = serde_json::from_value(v).unwrap();
    let ids: Vec<_> = feed.complaints.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids.len(), 2);
    assert!(!ids.contains(&hidden));
    assert_eq!(
        feed.complaints
            .iter()
            .find(|c| c.id == a)
            .unwrap()
            .support_count,
        1
    );
    let (_, v) = s.get("/complaints/public?limit=1", None).await;
    assert_eq!(v["complaints"].as_array().unwrap().len(), 1);

    // Near-duplicate hints: same category nearby, best word overlap first.
    let (st, v) = s
        .get("/complaints/similar?category=adminduk&lat=-6.7501&lon=111.0400&text=blanko%20ktp%20habis", None)
        .await;
    assert_eq!(st, StatusCode::OK);
    let sim: PublicComplaints = serde_json::from_value(v).unwrap();
    assert_eq!(
        sim.complaints.first().map(|c| c.id.clone()),
        Some(anon.clone())
    );
    assert!(!sim.complaints.iter().any(|c| c.id == hidden));
    let (_, v) = s
        .get(
            "/complaints/similar?category=adminduk&lat=-6.70&lon=111.04",
            None,
        )
        .await;
    assert!(v["complaints"].as_array().unwrap().is_empty(), "5 km away");
    let (_, v) = s
        .get(
            "/complaints/similar?category=adminduk&desa=99.01.01.1001",
            None,
        )
        .await;
    assert_eq!(v["complaints"].as_array().unwrap().len(), 1, "same desa");
    let (st, v) = s.get("/complaints/similar?lat=-6.7&lon=111", None).await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
    let (st, _) = s
        .get("/complaints/similar?category=adminduk&lat=abc&lon=1", None)
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
}

// ------------------------------------------------------------------ agencies

async fn agency_workflow(b: Backend) {
    let Some(s) = Server::start(b, Limits::default()).await else {
        return;
    };
    let mut d = s.register().await;
    let (a, anon) = (new_id(), new_id());
    let mut an = create_args(&anon);
    an["anonymous"] = json!(true);
    let ms = vec![d.create(&a), d.next(mutation::COMPLAINT_CREATE_V1, an)];
    s.push(&d, ms).await;
    let cursor = s.mine(&d, None).await.cursor;

    let kominfo = s.staff("kominfo").await;
    let disdukcapil = s.staff("disdukcapil").await;
    let dishub = s.staff("dishub").await;
    let viewer = s.staff("viewer").await;

    // No session, or a session without the CSRF header.
    let (st, v) = s.admin_get("", "").await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let r = s
        .http
        .post(s.api(&format!("/admin/complaints/{a}/actions")))
        .header("cookie", &kominfo.0)
        .json(&json!({"action": "verify"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(&r.json().await.unwrap()), "csrf");
    let (st, v) = s
        .admin_act(
            &(kominfo.0.clone(), "wrong".into()),
            &a,
            json!({"action": "verify"}),
        )
        .await;
    assert_eq!((st, error_code(&v)), (StatusCode::FORBIDDEN, "csrf"));

    // The coordinator sees everything; agencies see nothing before assignment.
    let (st, v) = s.admin_get(&kominfo.0, "").await;
    assert_eq!(st, StatusCode::OK);
    let list: AdminList = serde_json::from_value(v).unwrap();
    assert_eq!(list.complaints.len(), 2);
    let (_, v) = s.admin_get(&disdukcapil.0, "").await;
    assert_eq!(v["complaints"].as_array().unwrap().len(), 0);
    let (st, _) = s.admin_get(&disdukcapil.0, &format!("/{a}")).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v) = s.admin_get(&kominfo.0, &format!("/{anon}")).await;
    assert_eq!(st, StatusCode::OK);
    let text = v.to_string();
    assert!(
        !text.contains(&d.tokens.client_id),
        "no device id for staff"
    );
    assert!(v["reporter_phone"].is_null());

    // Roles.
    let (st, v) = s.admin_act(&viewer, &a, json!({"action": "verify"})).await;
    assert_eq!((st, error_code(&v)), (StatusCode::FORBIDDEN, "forbidden"));
    let (st, v) = s
        .admin_act(&disdukcapil, &a, json!({"action": "verify"}))
        .await;
    assert_eq!((st, error_code(&v)), (StatusCode::FORBIDDEN, "forbidden"));
    let (st, v) = s
        .admin_act(&kominfo, &a, json!({"action": "teleport"}))
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "unknown_action")
    );
    let (st, v) = s
        .admin_act(&kominfo, &a, json!({"action": "assign", "agency": "nope"}))
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "unknown_agency")
    );
    let (st, v) = s.admin_act(&kominfo, &a, json!({"action": "close"})).await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::CONFLICT, "invalid_state")
    );

    // The workflow.
    let (st, v) = s.admin_act(&kominfo, &a, json!({"action": "verify"})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, _) = s
        .admin_act(
            &kominfo,
            &a,
            json!({"action": "assign", "agency": "disdukcapil"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = s
        .admin_act(
            &dishub,
            &a,
            json!({"action": "respond", "text": "bukan kami"}),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "another agency");
    let (st, _) = s
        .admin_act(
            &disdukcapil,
            &a,
            json!({"action": "note", "text": "cek stok blanko"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = s
        .admin_act(
            &disdukcapil,
            &a,
            json!({"action": "respond", "text": "Silakan ambil di kecamatan"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, v) = s
        .admin_act(
            &disdukcapil,
            &a,
            json!({"action": "set_status", "status": "resolved", "text": "Sudah dicetak"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let detail: AdminComplaint = serde_json::from_value(v).unwrap();
    assert_eq!(detail.status, ComplaintStatus::Resolved);
    assert!(detail
        .events
        .iter()
        .any(|e| e.internal && e.actor_name.as_deref() == Some("disdukcapil")));
    let (_, v) = s.admin_get(&disdukcapil.0, "?status=resolved").await;
    assert_eq!(v["complaints"].as_array().unwrap().len(), 1);
    let (_, v) = s.admin_get(&kominfo.0, "?q=ktp&agency=disdukcapil").await;
    assert_eq!(
        v["complaints"].as_array().unwrap().len(),
        2,
        "both routed there"
    );
    let (_, v) = s.admin_get(&kominfo.0, "?q=zzz").await;
    assert_eq!(v["complaints"].as_array().unwrap().len(), 0);
    let (_, v) = s.admin_get(&kominfo.0, "?overdue=true").await;
    assert_eq!(
        v["complaints"].as_array().unwrap().len(),
        0,
        "clocks just started"
    );
    let (st, v) = s.admin_get(&kominfo.0, "?status=nope").await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );

    // The reporter's device sees the timeline without the internal note or names.
    let delta = s.mine(&d, Some(&cursor)).await;
    assert_eq!(delta.complaints.len(), 1);
    let c = &delta.complaints[0];
    assert_eq!(c.status, ComplaintStatus::Resolved);
    assert!(c.reopen_until.is_some());
    let kinds: Vec<_> = c.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["created", "status", "status", "response", "status"]
    );
    let text = serde_json::to_string(c).unwrap();
    assert!(
        !text.contains("cek stok") && !text.contains("actor_name"),
        "{text}"
    );
    // The resident rates; the complaint stays resolved until the window ends.
    let rate = d.next(
        mutation::COMPLAINT_RATE_V1,
        json!({"complaint_id": a, "event_id": new_id(), "rating": 5}),
    );
    let (_, v) = s.push(&d, vec![rate]).await;
    assert_eq!(outcomes(&v)[0].1, "applied");
    // The periodic task closes it when the reopen window ends; a late reopen is refused.
    let until = c.reopen_until.unwrap();
    pati_server::housekeep(&s.state, until - 1).await;
    assert_eq!(
        s.storage
            .complaint(J, &a)
            .await
            .unwrap()
            .unwrap()
            .state
            .status,
        ComplaintStatus::Resolved
    );
    pati_server::housekeep(&s.state, until).await;
    // Two weeks later the access token is long gone (purged too): refresh.
    let (st, v) = s
        .post(
            "/devices/refresh",
            None,
            &json!({"client_id": d.tokens.client_id, "refresh_token": d.tokens.refresh_token}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    d.tokens = serde_json::from_value(v).unwrap();
    let closed = s.mine(&d, Some(&cursor)).await;
    let c = closed.complaints.iter().find(|c| c.id == a).unwrap();
    assert_eq!(c.status, ComplaintStatus::Closed);
    assert_eq!(
        c.events.last().unwrap().actor,
        pati_protocol::EventActor::System
    );
    let reopen = d.next(
        mutation::COMPLAINT_REOPEN_V1,
        json!({"complaint_id": a, "event_id": new_id(), "reason": "Belum"}),
    );
    let (_, v) = s.push(&d, vec![reopen]).await;
    assert_eq!(outcomes(&v)[0].2.as_deref(), Some(rc::REOPEN_WINDOW_CLOSED));

    // Disposisi: the agency hands the anonymous complaint to another with a note,
    // and loses it; the other agency now has it with a fresh clock.
    let (st, _) = s
        .admin_act(
            &kominfo,
            &anon,
            json!({"action": "assign", "agency": "disdukcapil"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, v) = s
        .admin_act(
            &disdukcapil,
            &anon,
            json!({"action": "forward", "agency": "dishub"}),
        )
        .await;
    assert_eq!(
        (st, error_code(&v)),
        (StatusCode::BAD_REQUEST, "invalid_field"),
        "a note is required"
    );
    let (st, v) = s
        .admin_act(
            &disdukcapil,
            &anon,
            json!({"action": "forward", "agency": "dishub", "note": "Wewenang Dishub"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, _) = s.admin_get(&disdukcapil.0, &format!("/{anon}")).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v) = s.admin_get(&dishub.0, &format!("/{anon}")).await;
    assert_eq!(st, StatusCode::OK);
    let fwd: AdminComplaint = serde_json::from_value(v).unwrap();
    assert_eq!(
        (fwd.agency.as_deref(), fwd.status),
        (Some("dishub"), ComplaintStatus::Assigned)
    );
    assert!(fwd.reporter_phone.is_none() && fwd.due_at.is_some());
    assert!(fwd
        .events
        .iter()
        .any(|e| e.kind == "forwarded" && e.text.as_deref() == Some("Wewenang Dishub")));

    // Every action is in the audit log, refusals too.
    let log = s.storage.audit_log(J, None, 100).await.unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action.as_str()).collect();
    for expected in [
        "complaint.verify",
        "complaint.assign",
        "complaint.note",
        "complaint.respond",
        "complaint.set_status",
        "access.denied",
        "csrf.refused",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::Backend::Postgres).await;
                }
            )*
        }
    };
}

on_both!(
    accounts_and_tokens,
    phone_verification,
    push_rules,
    uploads,
    concurrent_finish,
    pulls_public_feed_and_similar,
    agency_workflow,
);
