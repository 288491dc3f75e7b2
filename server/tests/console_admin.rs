//! The koordinator's administration pages over real HTTP on loopback, on SQLite and
//! on PostgreSQL: the users page (access per role, adding an account and signing in
//! with it, disabling and enabling, password resets, no self-disable, CSRF) and
//! merging a duplicate complaint (both complaints' state and events, what the
//! resident's device pulls, refused cases, audit, agency admins refused).

mod common;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use pati_protocol::{mutation, DeviceTokens, MyComplaintsPage};
use pati_server::accounts::{self, LoginOutcome, DEMO_PASSWORD};
use pati_server::devices::OtpSender;
use pati_server::storage::{NewAuditEntry, StaffAction, Storage};
use pati_server::workflow::{Action, Actor};
use reqwest::header::{LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};

const J: &str = "mini";

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
    cookies: Vec<String>,
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
        let state = pati_server::prepare(&config)
            .await
            .unwrap()
            .with_otp_sender(Arc::new(Inbox::default()));
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
            _dir: dir,
            _stop: tx,
        })
    }

    fn api(&self, path: &str) -> String {
        format!("{}/api/v1/{J}{path}", self.url)
    }

    /// A demo account's session, opened on the storage (not under test here).
    async fn staff(&self, username: &str) -> Staff {
        match accounts::login(self.storage.as_ref(), J, username, DEMO_PASSWORD, now())
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
            cookies: r
                .headers()
                .get_all(SET_COOKIE)
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect(),
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

    /// Posts a form with the session's CSRF token (`csrf: false` sends none).
    async fn post(
        &self,
        who: Option<&Staff>,
        path: &str,
        fields: &[(&str, &str)],
        csrf: bool,
    ) -> Page {
        let mut form: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        if let (true, Some(s)) = (csrf, who) {
            form.push(("_csrf".into(), s.csrf.clone()));
        }
        let mut r = self.http.post(format!("{}{path}", self.url)).form(&form);
        if let Some(s) = who {
            r = r.header("cookie", &s.cookie);
        }
        self.page(r).await
    }

    /// Signs in through the login form like a browser; `None` when refused.
    async fn login(&self, username: &str, password: &str) -> Option<Staff> {
        let form = self.get(None, "/console/login").await;
        assert_eq!(form.status, StatusCode::OK);
        let login_cookie = form
            .cookies
            .iter()
            .find(|c| c.starts_with("pati_login_csrf="))
            .map(|c| c.split(';').next().unwrap().to_owned())
            .expect("login CSRF cookie");
        let csrf = csrf_of(&form.body);
        let r = self
            .http
            .post(format!("{}/console/login", self.url))
            .header("cookie", &login_cookie)
            .form(&[
                ("_csrf", csrf.as_str()),
                ("jurisdiction", J),
                ("username", username),
                ("password", password),
            ]);
        let p = self.page(r).await;
        if p.status != StatusCode::SEE_OTHER {
            assert_eq!(p.status, StatusCode::UNAUTHORIZED, "{}", p.body);
            return None;
        }
        let cookie = p
            .cookies
            .iter()
            .find(|c| c.starts_with("pati_session="))
            .map(|c| c.split(';').next().unwrap().to_owned())
            .expect("session cookie");
        let mut staff = Staff {
            cookie,
            csrf: String::new(),
        };
        let home = self.get(Some(&staff), "/console/").await;
        assert_eq!(home.status, StatusCode::OK);
        staff.csrf = csrf_of(&home.body);
        Some(staff)
    }

    async fn user_id(&self, username: &str) -> String {
        self.storage
            .user_statuses(J)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.user.username == username)
            .map(|u| u.user.id)
            .unwrap_or_else(|| panic!("no user {username}"))
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

    /// Files a complaint through the device API; returns its id.
    async fn file(&self, d: &mut Device) -> String {
        self.file_with(d, false).await
    }

    async fn file_with(&self, d: &mut Device, confidential: bool) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        d.seq += 1;
        let m = json!({"seq": d.seq, "name": mutation::COMPLAINT_CREATE_V1, "args": {
            "id": id, "category": "adminduk", "title": format!("KTP-el belum dicetak {}", d.seq),
            "description": "Sudah tiga bulan KTP-el saya belum dicetak di kecamatan",
            "location": {"lat": -6.75, "lon": 111.04, "desa": "99.01.01.1001", "address": "Jl. Pemuda 1"},
            "photos": [], "anonymous": false, "confidential": confidential
        }});
        let r = self
            .http
            .post(self.api("/push"))
            .bearer_auth(&d.tokens.access_token)
            .json(&json!({"client_id": d.tokens.client_id, "mutations": [m]}))
            .send()
            .await
            .unwrap();
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["results"][0]["outcome"], "applied", "{v}");
        id
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

    async fn record(&self, id: &str) -> pati_server::complaints::ComplaintRecord {
        self.storage.complaint(J, id).await.unwrap().unwrap()
    }
}

