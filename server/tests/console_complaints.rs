//! The console's complaint pages and dashboard over real HTTP on loopback, on SQLite
//! and on PostgreSQL: who may see and do what (every route, every role, no session,
//! bad CSRF), the workflow through the forms reaching the resident's device, the
//! reporter's privacy, and the dashboard's figures and CSV on a known set.

mod common;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use pati_protocol::{mutation, DeviceTokens, Mutation, MutationOutcome, MyComplaintsPage};
use pati_server::accounts::{self, LoginOutcome, DEMO_PASSWORD};
use pati_server::blobs::{png_header, sha256_hex};
use pati_server::devices::OtpSender;
use pati_server::storage::{
    NewAuditEntry, NewDevice, PushInput, PushOutcome, StaffAction, Storage,
};
use pati_server::workflow::{Action, Actor};
use reqwest::header::LOCATION;
use reqwest::StatusCode;
use serde_json::{json, Value};

const J: &str = "mini";
const PHONE: &str = "+6281234567890";

#[derive(Default)]
struct Inbox(Mutex<Vec<String>>);

#[async_trait]
impl OtpSender for Inbox {
    async fn send(&self, _: &str, _: &str, code: &str) -> pati_server::error::Result<()> {
        self.0.lock().unwrap().push(code.to_owned());
        Ok(())
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
    inbox: Arc<Inbox>,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// A signed-in console user: the session cookie and the session's CSRF token.
#[derive(Clone)]
struct Staff {
    cookie: String,
    csrf: String,
}

struct Page {
    status: StatusCode,
    location: String,
    body: String,
}

impl Server {
    async fn start(backend: Backend) -> Option<Server> {
        let dir = tempfile::tempdir().unwrap();
        let database_url = match backend {
            Backend::Sqlite => format!("sqlite:{}", dir.path().join("pati.db").display()),
            Backend::Postgres => common::postgres_url().await?,
        };
        let config = pati_server::Config {
            database_url,
            content_dir: Some(common::fixture_packs()),
            data_dir: Some(dir.path().to_owned()),
            ..Default::default()
        };
        let inbox = Arc::new(Inbox::default());
        let state = pati_server::prepare(&config)
            .await
            .unwrap()
            .with_otp_sender(inbox.clone());
        accounts::ensure_demo_accounts(state.storage.as_ref())
            .await
            .unwrap();
        let storage = state.storage.clone();
        let (addr, tx) = common::serve(state, config.listen).await;
        Some(Server {
            url: format!("http://{addr}"),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            storage,
            inbox,
            _dir: dir,
            _stop: tx,
        })
    }

    fn api(&self, path: &str) -> String {
        format!("{}/api/v1/{J}{path}", self.url)
    }

    async fn staff(&self, username: &str) -> Staff {
        let now = chrono::Utc::now().timestamp();
        match accounts::login(self.storage.as_ref(), J, username, DEMO_PASSWORD, now)
            .await
            .unwrap()
        {
            LoginOutcome::Success { token, session } => Staff {
                cookie: format!("pati_session={J}.{token}"),
                csrf: session.csrf_token,
            },
            LoginOutcome::Refused => panic!("demo login refused"),
        }
    }

    async fn page(&self, r: reqwest::RequestBuilder) -> Page {
        let r = r.send().await.unwrap();
        Page {
            status: r.status(),
            location: r
                .headers()
                .get(LOCATION)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default(),
            body: r.text().await.unwrap(),
        }
    }

    async fn get(&self, who: Option<&Staff>, path: &str) -> Page {
        let mut r = self.http.get(format!("{}{path}", self.url));
        if let Some(s) = who {
            r = r.header("cookie", &s.cookie);
        }
        self.page(r).await
    }

    /// Posts an action form with the session's CSRF token (`csrf` overrides it;
    /// `Some("")` sends none).
    async fn act(
        &self,
        who: Option<&Staff>,
        id: &str,
        fields: &[(&str, &str)],
        csrf: Option<&str>,
    ) -> Page {
        let mut form: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let token = csrf
            .map(str::to_owned)
            .or_else(|| who.map(|s| s.csrf.clone()))
            .unwrap_or_default();
        if !token.is_empty() {
            form.push(("_csrf".into(), token));
        }
        let mut r = self
            .http
            .post(format!("{}/console/complaints/{id}/actions", self.url))
            .form(&form);
        if let Some(s) = who {
            r = r.header("cookie", &s.cookie);
        }
        self.page(r).await
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
        Device {
            tokens: r.json().await.unwrap(),
            seq: 0,
        }
    }

    async fn post_json(&self, d: &Device, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(self.api(path))
            .bearer_auth(&d.tokens.access_token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    async fn verify_phone(&self, d: &Device) {
        self.post_json(d, "/phone/start", json!({"phone": PHONE}))
            .await;
        let code = self.inbox.0.lock().unwrap().last().unwrap().clone();
        self.post_json(d, "/phone/verify", json!({"phone": PHONE, "code": code}))
            .await;
    }

    /// Files a complaint through the device API; returns its id.
    async fn file(&self, d: &mut Device, anonymous: bool, photos: &[String]) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        d.seq += 1;
        let m = json!({"seq": d.seq, "name": mutation::COMPLAINT_CREATE_V1, "args": {
            "id": id, "category": "adminduk", "title": format!("KTP-el belum dicetak {}", d.seq),
            "description": "Sudah tiga bulan KTP-el saya belum dicetak di kecamatan",
            "location": {"lat": -6.75, "lon": 111.04, "desa": "99.01.01.1001", "address": "Jl. Pemuda 1"},
            "photos": photos, "anonymous": anonymous
        }});
        let v = self
            .post_json(
                d,
                "/push",
                json!({"client_id": d.tokens.client_id, "mutations": [m]}),
            )
            .await;
        assert_eq!(v["results"][0]["outcome"], "applied", "{v}");
        id
    }

    async fn upload(&self, d: &Device, data: &[u8]) {
        let sha = sha256_hex(data);
        let r = self
            .http
            .post(self.api(&format!("/blobs/{sha}")))
            .bearer_auth(&d.tokens.access_token)
            .header("upload-length", data.len())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let r = self
            .http
            .patch(self.api(&format!("/blobs/{sha}")))
            .bearer_auth(&d.tokens.access_token)
            .header("upload-offset", 0)
            .body(data.to_vec())
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
    }

    async fn mine(&self, d: &Device) -> MyComplaintsPage {
        let r = self
            .http
            .get(self.api("/complaints/mine"))
            .bearer_auth(&d.tokens.access_token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn status_of(&self, id: &str) -> String {
        self.storage
            .complaint(J, id)
            .await
            .unwrap()
            .unwrap()
            .state
            .status
            .as_str()
            .to_owned()
    }

    async fn audit(&self) -> Vec<(String, String, String)> {
        self.storage
            .audit_log(J, None, 1000)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.actor, e.action, e.target))
            .collect()
    }
}

struct Device {
    tokens: DeviceTokens,
    seq: i64,
}

/// Staff actions straight on the storage (for setting up, not under test).
async fn setup_action(s: &Server, id: &str, actor: Actor, action: Action, now: i64) {
    s.storage
        .complaint_action(StaffAction {
            jurisdiction: J.into(),
            complaint_id: id.into(),
            actor,
            actor_name: "setup".into(),
            action,
            now,
            calendar: Default::default(),
            audit: NewAuditEntry {
                jurisdiction: J.into(),
                actor: "setup".into(),
                action: "complaint.setup".into(),
                target: id.into(),
                detail: String::new(),
            },
        })
        .await
        .unwrap();
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

// ------------------------------------------------------------------ access

async fn access_control(b: Backend) {
    let Some(s) = Server::start(b).await else {
        return;
    };
    let mut d = s.register().await;
    s.verify_phone(&d).await;
    let photo = png_header(640, 480);
    let sha = sha256_hex(&photo);
    // ours: assigned to disdukcapil, with a photo, reporter identified by phone.
    let ours = s.file(&mut d, false, std::slice::from_ref(&sha)).await;
    s.upload(&d, &photo).await;
    // theirs: assigned to dishub. fresh: received, not yet assigned to anyone.
    let theirs = s.file(&mut d, true, &[]).await;
    let fresh = s.file(&mut d, false, &[]).await;
    let agency = |a: &str| Action::Assign { agency: a.into() };
    setup_action(&s, &ours, Actor::Coordinator, agency("disdukcapil"), now()).await;
    setup_action(&s, &theirs, Actor::Coordinator, agency("dishub"), now()).await;

    let kominfo = s.staff("kominfo").await;
    let dukcapil = s.staff("disdukcapil").await;
    let dishub = s.staff("dishub").await;
    let viewer = s.staff("viewer").await;
    let missing = uuid::Uuid::now_v7().to_string();
    let photo_path = |id: &str| format!("/console/complaints/{id}/photos/{sha}");

    // (path, [kominfo, disdukcapil, dishub, viewer]) for GET; None = no session.
    let ok = StatusCode::OK;
    let nf = StatusCode::NOT_FOUND;
    let table: Vec<(String, [StatusCode; 4])> = vec![
        ("/console/complaints".into(), [ok; 4]),
        (
            "/console/complaints?status=assigned&overdue=1&q=KTP&page=2".into(),
            [ok; 4],
        ),
        (format!("/console/complaints/{ours}"), [ok, ok, nf, ok]),
        (format!("/console/complaints/{theirs}"), [ok, nf, ok, ok]),
        (format!("/console/complaints/{fresh}"), [ok, nf, nf, ok]),
        (format!("/console/complaints/{missing}"), [nf; 4]),
        (photo_path(&ours), [ok, ok, nf, ok]),
        (photo_path(&theirs), [nf; 4]),
        ("/console/dashboard".into(), [ok; 4]),
        (
            "/console/dashboard?bucket=week&from=2026-01-01".into(),
            [ok; 4],
        ),
        ("/console/dashboard.csv".into(), [ok; 4]),
    ];
    let who = [&kominfo, &dukcapil, &dishub, &viewer];
    for (path, expected) in &table {
        for (w, want) in who.iter().zip(expected) {
            let p = s.get(Some(w), path).await;
            assert_eq!(p.status, *want, "GET {path} as #{}", w.cookie.len());
        }
        let p = s.get(None, path).await;
        assert_eq!(
            p.status,
            StatusCode::SEE_OTHER,
            "GET {path} without session"
        );
        assert!(
            p.location.starts_with("/console/login?next="),
            "{}",
            p.location
        );
    }
    // The photo is the uploaded bytes; the 404 of another agency is the same page as
    // for a complaint that does not exist.
    let r = s
        .http
        .get(format!("{}{}", s.url, photo_path(&ours)))
        .header("cookie", &dukcapil.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.bytes().await.unwrap().as_ref(), photo.as_slice());
    let hidden = s
        .get(Some(&dishub), &format!("/console/complaints/{ours}"))
        .await;
    let absent = s
        .get(Some(&dishub), &format!("/console/complaints/{missing}"))
        .await;
    assert_eq!(
        hidden.body.replace(&ours, "ID"),
        absent.body.replace(&missing, "ID"),
        "no difference leaks existence"
    );
    assert!(!hidden.body.contains("KTP-el belum dicetak"));

    // Indonesian by default, English on request.
    let id_page = s.get(Some(&kominfo), "/console/complaints").await.body;
    assert!(id_page.contains("Kotak masuk pengaduan") && id_page.contains("lang=\"id\""));
    let en_page = s
        .get(Some(&kominfo), "/console/complaints?lang=en")
        .await
        .body;
    assert!(en_page.contains("Complaints inbox") && en_page.contains("lang=\"en\""));
    let en_detail = s
        .get(
            Some(&kominfo),
            &format!("/console/complaints/{fresh}?lang=en"),
        )
        .await
        .body;
    assert!(en_detail.contains("Received") && en_detail.contains("Verify"));
    let en_dash = s
        .get(Some(&viewer), "/console/dashboard?lang=en")
        .await
        .body;
    assert!(en_dash.contains("Complaint dashboard") && en_dash.contains("SLA compliance"));

    // Inboxes: the agency admin sees only its own agency's assigned complaints.
    let inbox = s.get(Some(&dukcapil), "/console/complaints").await.body;
    assert!(inbox.contains(&ours) && !inbox.contains(&theirs) && !inbox.contains(&fresh));
    let inbox = s.get(Some(&kominfo), "/console/complaints").await.body;
    assert!(inbox.contains(&ours) && inbox.contains(&theirs) && inbox.contains(&fresh));
    let filtered = s
        .get(Some(&kominfo), "/console/complaints?agency=dishub")
        .await
        .body;
    assert!(filtered.contains(&theirs) && !filtered.contains(&ours));
    let filtered = s
        .get(Some(&kominfo), "/console/complaints?status=received")
        .await
        .body;
    assert!(filtered.contains(&fresh) && !filtered.contains(&ours));
    // An agency admin cannot widen its inbox with the agency filter.
    let widened = s
        .get(Some(&dukcapil), "/console/complaints?agency=dishub")
        .await
        .body;
    assert!(!widened.contains(&theirs));

    // Posting: viewer refused (403), other agency 404, no session or bad CSRF 403;
    // nothing changes.
    let note = [("action", "note"), ("text", "catatan")];
    assert_eq!(
        s.act(Some(&viewer), &ours, &note, None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.act(Some(&dishub), &ours, &note, None).await.status,
        StatusCode::NOT_FOUND
    );
    let verify = [("action", "verify")];
    assert_eq!(
        s.act(Some(&dukcapil), &fresh, &verify, None).await.status,
        StatusCode::NOT_FOUND,
        "not yet assigned to the agency"
    );
    assert_eq!(
        s.act(None, &fresh, &verify, None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.act(Some(&kominfo), &fresh, &verify, Some(""))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "no CSRF token"
    );
    assert_eq!(
        s.act(Some(&kominfo), &fresh, &verify, Some("forged"))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "wrong CSRF token"
    );
    // Another session's token is not this session's.
    assert_eq!(
        s.act(Some(&kominfo), &fresh, &verify, Some(&viewer.csrf))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // An agency admin cannot verify even its own complaint (koordinator's action).
    assert_eq!(
        s.act(Some(&dukcapil), &ours, &verify, None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(s.status_of(&fresh).await, "received");
    assert_eq!(s.status_of(&ours).await, "assigned");
    let ev = s.storage.complaint(J, &ours).await.unwrap().unwrap().events;
    assert!(ev.iter().all(|e| e.kind != "note"), "no note was written");

    let audit = s.audit().await;
    let has = |actor: &str, action: &str| audit.iter().any(|(a, x, _)| a == actor && x == action);
    assert!(has("viewer", "access.denied"), "{audit:?}");
    assert!(has("dishub", "access.denied"));
    assert!(has("kominfo", "csrf.refused"));
    assert!(has("disdukcapil", "access.denied"));

    // Forms by role: the viewer has none, the agency admin no koordinator forms.
    let page = s
        .get(Some(&viewer), &format!("/console/complaints/{ours}"))
        .await
        .body;
    assert!(page.contains("id=\"read-only\"") && !page.contains("/actions\""));
    let page = s
        .get(Some(&dukcapil), &format!("/console/complaints/{ours}"))
        .await
        .body;
    assert!(page.contains("form-respond") && page.contains("form-forward"));
    assert!(!page.contains("form-verify") && !page.contains("form-reject"));
    let page = s
        .get(Some(&kominfo), &format!("/console/complaints/{fresh}"))
        .await
        .body;
    assert!(
        page.contains("form-verify")
            && page.contains("form-assign")
            && page.contains("form-reject")
    );

    // Privacy: the identified reporter's phone reaches those who handle it, not the
    // viewer; the anonymous one's phone is nowhere (it was never stored).
    let ours_path = format!("/console/complaints/{ours}");
    assert!(s.get(Some(&kominfo), &ours_path).await.body.contains(PHONE));
    assert!(s
        .get(Some(&dukcapil), &ours_path)
        .await
        .body
        .contains(PHONE));
    assert!(!s.get(Some(&viewer), &ours_path).await.body.contains(PHONE));
    for w in [&kominfo, &dishub, &viewer] {
        let page = s
            .get(Some(w), &format!("/console/complaints/{theirs}"))
            .await
            .body;
        assert!(!page.contains(PHONE) && !page.contains("81234567890"));
        assert!(page.contains("Anonim"));
    }
    for w in [&dishub, &dukcapil] {
        let inbox = s.get(Some(w), "/console/complaints").await.body;
        assert!(!inbox.contains(PHONE));
    }
}

// ------------------------------------------------------------------ workflow

async fn workflow_via_forms(b: Backend) {
    let Some(s) = Server::start(b).await else {
        return;
    };
    let mut d = s.register().await;
    let id = s.file(&mut d, false, &[]).await;
    let kominfo = s.staff("kominfo").await;
    let dukcapil = s.staff("disdukcapil").await;
    let dishub = s.staff("dishub").await;

    let redirect = |p: &Page, to: &str| {
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert_eq!(p.location, to);
    };
    let detail = format!("/console/complaints/{id}");
    let p = s
        .act(Some(&kominfo), &id, &[("action", "verify")], None)
        .await;
    redirect(&p, &format!("{detail}?done=verify"));
    assert_eq!(s.status_of(&id).await, "verified");
    // Twice: the workflow refuses, the page says so, nothing changes.
    let p = s
        .act(Some(&kominfo), &id, &[("action", "verify")], None)
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.body.contains("error-summary"));
    let p = s
        .act(
            Some(&kominfo),
            &id,
            &[("action", "assign"), ("agency", "nope")],
            None,
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = s
        .act(
            Some(&kominfo),
            &id,
            &[("action", "assign"), ("agency", "disdukcapil")],
            None,
        )
        .await;
    redirect(&p, &format!("{detail}?done=assign"));
    assert_eq!(s.status_of(&id).await, "assigned");

    // The agency admin now sees it, answers, notes, resolves.
    let inbox = s.get(Some(&dukcapil), "/console/complaints").await.body;
    assert!(inbox.contains(&id));
    let p = s
        .act(
            Some(&dukcapil),
            &id,
            &[("action", "respond"), ("text", "  ")],
            None,
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "empty answer");
    let answer = "KTP-el Anda sudah dicetak, silakan ambil di kecamatan.";
    let p = s
        .act(
            Some(&dukcapil),
            &id,
            &[("action", "respond"), ("text", answer)],
            None,
        )
        .await;
    redirect(&p, &format!("{detail}?done=respond"));
    assert_eq!(s.status_of(&id).await, "in_progress");
    let secret = "Blangko habis, tunggu kiriman provinsi";
    let p = s
        .act(
            Some(&dukcapil),
            &id,
            &[("action", "note"), ("text", secret)],
            None,
        )
        .await;
    redirect(&p, &format!("{detail}?done=note"));
    let page = s.get(Some(&dukcapil), &detail).await.body;
    assert!(page.contains(answer) && page.contains(secret));
    assert!(
        page.contains(r#"id="channel" data-platform="android">Aplikasi Android<"#),
        "where it was filed"
    );
    let p = s
        .act(
            Some(&dukcapil),
            &id,
            &[
                ("action", "set_status"),
                ("status", "resolved"),
                ("text", "Selesai"),
            ],
            None,
        )
        .await;
    redirect(&p, &format!("{detail}?done=set_status"));
    assert_eq!(s.status_of(&id).await, "resolved");

    // The device's timeline has the answer, never the internal note.
    let mine = s.mine(&d).await;
    let c = mine.complaints.iter().find(|c| c.id == id).unwrap();
    assert_eq!(c.status.as_str(), "resolved");
    let texts: Vec<_> = c.events.iter().filter_map(|e| e.text.clone()).collect();
    assert!(texts.iter().any(|t| t == answer), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("Blangko")));

    // Every action is in the audit log, by its user, naming the complaint.
    let tracking = s
        .storage
        .complaint(J, &id)
        .await
        .unwrap()
        .unwrap()
        .tracking_number;
    let audit = s.audit().await;
    for (actor, action) in [
        ("kominfo", "complaint.verify"),
        ("kominfo", "complaint.assign"),
        ("disdukcapil", "complaint.respond"),
        ("disdukcapil", "complaint.note"),
        ("disdukcapil", "complaint.set_status"),
    ] {
        assert!(
            audit.iter().any(|(a, x, t)| a == actor
                && x == action
                && *t == format!("complaint/{tracking}")),
            "{actor} {action} missing from {audit:?}"
        );
    }

    // Forward (disposisi) by the agency admin: the complaint leaves its inbox.
    let id2 = s.file(&mut d, false, &[]).await;
    setup_action(
        &s,
        &id2,
        Actor::Coordinator,
        Action::Assign {
            agency: "disdukcapil".into(),
        },
        now(),
    )
    .await;
    let p = s
        .act(
            Some(&dukcapil),
            &id2,
            &[("action", "forward"), ("agency", "dishub")],
            None,
        )
        .await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a note is required"
    );
    let p = s
        .act(
            Some(&dukcapil),
            &id2,
            &[
                ("action", "forward"),
                ("agency", "dishub"),
                ("text", "Urusan parkir"),
            ],
            None,
        )
        .await;
    redirect(&p, "/console/complaints?done=forward");
    assert_eq!(
        s.get(Some(&dukcapil), &format!("/console/complaints/{id2}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let page = s
        .get(Some(&dishub), &format!("/console/complaints/{id2}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Urusan parkir"));
    let audit = s.audit().await;
    assert!(audit
        .iter()
        .any(|(a, x, _)| a == "disdukcapil" && x == "complaint.forward"));

    // Reject with a reason by the koordinator.
    let id3 = s.file(&mut d, false, &[]).await;
    let p = s
        .act(
            Some(&kominfo),
            &id3,
            &[("action", "reject"), ("text", "Bukan kewenangan Pemkab")],
            None,
        )
        .await;
    redirect(&p, &format!("/console/complaints/{id3}?done=reject"));
    assert_eq!(s.status_of(&id3).await, "rejected");
}

// ------------------------------------------------------------------ dashboard

/// Files one complaint through the storage at `at`, from a fresh device of
/// `platform`.
async fn seed_complaint(s: &Server, at: i64, platform: &str) -> String {
    let client_id = uuid::Uuid::now_v7().to_string();
    s.storage
        .register_device(NewDevice {
            jurisdiction: J.into(),
            client_id: client_id.clone(),
            platform: platform.into(),
            app_version: "1.0.0".into(),
            refresh_hash: format!("r{client_id}"),
            access_hash: format!("a{client_id}"),
            access_expires_at: at + 3600,
            now: at,
        })
        .await
        .unwrap();
    let id = uuid::Uuid::now_v7().to_string();
    let create = |seq: i64, name: &str, args: Value| Mutation {
        seq,
        name: name.into(),
        args,
        client_time: None,
    };
    let outcome = s
        .storage
        .push(PushInput {
            jurisdiction: J.into(),
            client_id: client_id.clone(),
            mutations: vec![create(
                1,
                mutation::COMPLAINT_CREATE_V1,
                json!({"id": id, "category": "adminduk", "title": "KTP-el belum dicetak",
                       "description": "Sudah tiga bulan KTP-el saya belum dicetak di kecamatan",
                       "location": {"desa": "99.01.01.1001"}}),
            )],
            now: at,
            anonymous_per_day: 100,
            calendar: Default::default(),
        })
        .await
        .unwrap();
    assert!(
        matches!(&outcome, PushOutcome::Done { results, .. } if results[0].outcome == MutationOutcome::Applied),
        "{outcome:?}"
    );
    id
}

/// 2026-03-02 (a Monday) at `h`:00 in Jakarta.
fn monday(h: i64) -> i64 {
    1_772_384_400 + h * 3600
}

async fn dashboard_figures(b: Backend) {
    let Some(s) = Server::start(b).await else {
        return;
    };
    let hour = 3600;
    // c1: assigned after 24 h, answered after 48 h, resolved after 72 h, rated 5.
    let c1 = seed_complaint(&s, monday(9), "android").await;
    setup_action(
        &s,
        &c1,
        Actor::Coordinator,
        Action::Assign {
            agency: "disdukcapil".into(),
        },
        monday(9) + 24 * hour,
    )
    .await;
    let agency = Actor::Agency("disdukcapil".into());
    setup_action(
        &s,
        &c1,
        agency.clone(),
        Action::Respond {
            text: "Sedang diproses".into(),
        },
        monday(9) + 48 * hour,
    )
    .await;
    setup_action(
        &s,
        &c1,
        agency,
        Action::SetStatus {
            status: pati_protocol::ComplaintStatus::Resolved,
            text: None,
        },
        monday(9) + 72 * hour,
    )
    .await;
    setup_action(
        &s,
        &c1,
        Actor::Reporter,
        Action::Rate {
            rating: 5,
            comment: String::new(),
        },
        monday(9) + 80 * hour,
    )
    .await;
    // c2: rejected after 2 h.
    let c2 = seed_complaint(&s, monday(10), "kiosk").await;
    setup_action(
        &s,
        &c2,
        Actor::Coordinator,
        Action::Reject {
            reason: "Bukan kewenangan".into(),
        },
        monday(12),
    )
    .await;
    // c3: never touched (late to verify, overdue now).
    seed_complaint(&s, monday(11), "kiosk").await;
    // c4: assigned to dishub after 1 h, never answered (late, overdue now).
    let c4 = seed_complaint(&s, monday(12), "open311").await;
    setup_action(
        &s,
        &c4,
        Actor::Coordinator,
        Action::Assign {
            agency: "dishub".into(),
        },
        monday(13),
    )
    .await;

    // The SQL's per-complaint facts agree with the same definitions over the
    // loaded timelines.
    let mut sql = s
        .storage
        .complaint_facts(
            J,
            pati_server::storage::FactsQuery {
                from: monday(0),
                to: monday(24 * 7),
                agency: None,
            },
        )
        .await
        .unwrap();
    let mut rust = Vec::new();
    for id in [&c1, &c2, &c4] {
        let record = s.storage.complaint(J, id).await.unwrap().unwrap();
        rust.push(pati_server::console::dashboard::facts_of(&record));
    }
    assert_eq!(sql.len(), 4);
    sql.retain(|f| f.status != pati_protocol::ComplaintStatus::Received);
    sql.sort_by_key(|f| f.created_at);
    assert_eq!(sql, rust);
    assert_eq!(rust[0].followed_up_at, Some(monday(9) + 48 * hour));
    assert_eq!(rust[0].ratings, [0, 0, 0, 0, 1]);

    let viewer = s.staff("viewer").await;
    // The detail page shows the three clocks: c1 met all, c4 is late to answer.
    let kominfo = s.staff("kominfo").await;
    let page = s
        .get(Some(&kominfo), &format!("/console/complaints/{c1}"))
        .await
        .body;
    assert_eq!(page.matches("data-clock=\"on-time\"").count(), 3, "{page}");
    let page = s
        .get(Some(&kominfo), &format!("/console/complaints/{c4}"))
        .await
        .body;
    assert_eq!(page.matches("data-clock=\"late\"").count(), 2);
    assert_eq!(page.matches("data-clock=\"on-time\"").count(), 1);
    let q = "from=2026-03-01&to=2026-03-31&bucket=month";
    let csv = s
        .get(Some(&viewer), &format!("/console/dashboard.csv?{q}"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let rows: Vec<&str> = csv.body.lines().collect();
    assert_eq!(rows[0], "section,key,label,value");
    for expected in [
        "period,from,,2026-03-01",
        "period,to,,2026-03-31",
        "summary,total,,4",
        "summary,open,,2",
        "summary,overdue,,2",
        "response_hours,median,,25.0",
        "response_hours,p90,,48.0",
        "sla,verify_3wd,on_time,3",
        "sla,verify_3wd,late,1",
        "sla,verify_3wd,compliance_pct,75.0",
        "sla,follow_up_5wd,on_time,1",
        "sla,follow_up_5wd,late,1",
        "sla,resolve_10wd,compliance_pct,50.0",
        "ratings,5,,1",
        "ratings,1,,0",
        "ratings,average,,5.0",
        "filed,2026-03,,4",
        "category,adminduk,Administrasi kependudukan,4",
        "kecamatan,99.01.01,Kota,4",
        "channel,kiosk,Kios Mal Pelayanan Publik,2",
        "channel,android,Aplikasi Android,1",
        "channel,open311,Open311 (aplikasi mitra),1",
        "agency:disdukcapil,total,Disdukcapil,3",
        "agency:disdukcapil,open,Disdukcapil,1",
        "agency:disdukcapil,median_hours,Disdukcapil,25.0",
        "agency:disdukcapil,rating_average,Disdukcapil,5.0",
        "agency:dishub,total,Dishub,1",
        "agency:dishub,overdue,Dishub,1",
        "agency:dishub,follow_up_5wd_pct,Dishub,0.0",
    ] {
        assert!(
            rows.contains(&expected),
            "{expected:?} missing from\n{}",
            csv.body
        );
    }
    // Weekly buckets: the week of 2026-03-02 is ISO week 10.
    let weekly = s
        .get(
            Some(&viewer),
            "/console/dashboard.csv?from=2026-03-01&to=2026-03-15&bucket=week",
        )
        .await
        .body;
    assert!(weekly.lines().any(|l| l == "filed,2026-W10,,4"), "{weekly}");
    assert!(weekly.lines().any(|l| l == "filed,2026-W11,,0"), "{weekly}");
    // Outside the period: nothing.
    let empty = s
        .get(
            Some(&viewer),
            "/console/dashboard.csv?from=2025-01-01&to=2025-01-31",
        )
        .await
        .body;
    assert!(empty.lines().any(|l| l == "summary,total,,0"), "{empty}");

    // One agency: the koordinator's filter, and an agency admin always its own.
    let dishub_csv = s
        .get(
            Some(&viewer),
            &format!("/console/dashboard.csv?{q}&agency=dishub"),
        )
        .await
        .body;
    assert!(
        dishub_csv.lines().any(|l| l == "summary,total,,1"),
        "{dishub_csv}"
    );
    let dukcapil = s.staff("disdukcapil").await;
    let own = s
        .get(
            Some(&dukcapil),
            &format!("/console/dashboard.csv?{q}&agency=dishub"),
        )
        .await
        .body;
    assert!(own.lines().any(|l| l == "summary,total,,3"), "{own}");

    // The page shows the same figures, with charts.
    let page = s
        .get(Some(&viewer), &format!("/console/dashboard?{q}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for needle in [
        "id=\"kpi-total\"><span class=\"stat-value\">4<",
        "id=\"kpi-overdue\"><span class=\"stat-value\">2<",
        "id=\"kpi-median\"><span class=\"stat-value\">25 jam<",
        "<td class=\"num\">75%</td>",
        "<svg class=\"chart\" id=\"chart-over-time\"",
        "<svg class=\"chart\" id=\"chart-category\"",
        "Administrasi kependudukan",
    ] {
        assert!(page.body.contains(needle), "{needle:?} missing");
    }
    // The overdue list names c3 and c4 (agency admins see only their own).
    let t4 = s
        .storage
        .complaint(J, &c4)
        .await
        .unwrap()
        .unwrap()
        .tracking_number;
    assert!(page.body.contains(&t4));
    let own_page = s
        .get(Some(&dukcapil), &format!("/console/dashboard?{q}"))
        .await
        .body;
    assert!(!own_page.contains(&t4));
}

/// The detail page shows an Open311 request's contact details to those who may
/// see the reporter (not viewers, never for an anonymous complaint) and links its
/// media URL for every role that reads the complaint.
async fn open311_contact_on_the_detail_page(b: Backend) {
    let Some(s) = Server::start(b).await else {
        return;
    };
    let mut d = s.register().await;
    let named = s.file(&mut d, false, &[]).await;
    let anonymous = s.file(&mut d, true, &[]).await;
    for id in [&named, &anonymous] {
        setup_action(
            &s,
            id,
            Actor::Coordinator,
            Action::Assign {
                agency: "disdukcapil".into(),
            },
            now(),
        )
        .await;
        s.storage
            .record_open311_request(pati_server::storage::Open311Contact {
                jurisdiction: J.into(),
                complaint_id: id.clone(),
                key_id: "key-1".into(),
                first_name: Some("Siti".into()),
                last_name: Some("Aminah".into()),
                email: Some("siti@example.org".into()),
                phone: Some("+6281234567890".into()),
                media_url: Some("https://example.org/foto-jalan.jpg".into()),
                now: now(),
            })
            .await
            .unwrap();
    }
    let kominfo = s.staff("kominfo").await;
    let dukcapil = s.staff("disdukcapil").await;
    let viewer = s.staff("viewer").await;
    let media = r#"href="https://example.org/foto-jalan.jpg""#;
    for who in [&kominfo, &dukcapil] {
        let p = s
            .get(Some(who), &format!("/console/complaints/{named}"))
            .await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.body.contains(r#"id="open311-contact""#), "{}", p.body);
        for shown in ["Siti Aminah", "siti@example.org", "+6281234567890"] {
            assert!(p.body.contains(shown), "{shown}");
        }
        assert!(p.body.contains("Diajukan lewat Open311"));
        assert!(p.body.contains(media));
        let p = s
            .get(Some(who), &format!("/console/complaints/{anonymous}"))
            .await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(!p.body.contains(r#"id="open311-contact""#));
        assert!(!p.body.contains("siti@example.org") && !p.body.contains("Aminah"));
        assert!(
            p.body.contains(media),
            "the media link is not the reporter's identity"
        );
    }
    let p = s
        .get(Some(&viewer), &format!("/console/complaints/{named}"))
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(!p.body.contains("siti@example.org") && !p.body.contains("Aminah"));
    assert!(p.body.contains(media));
    // A complaint that did not come through Open311 shows neither.
    let plain = s.file(&mut d, false, &[]).await;
    let p = s
        .get(Some(&kominfo), &format!("/console/complaints/{plain}"))
        .await;
    assert!(!p.body.contains("open311-contact") && !p.body.contains("open311-media"));
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
    access_control,
    workflow_via_forms,
    dashboard_figures,
    open311_contact_on_the_detail_page,
);