struct Device {
    tokens: DeviceTokens,
    seq: i64,
}

fn csrf_of(body: &str) -> String {
    let key = "name=\"_csrf\" value=\"";
    let at = body.find(key).expect("a form with a CSRF token") + key.len();
    body[at..at + body[at..].find('"').unwrap()].to_owned()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

const NEW_PASSWORD: &str = "rahasia-panjang-1";

// ------------------------------------------------------------------ users

async fn users_page(b: Backend) {
    let Some(s) = Server::start(b).await else {
        return;
    };
    let kominfo = s.staff("kominfo").await;
    let dukcapil = s.staff("disdukcapil").await;
    let viewer = s.staff("viewer").await;

    // Access: the koordinator only; others get the console's 403 page, no session
    // goes to the login.
    let p = s.get(Some(&kominfo), "/console/users").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("data-user=\"disdukcapil\""), "{}", p.body);
    assert!(p.body.contains("id=\"form-add-user\""));
    assert!(p.body.contains("href=\"/console/users\""), "menu link");
    for w in [&dukcapil, &viewer] {
        assert_eq!(
            s.get(Some(w), "/console/users").await.status,
            StatusCode::FORBIDDEN
        );
        let home = s.get(Some(w), "/console/").await;
        assert!(
            !home.body.contains("href=\"/console/users\""),
            "no menu link"
        );
        let p = s
            .post(
                Some(w),
                "/console/users",
                &[
                    ("username", "x1"),
                    ("role", "viewer"),
                    ("password", NEW_PASSWORD),
                ],
                true,
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
    }
    let p = s.get(None, "/console/users").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(
        p.location.starts_with("/console/login?next="),
        "{}",
        p.location
    );
    let p = s
        .post(
            None,
            "/console/users",
            &[
                ("username", "x2"),
                ("role", "viewer"),
                ("password", NEW_PASSWORD),
            ],
            false,
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN, "no session: CSRF refusal");

    // CSRF missing: refused, nothing created.
    let add = |u: &'static str, role: &'static str, agency: &'static str, pw: &'static str| {
        [
            ("username", u),
            ("role", role),
            ("agency", agency),
            ("password", pw),
        ]
    };
    let p = s
        .post(
            Some(&kominfo),
            "/console/users",
            &add("petugas", "viewer", "", NEW_PASSWORD),
            false,
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(s
        .storage
        .user_credentials(J, "petugas")
        .await
        .unwrap()
        .is_none());

    // Refused forms are shown again with the reason.
    for (fields, status) in [
        (
            add("petugas", "agency_admin", "", NEW_PASSWORD),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            add("petugas", "agency_admin", "nope", NEW_PASSWORD),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            add("petugas", "viewer", "", "pendek-11ch"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            add("Bad Name!", "viewer", "", NEW_PASSWORD),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            add("petugas", "root", "", NEW_PASSWORD),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            add("viewer", "viewer", "", NEW_PASSWORD),
            StatusCode::CONFLICT,
        ),
    ] {
        let p = s
            .post(Some(&kominfo), "/console/users", &fields, true)
            .await;
        assert_eq!(p.status, status, "{fields:?}");
        assert!(p.body.contains("error-summary"), "{fields:?}");
    }
    assert!(s
        .storage
        .user_credentials(J, "petugas")
        .await
        .unwrap()
        .is_none());

    // Add an agency admin, then sign in as them.
    let p = s
        .post(
            Some(&kominfo),
            "/console/users",
            &add("petugas", "agency_admin", "disdukcapil", NEW_PASSWORD),
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(p.location, "/console/users?done=create");
    let creds = s
        .storage
        .user_credentials(J, "petugas")
        .await
        .unwrap()
        .unwrap();
    assert!(creds.password_hash.starts_with("$argon2id$"));
    assert_eq!(creds.user.agency.as_deref(), Some("disdukcapil"));
    let petugas = s
        .login("petugas", NEW_PASSWORD)
        .await
        .expect("new user signs in");
    assert_eq!(
        s.get(Some(&petugas), "/console/complaints").await.status,
        StatusCode::OK
    );
    let listed = s
        .get(Some(&kominfo), "/console/users?done=create")
        .await
        .body;
    assert!(
        listed.contains("data-user=\"petugas\" data-state=\"active\""),
        "{listed}"
    );

    // Disable: the session ends at once and the login is refused; enable again.
    let id = s.user_id("petugas").await;
    let p = s
        .post(
            Some(&kominfo),
            &format!("/console/users/{id}/disable"),
            &[],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let p = s.get(Some(&petugas), "/console/complaints").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "session ended");
    assert!(
        s.login("petugas", NEW_PASSWORD).await.is_none(),
        "disabled: refused"
    );
    let listed = s.get(Some(&kominfo), "/console/users").await.body;
    assert!(listed.contains("data-user=\"petugas\" data-state=\"disabled\""));
    let p = s
        .post(
            Some(&kominfo),
            &format!("/console/users/{id}/enable"),
            &[],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let petugas = s
        .login("petugas", NEW_PASSWORD)
        .await
        .expect("enabled again");

    // Reset the password: too short refused; then the old one fails, the new one
    // works, and the open session ended.
    let path = format!("/console/users/{id}/password");
    let p = s
        .post(Some(&kominfo), &path, &[("password", "short")], true)
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = s
        .post(
            Some(&kominfo),
            &path,
            &[("password", "kata-sandi-baru-2026")],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        s.get(Some(&petugas), "/console/").await.status,
        StatusCode::SEE_OTHER
    );
    assert!(s.login("petugas", NEW_PASSWORD).await.is_none());
    assert!(s.login("petugas", "kata-sandi-baru-2026").await.is_some());

    // A koordinator cannot disable themself (the page offers no button either).
    let me = s.user_id("kominfo").await;
    let p = s
        .post(
            Some(&kominfo),
            &format!("/console/users/{me}/disable"),
            &[],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!p
        .body
        .contains(&format!("action=\"/console/users/{me}/disable\"")));
    assert_eq!(
        s.get(Some(&kominfo), "/console/users").await.status,
        StatusCode::OK
    );
    // Unknown account: 404.
    let p = s
        .post(Some(&kominfo), "/console/users/nobody/disable", &[], true)
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    // Others cannot use the actions.
    let p = s
        .post(
            Some(&viewer),
            &format!("/console/users/{id}/disable"),
            &[],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);

    let audit = s.audit().await;
    for action in [
        "user.create",
        "user.disable",
        "user.enable",
        "user.password_reset",
    ] {
        let want = (
            "kominfo".to_owned(),
            action.to_owned(),
            "user/petugas".to_owned(),
        );
        assert!(audit.contains(&want), "{action} missing: {audit:?}");
    }
    assert!(audit
        .iter()
        .any(|(a, act, _)| a == "kominfo" && act == "csrf.refused"));
    assert!(audit
        .iter()
        .any(|(a, act, t)| a == "petugas" && act == "login.failed" && t == "user/petugas"));
    assert!(!audit
        .iter()
        .any(|(_, act, t)| act == "user.disable" && t == "user/kominfo"));
}

// ------------------------------------------------------------------ merge

async fn setup(s: &Server, id: &str, action: Action) {
    s.storage
        .complaint_action(StaffAction {
            jurisdiction: J.into(),
            complaint_id: id.into(),
            actor: Actor::Coordinator,
            actor_name: "setup".into(),
            action,
            now: now(),
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

async fn merge_duplicates(b: Backend) {
    let Some(s) = Server::start(b).await else {
        return;
    };
    let mut d = s.register().await;
    let dup = s.file(&mut d).await;
    let target = s.file(&mut d).await;
    let other = s.file(&mut d).await;
    let rejected = s.file(&mut d).await;
    setup(
        &s,
        &rejected,
        Action::Reject {
            reason: "spam".into(),
        },
    )
    .await;
    let kominfo = s.staff("kominfo").await;
    let dukcapil = s.staff("disdukcapil").await;
    let target_before = s.record(&target).await;
    let tn = target_before.tracking_number.clone();
    let dup_tn = s.record(&dup).await.tracking_number;
    let act = |id: &str| format!("/console/complaints/{id}/actions");

    // The koordinator sees the form; an agency admin does not, and is refused.
    let page = s
        .get(Some(&kominfo), &format!("/console/complaints/{dup}"))
        .await;
    assert!(page.body.contains("id=\"form-merge\""));
    setup(
        &s,
        &other,
        Action::Assign {
            agency: "disdukcapil".into(),
        },
    )
    .await;
    let page = s
        .get(Some(&dukcapil), &format!("/console/complaints/{other}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("id=\"form-merge\""));
    let p = s
        .post(
            Some(&dukcapil),
            &act(&other),
            &[("action", "merge"), ("target", &tn)],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(s.record(&other).await.state.status.as_str(), "assigned");

    // Refused: CSRF missing, itself, unknown number, a rejected target.
    let p = s
        .post(
            Some(&kominfo),
            &act(&dup),
            &[("action", "merge"), ("target", &tn)],
            false,
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let rejected_tn = s.record(&rejected).await.tracking_number;
    for (t, status, needle) in [
        (
            dup_tn.as_str(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "dirinya sendiri",
        ),
        (
            "MINI-1999-999999",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tidak ada pengaduan",
        ),
        ("", StatusCode::UNPROCESSABLE_ENTITY, "Tidak ada pengaduan"),
        (
            rejected_tn.as_str(),
            StatusCode::CONFLICT,
            "sudah ditolak atau ditutup",
        ),
    ] {
        let p = s
            .post(
                Some(&kominfo),
                &act(&dup),
                &[("action", "merge"), ("target", t)],
                true,
            )
            .await;
        assert_eq!(p.status, status, "target {t:?}");
        assert!(p.body.contains(needle), "target {t:?}: {needle:?} missing");
    }
    assert_eq!(s.record(&dup).await.state.status.as_str(), "received");

    // Merge (the tracking number in lower case and with spaces is found too).
    let typed = format!("  {}  ", tn.to_lowercase());
    let p = s
        .post(
            Some(&kominfo),
            &act(&dup),
            &[("action", "merge"), ("target", &typed)],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(p.location, format!("/console/complaints/{dup}?done=merge"));
    let merged = s.record(&dup).await;
    assert_eq!(merged.state.status.as_str(), "rejected");
    assert_eq!(merged.state.due_at, None);
    let last = merged.events.last().unwrap();
    assert_eq!(last.kind, "merged");
    assert!(!last.internal);
    assert!(last.text.as_deref().unwrap().contains(&tn), "{last:?}");
    let target_after = s.record(&target).await;
    assert_eq!(target_after.support_count, target_before.support_count + 1);
    assert!(target_after.version > target_before.version);
    assert_eq!(
        target_after.state, target_before.state,
        "target's workflow unchanged"
    );
    let page = s
        .get(
            Some(&kominfo),
            &format!("/console/complaints/{dup}?done=merge"),
        )
        .await;
    assert!(page.body.contains(&tn));
    assert!(
        !page.body.contains("id=\"form-merge\""),
        "no merge once rejected"
    );

    // Merging again, or into the now rejected duplicate, is refused.
    let p = s
        .post(
            Some(&kominfo),
            &act(&dup),
            &[("action", "merge"), ("target", &tn)],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    let p = s
        .post(
            Some(&kominfo),
            &act(&target),
            &[("action", "merge"), ("target", &dup_tn)],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert_eq!(
        s.record(&target).await.support_count,
        target_after.support_count
    );

    // The dashboard counts the merge as the end of triage, like a rejection.
    let facts = s
        .storage
        .complaint_facts(
            J,
            pati_server::storage::FactsQuery {
                from: 0,
                to: i64::MAX,
                agency: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(facts.len(), 4);
    assert_eq!(facts.iter().filter(|f| f.rejected_at.is_some()).count(), 2);
    let dup_facts = pati_server::console::dashboard::facts_of(&s.record(&dup).await);
    assert!(dup_facts.rejected_at.is_some());

    // The resident's device pulls the merge event.
    let mine = s.mine(&d).await;
    let v = serde_json::to_value(&mine).unwrap();
    let complaints = v["complaints"].as_array().expect("complaints");
    let dup_view = complaints
        .iter()
        .find(|c| c["id"] == dup.as_str())
        .expect("dup pulled");
    assert_eq!(dup_view["status"], "rejected");
    let ev = dup_view["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(ev["kind"], "merged");
    assert!(ev["text"].as_str().unwrap().contains(&tn));

    let audit = s.audit().await;
    let want = (
        "kominfo".to_owned(),
        "complaint.merge".to_owned(),
        format!("complaint/{dup_tn}"),
    );
    assert_eq!(audit.iter().filter(|e| **e == want).count(), 1, "{audit:?}");
    assert!(audit
        .iter()
        .any(|(a, act, _)| a == "kominfo" && act == "csrf.refused"));
    assert!(audit
        .iter()
        .any(|(a, act, _)| a == "disdukcapil" && act == "access.denied"));
}

/// The Open311 keys page: koordinator only; a created key is shown once, works
/// (its hash is stored, live), is listed without its secret, and is revoked from
/// the page; both changes audited with the console username.
async fn open311_keys_page(b: Backend) {
    let Some(s) = Server::start(b).await else {
        return;
    };
    let kominfo = s.staff("kominfo").await;
    let dukcapil = s.staff("disdukcapil").await;
    let viewer = s.staff("viewer").await;
    let p = s.get(Some(&kominfo), "/console/open311-keys").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("id=\"no-keys\""), "{}", p.body);
    assert!(
        p.body.contains("href=\"/console/open311-keys\""),
        "menu link"
    );
    for w in [&dukcapil, &viewer] {
        assert_eq!(
            s.get(Some(w), "/console/open311-keys").await.status,
            StatusCode::FORBIDDEN
        );
        let home = s.get(Some(w), "/console/").await;
        assert!(!home.body.contains("href=\"/console/open311-keys\""));
        let p = s
            .post(Some(w), "/console/open311-keys", &[("name", "Iseng")], true)
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
    }
    // No CSRF token: refused, nothing created.
    let p = s
        .post(
            Some(&kominfo),
            "/console/open311-keys",
            &[("name", "X")],
            false,
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = s
        .post(
            Some(&kominfo),
            "/console/open311-keys",
            &[("name", "  ")],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.body.contains("id=\"error-summary\""));
    assert!(s.storage.open311_keys(J).await.unwrap().is_empty());

    let p = s
        .post(
            Some(&kominfo),
            "/console/open311-keys",
            &[("name", "FixMyStreet Pati")],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let start = p.body.find("id=\"new-key-secret\">").expect("the new key") + 20;
    let secret = &p.body[start..start + p.body[start..].find('<').unwrap()];
    assert!(
        secret.starts_with(pati_server::open311::keys::KEY_PREFIX),
        "{secret}"
    );
    let stored = s
        .storage
        .open311_key(&pati_server::open311::keys::key_hash(secret))
        .await
        .unwrap()
        .expect("the shown key is the stored one");
    assert_eq!(
        (stored.name.as_str(), stored.revoked_at),
        ("FixMyStreet Pati", None)
    );
    // Listed afterwards, never with its secret.
    let p = s.get(Some(&kominfo), "/console/open311-keys").await;
    assert!(p
        .body
        .contains(&format!("data-key=\"{}\" data-state=\"active\"", stored.id)));
    assert!(p.body.contains("FixMyStreet Pati"));
    assert!(!p.body.contains(secret));
    assert!(!p.body.contains("new-key-secret"));

    let revoke = format!("/console/open311-keys/{}/revoke", stored.id);
    for w in [&dukcapil, &viewer] {
        assert_eq!(
            s.post(Some(w), &revoke, &[], true).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let p = s.post(Some(&kominfo), &revoke, &[], true).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(p.location, "/console/open311-keys?done=revoke");
    let p = s.get(Some(&kominfo), &p.location).await;
    assert!(p.body.contains(&format!(
        "data-key=\"{}\" data-state=\"revoked\"",
        stored.id
    )));
    assert!(p.body.contains("Kunci Open311 dicabut"), "flash");
    assert!(s.storage.open311_keys(J).await.unwrap()[0]
        .revoked_at
        .is_some());
    // Revoking again: nothing live to revoke.
    assert_eq!(
        s.post(Some(&kominfo), &revoke, &[], true).await.status,
        StatusCode::NOT_FOUND
    );
    let audit = s.audit().await;
    let target = format!("open311_key/{}", stored.id);
    for action in ["open311.key.create", "open311.key.revoke"] {
        assert!(
            audit
                .iter()
                .any(|(actor, a, t)| actor == "kominfo" && a == action && *t == target),
            "{action}: {audit:?}"
        );
    }
}

/// Over HTTP: after the koordinator merges a complaint into another resident's
/// (confidential) one, the duplicate's device pulls the target and its later
/// answers, in the follower's view — none of the other reporter's words or place.
async fn merged_duplicate_reporter_follows_the_target(b: Backend) {
    let Some(s) = Server::start(b).await else {
        return;
    };
    let mut first = s.register().await;
    let mut second = s.register().await;
    let dup = s.file(&mut first).await;
    let target = s.file_with(&mut second, true).await;
    let tn = s.record(&target).await.tracking_number;
    let kominfo = s.staff("kominfo").await;
    let p = s
        .post(
            Some(&kominfo),
            &format!("/console/complaints/{dup}/actions"),
            &[("action", "merge"), ("target", &tn)],
            true,
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    setup(
        &s,
        &target,
        Action::Assign {
            agency: "disdukcapil".into(),
        },
    )
    .await;
    setup(
        &s,
        &target,
        Action::Respond {
            text: "Sudah kami cetak, silakan ambil".into(),
        },
    )
    .await;
    second.seq += 1;
    let reply = json!({"seq": second.seq, "name": mutation::COMPLAINT_REPLY_V1, "args": {
        "complaint_id": target, "event_id": uuid::Uuid::now_v7().to_string(),
        "text": "Alamat saya Jl. Rahasia 7"
    }});
    let r = s
        .http
        .post(s.api("/push"))
        .bearer_auth(&second.tokens.access_token)
        .json(&json!({"client_id": second.tokens.client_id, "mutations": [reply]}))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["results"][0]["outcome"], "applied", "{v}");

    let mine = s.mine(&first).await;
    let followed = mine
        .complaints
        .iter()
        .find(|c| c.id == target)
        .expect("the duplicate's device pulls the target");
    assert!(mine.complaints.iter().any(|c| c.id == dup));
    assert!(followed
        .events
        .iter()
        .any(|e| e.kind == "response"
            && e.text.as_deref() == Some("Sudah kami cetak, silakan ambil")));
    assert_eq!(
        followed.status.as_str(),
        "in_progress",
        "an answer starts the work"
    );
    let body = serde_json::to_string(followed).unwrap();
    assert!(
        !body.contains("Rahasia 7") && !body.contains("Jl. Pemuda"),
        "{body}"
    );
    assert_eq!(followed.title, pati_server::complaints::CONFIDENTIAL_TITLE);
    assert!(followed.description.is_empty() && followed.photos.is_empty());
    assert_eq!((followed.location.lat, followed.reopen_until), (None, None));
    // The target's own reporter still sees everything of it.
    let theirs = s.mine(&second).await;
    let own = theirs.complaints.iter().find(|c| c.id == target).unwrap();
    assert!(own.events.iter().any(|e| e.kind == "reply"));
    assert!(own.title.starts_with("KTP-el"));
    assert!(!theirs.complaints.iter().any(|c| c.id == dup));
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
    users_page,
    merge_duplicates,
    open311_keys_page,
    merged_duplicate_reporter_follows_the_target,
);
