//! The agencies' console over real HTTP on loopback: login, lockout, CSRF, roles, and
//! content published through the forms reaching the devices' content API.

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use pati_protocol::{ContentItem, ContentKind, ContentPage};
use pati_server::accounts::{self, DEMO_PASSWORD};
use pati_server::storage::Storage;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use reqwest::StatusCode;

/// A server on 127.0.0.1:0 with the `mini` fixture pack and the demo accounts.
struct Console {
    url: String,
    http: reqwest::Client,
    storage: Arc<dyn Storage>,
    _dir: Option<tempfile::TempDir>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// A browser's cookies, as far as these tests need.
#[derive(Default, Clone)]
struct Jar(HashMap<String, String>);

impl Jar {
    fn take(&mut self, headers: &HeaderMap) {
        for v in headers.get_all(SET_COOKIE) {
            let v = v.to_str().unwrap();
            let (pair, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.0.remove(name);
            } else {
                self.0.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Resp {
    fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    /// The value of the first hidden `_csrf` field.
    fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"_csrf\" value=\"")
            .expect("a form with a CSRF token");
        let rest = &self.body[at + "name=\"_csrf\" value=\"".len()..];
        rest[..rest.find('"').unwrap()].to_owned()
    }
}

impl Console {
    async fn start() -> Console {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("console.db").display());
        Console::start_on(url, Some(dir)).await
    }

    async fn start_on(database_url: String, dir: Option<tempfile::TempDir>) -> Console {
        Console::start_with(database_url, dir, Default::default()).await
    }

    async fn start_with(
        database_url: String,
        dir: Option<tempfile::TempDir>,
        console: pati_server::console::Settings,
    ) -> Console {
        let config = pati_server::Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            database_url,
            content_dir: Some(common::fixture_packs()),
            console,
            ..Default::default()
        };
        let state = pati_server::prepare(&config).await.unwrap();
        let demo = accounts::ensure_demo_accounts(state.storage.as_ref())
            .await
            .unwrap();
        assert_eq!(demo.len(), 4, "{demo:?}");
        let storage = state.storage.clone();
        let (addr, tx) = common::serve(state, config.listen).await;
        Console {
            url: format!("http://{addr}"),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            storage,
            _dir: dir,
            _stop: tx,
        }
    }

    async fn get(&self, path: &str, jar: &mut Jar) -> Resp {
        let r = self
            .http
            .get(format!("{}{path}", self.url))
            .header("cookie", jar.header())
            .send()
            .await
            .unwrap();
        self.finish(r, jar).await
    }

    async fn post(&self, path: &str, jar: &mut Jar, form: &[(&str, &str)]) -> Resp {
        let r = self
            .http
            .post(format!("{}{path}", self.url))
            .header("cookie", jar.header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.finish(r, jar).await
    }

    async fn finish(&self, r: reqwest::Response, jar: &mut Jar) -> Resp {
        let status = r.status();
        let headers = r.headers().clone();
        jar.take(&headers);
        Resp {
            status,
            headers,
            body: r.text().await.unwrap(),
        }
    }

    /// Logs in through the form; returns the answer to the POST.
    async fn login_as(&self, jar: &mut Jar, username: &str, password: &str) -> Resp {
        let page = self.get("/console/login", jar).await;
        assert_eq!(page.status, StatusCode::OK);
        let csrf = page.csrf();
        self.post(
            "/console/login",
            jar,
            &[
                ("_csrf", &csrf),
                ("jurisdiction", "mini"),
                ("username", username),
                ("password", password),
            ],
        )
        .await
    }

    /// A signed-in browser and the CSRF token of its session.
    async fn session(&self, username: &str) -> (Jar, String) {
        let mut jar = Jar::default();
        let r = self.login_as(&mut jar, username, DEMO_PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let home = self.get("/console/", &mut jar).await;
        assert_eq!(home.status, StatusCode::OK);
        let csrf = home.csrf();
        (jar, csrf)
    }

    async fn audit_actions(&self) -> Vec<(String, String)> {
        self.storage
            .audit_log("mini", None, 1000)
            .await
            .unwrap()
            .into_iter()
            .rev()
            .map(|e| (e.action, e.actor))
            .collect()
    }

    /// Pulls every page from `cursor` like a device does; returns the changes and the new cursor.
    async fn pull(&self, cursor: &str) -> (Vec<pati_protocol::ContentChange>, String) {
        let mut cursor = cursor.to_owned();
        let mut changes = Vec::new();
        loop {
            let page: ContentPage = self
                .http
                .get(format!("{}/api/v1/mini/content?cursor={cursor}", self.url))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert!(!page.reset);
            changes.extend(page.changes);
            cursor = page.cursor;
            if !page.has_more {
                return (changes, cursor);
            }
        }
    }
}

#[tokio::test]
async fn login_sets_a_strict_http_only_session_cookie_and_shows_the_dashboard() {
    let c = Console::start().await;
    let mut jar = Jar::default();
    let page = c.get("/console/login", &mut jar).await;
    assert!(page.body.contains("<html lang=\"id\""));
    assert!(page.body.contains("Masuk ke Konsol Instansi"));
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert!(!page.body.contains("<script>"), "no inline script");

    let r = c.login_as(&mut jar, "kominfo", DEMO_PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/console/");
    let cookie = r
        .headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("pati_session="))
        .expect("session cookie");
    for attr in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/console",
        "Max-Age=28800",
    ] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "off by default on loopback: {cookie}"
    );
    let token = cookie["pati_session=mini.".len()..]
        .split(';')
        .next()
        .unwrap();
    assert_eq!(token.len(), 43, "32 random bytes");

    let home = c.get("/console/", &mut jar).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Kabupaten Contoh"));
    assert!(home
        .body
        .contains("<li class=\"stat\" id=\"stat-services\"><span class=\"stat-value\">3</span>"));
    assert!(home
        .body
        .contains("<li class=\"stat\" id=\"stat-news\"><span class=\"stat-value\">2</span>"));
    assert!(home.body.contains("Koordinator (Diskominfo)"));
    // Only the hash of the token is stored.
    assert!(c.storage.session("mini", token, 0).await.unwrap().is_none());
    let stored = c
        .storage
        .session("mini", &accounts::token_hash(token), 0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.user.username, "kominfo");
    assert_eq!(stored.expires_at - stored.created_at, 8 * 3600);

    // Already signed in: the login page sends you home.
    assert_eq!(
        c.get("/console/login", &mut jar).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.audit_actions().await.last().unwrap(),
        &("login.ok".into(), "kominfo".into())
    );
}

#[tokio::test]
async fn unknown_users_and_wrong_passwords_get_the_same_answer() {
    let c = Console::start().await;
    let mut jar = Jar::default();
    let wrong = c.login_as(&mut jar, "kominfo", "not-the-password").await;
    let unknown = c.login_as(&mut jar, "nobody", "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let error = |body: &str| {
        let at = body.find("<div class=\"error-box\"").unwrap();
        body[at..at + body[at..].find("</div>").unwrap()].to_owned()
    };
    assert_eq!(error(&wrong.body), error(&unknown.body));
    assert!(wrong.body.contains("Nama pengguna atau kata sandi salah"));
    assert!(!wrong
        .headers
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("pati_session")));
    let actions = c.audit_actions().await;
    assert!(actions.contains(&("login.failed".into(), "kominfo".into())));
    assert!(actions.contains(&("login.failed".into(), "nobody".into())));
    // Wrong jurisdiction for a real user: refused too.
    let page = c.get("/console/login", &mut jar).await;
    let r = c
        .post(
            "/console/login",
            &mut jar,
            &[
                ("_csrf", &page.csrf()),
                ("jurisdiction", "pati"),
                ("username", "kominfo"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes() {
    let c = Console::start().await;
    let mut jar = Jar::default();
    for _ in 0..5 {
        let r = c.login_as(&mut jar, "viewer", "wrong-password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let now = chrono::Utc::now().timestamp();
    let creds = c
        .storage
        .user_credentials("mini", "viewer")
        .await
        .unwrap()
        .unwrap();
    let until = creds.locked_until.expect("locked");
    assert!((until - now - 15 * 60).abs() < 30, "{until} vs {now}");
    // The right password is refused while locked, with the same message.
    let r = c.login_as(&mut jar, "viewer", DEMO_PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Nama pengguna atau kata sandi salah"));
    let actions = c.audit_actions().await;
    let locked = actions.iter().filter(|(a, _)| a == "login.locked").count();
    assert_eq!(locked, 2, "the lock, then the refused login: {actions:?}");
    // Fifteen minutes later it opens again (the clock is a parameter of login).
    let later = until + 1;
    let outcome = accounts::login(c.storage.as_ref(), "mini", "viewer", DEMO_PASSWORD, later)
        .await
        .unwrap();
    assert!(matches!(outcome, accounts::LoginOutcome::Success { .. }));
    let creds = c
        .storage
        .user_credentials("mini", "viewer")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((creds.failed_attempts, creds.locked_until), (0, None));
}

#[tokio::test]
async fn posts_without_the_right_csrf_token_are_refused() {
    let c = Console::start().await;
    // The login form needs its own token.
    let mut fresh = Jar::default();
    let r = c
        .post(
            "/console/login",
            &mut fresh,
            &[
                ("jurisdiction", "mini"),
                ("username", "kominfo"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r
        .headers
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("pati_session")));

    let (mut jar, csrf) = c.session("kominfo").await;
    let form = [("id", "x-1"), ("name_id", "X")];
    let none = c
        .post("/console/content/service/new", &mut jar, &form)
        .await;
    assert_eq!(none.status, StatusCode::FORBIDDEN);
    assert!(none.body.contains("Formulir kedaluwarsa"));
    let wrong = c
        .post(
            "/console/content/service/new",
            &mut jar,
            &[("_csrf", "forged"), ("id", "x-1")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let logout = c.post("/console/logout", &mut jar, &[]).await;
    assert_eq!(logout.status, StatusCode::FORBIDDEN);
    // Still signed in: nothing happened.
    assert_eq!(c.get("/console/", &mut jar).await.status, StatusCode::OK);
    let refused = c
        .audit_actions()
        .await
        .iter()
        .filter(|(a, _)| a == "csrf.refused")
        .count();
    assert_eq!(refused, 3);
    // With the token, logout works and the session is gone.
    let out = c
        .post("/console/logout", &mut jar, &[("_csrf", &csrf)])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.location().starts_with("/console/login?bye=1"));
    assert!(!jar.0.contains_key("pati_session"));
    let mut stale = jar.clone();
    stale
        .0
        .insert("pati_session".into(), "mini.whatever".into());
    let home = c.get("/console/", &mut stale).await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert!(home.location().starts_with("/console/login"));
    assert!(c
        .audit_actions()
        .await
        .contains(&("logout".into(), "kominfo".into())));
}

#[tokio::test]
async fn agency_admins_and_viewers_are_refused_content_editing_and_the_audit_log() {
    let c = Console::start().await;
    // Nobody signed in: to the login page, remembering where they were going.
    let mut anon = Jar::default();
    let r = c.get("/console/content", &mut anon).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/console/login?next=%2Fconsole%2Fcontent");

    for user in ["dishub", "viewer"] {
        let (mut jar, csrf) = c.session(user).await;
        let home = c.get("/console/", &mut jar).await;
        assert!(
            !home.body.contains("href=\"/console/content\""),
            "no content menu for {user}"
        );
        if user == "dishub" {
            assert!(
                home.body.contains("Dinas Perhubungan (Dishub)"),
                "the agency is shown"
            );
        }
        for path in [
            "/console/content",
            "/console/content/service/new",
            "/console/content/service/ktp-el",
            "/console/audit",
        ] {
            let r = c.get(path, &mut jar).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} GET {path}");
            assert!(r.body.contains("Akses ditolak"));
        }
        let r = c
            .post(
                "/console/content/service/ktp-el/retire",
                &mut jar,
                &[("_csrf", csrf.as_str())],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} retire");
        assert!(c
            .storage
            .content_item("mini", ContentKind::Service, "ktp-el")
            .await
            .unwrap()
            .is_some());
        let denied = c
            .storage
            .audit_log("mini", None, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "access.denied" && e.actor == user)
            .map(|e| e.target)
            .collect::<Vec<_>>();
        assert_eq!(denied.len(), 5, "{denied:?}");
        assert!(denied.contains(&"POST /console/content/service/ktp-el/retire".to_owned()));
    }
}

/// Fields of a valid new service in the `mini` pack.
fn service_form<'a>(csrf: &'a str, id: &'a str, fee: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("id", id),
        ("category", "transportasi"),
        ("agency", "dishub"),
        ("name_id", "Izin Trayek Angkutan Desa"),
        ("name_en", "Village Transport Route Permit"),
        ("summary_id", "Izin trayek untuk angkutan pedesaan."),
        ("requirements_id", "Fotokopi KTP\nSTNK kendaraan"),
        ("requirements_en", "Copy of ID card\nVehicle registration"),
        (
            "steps_id",
            "Ajukan permohonan di loket Dishub.\nAmbil izin setelah diverifikasi.",
        ),
        ("fee_id", fee),
        ("duration_id", "5 hari kerja"),
        ("hours_id", "Senin-Jumat 08.00-14.00"),
        ("loc0_name_id", "Kantor Dinas Perhubungan"),
        ("loc0_address", "Jl. Contoh 1"),
        ("ct0_kind", "phone"),
        ("ct0_label_id", "Telepon Dishub"),
        ("ct0_url", "tel:+62295000000"),
        ("keywords", "trayek, angkutan desa"),
    ]
}

async fn published_services_and_retirements_reach_the_content_api(c: Console) {
    let (mut jar, csrf) = c.session("kominfo").await;
    let (_, cursor) = c.pull("").await;

    // The form's own rules: field errors, in Indonesian, next to their fields.
    let mut bad = service_form(&csrf, "Izin Trayek", "Gratis");
    bad.retain(|(k, _)| *k != "steps_id");
    let r = c.post("/console/content/service/new", &mut jar, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"id-error\""), "{}", r.body);
    assert!(r.body.contains("Gunakan huruf kecil a-z"));
    assert!(r
        .body
        .contains("Layanan memerlukan paling sedikit satu langkah."));
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(
        r.body.contains("value=\"Izin Trayek Angkutan Desa\""),
        "what was typed is kept"
    );
    // The same in English.
    let r = c
        .post("/console/content/service/new?lang=en", &mut jar, &bad)
        .await;
    assert!(
        r.body.contains("A service needs at least one step."),
        "{}",
        r.body
    );
    let _ = c.get("/console/?lang=id", &mut jar).await;
    // An ID already published.
    let r = c
        .post(
            "/console/content/service/new",
            &mut jar,
            &service_form(&csrf, "ktp-el", "Gratis"),
        )
        .await;
    assert!(r.body.contains("ID ini sudah dipakai"));
    let (unchanged, _) = c.pull(&cursor).await;
    assert!(unchanged.is_empty(), "nothing published by refused forms");

    // Publish.
    let r = c
        .post(
            "/console/content/service/new",
            &mut jar,
            &service_form(&csrf, "izin-trayek", "Gratis"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        "/console/content?kind=service&done=created&item=izin-trayek"
    );
    let list = c.get(r.location(), &mut jar).await;
    assert!(list.body.contains("Diterbitkan: izin-trayek"));
    assert!(list.body.contains("Izin Trayek Angkutan Desa"));

    let (changes, cursor2) = c.pull(&cursor).await;
    assert_eq!(changes.len(), 1, "exactly the new service: {changes:?}");
    assert_eq!(
        (changes[0].kind, changes[0].key.as_str()),
        (ContentKind::Service, "izin-trayek")
    );
    let Some(ContentItem::Service(s)) = &changes[0].item else {
        panic!("{changes:?}")
    };
    assert_eq!(s.agency, "dishub");
    assert_eq!(
        s.requirements[1].en.as_deref(),
        Some("Vehicle registration")
    );
    assert_eq!(s.steps.len(), 2);
    assert_eq!(s.locations[0].address.as_deref(), Some("Jl. Contoh 1"));
    assert_eq!(s.contacts[0].url, "tel:+62295000000");
    assert_eq!(s.keywords, vec!["trayek", "angkutan desa"]);

    // Edit: the edit form shows the stored values; a change is one more delta.
    let edit = c
        .get("/console/content/service/izin-trayek", &mut jar)
        .await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("value=\"izin-trayek\" readonly"));
    let mut form = service_form(&csrf, "ignored-when-editing", "Rp 10.000");
    form.retain(|(k, _)| *k != "id");
    let r = c
        .post("/console/content/service/izin-trayek", &mut jar, &form)
        .await;
    assert_eq!(
        r.location(),
        "/console/content?kind=service&done=updated&item=izin-trayek"
    );
    let (changes, cursor3) = c.pull(&cursor2).await;
    assert_eq!(changes.len(), 1);
    let Some(ContentItem::Service(s)) = &changes[0].item else {
        panic!()
    };
    assert_eq!(s.fee.id, "Rp 10.000");
    // Saving again unchanged publishes nothing.
    let r = c
        .post("/console/content/service/izin-trayek", &mut jar, &form)
        .await;
    assert!(r.location().contains("done=unchanged"));
    assert!(c.pull(&cursor3).await.0.is_empty());

    // Retire: a tombstone for devices.
    let confirm = c
        .get("/console/content/service/izin-trayek/retire", &mut jar)
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    let r = c
        .post(
            "/console/content/service/izin-trayek/retire",
            &mut jar,
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(
        r.location(),
        "/console/content?kind=service&done=retired&item=izin-trayek"
    );
    let (changes, _) = c.pull(&cursor3).await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].key, "izin-trayek");
    assert!(changes[0].item.is_none(), "tombstone");
    assert_eq!(
        c.get("/console/content/service/izin-trayek", &mut jar)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Every change is in the audit log, which the koordinator can read.
    let log = c.storage.audit_log("mini", None, 100).await.unwrap();
    let content: Vec<_> = log
        .iter()
        .rev()
        .filter(|e| e.action.starts_with("content."))
        .map(|e| (e.action.as_str(), e.target.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        content,
        vec![
            ("content.publish", "service/izin-trayek", "kominfo"),
            ("content.publish", "service/izin-trayek", "kominfo"),
            ("content.publish", "service/izin-trayek", "kominfo"),
            ("content.retire", "service/izin-trayek", "kominfo"),
        ]
    );
    let audit = c.get("/console/audit", &mut jar).await;
    assert_eq!(audit.status, StatusCode::OK);
    assert!(audit.body.contains("Konten ditarik"));
    assert!(audit.body.contains("service/izin-trayek"));
}

#[tokio::test]
async fn published_services_and_retirements_reach_the_content_api_sqlite() {
    published_services_and_retirements_reach_the_content_api(Console::start().await).await;
}

#[tokio::test]
async fn published_services_and_retirements_reach_the_content_api_postgres() {
    let Some(url) = common::postgres_url().await else {
        return;
    };
    published_services_and_retirements_reach_the_content_api(Console::start_on(url, None).await)
        .await;
}

#[tokio::test]
async fn news_is_published_in_the_jurisdiction_time_zone() {
    let c = Console::start().await;
    let (mut jar, csrf) = c.session("kominfo").await;
    let blank = c.get("/console/content/news/new", &mut jar).await;
    assert_eq!(blank.status, StatusCode::OK);
    let (_, cursor) = c.pull("").await;
    let r = c
        .post(
            "/console/content/news/new",
            &mut jar,
            &[
                ("_csrf", csrf.as_str()),
                ("id", "jadwal-uji-kir"),
                ("category", "pengumuman"),
                ("title_id", "Jadwal Uji KIR Desember"),
                ("summary_id", "Uji KIR keliling di tiga kecamatan."),
                ("body_id", "Paragraf satu.\r\n\r\nParagraf dua."),
                ("published_at", "2026-12-01T08:00"),
                ("lk0_kind", "web"),
                ("lk0_label_id", "Portal"),
                ("lk0_url", "https://example.go.id"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (changes, _) = c.pull(&cursor).await;
    let Some(ContentItem::News(n)) = &changes[0].item else {
        panic!("{changes:?}")
    };
    assert_eq!(n.published_at, "2026-12-01T08:00:00+07:00");
    assert_eq!(n.body.id, "Paragraf satu.\n\nParagraf dua.");
    assert_eq!(n.links[0].url, "https://example.go.id");
    let list = c
        .get("/console/content?kind=news&q=uji%20kir", &mut jar)
        .await;
    assert!(list.body.contains("Jadwal Uji KIR Desember"));
    assert!(list.body.contains("1 berita"));
}

#[tokio::test]
async fn english_by_query_then_cookie_and_static_files_under_the_csp() {
    let c = Console::start().await;
    let (mut jar, _) = c.session("kominfo").await;
    let en = c.get("/console/?lang=en", &mut jar).await;
    assert!(en.body.contains("<html lang=\"en\""));
    assert!(en.body.contains("Published content"));
    assert_eq!(jar.0.get("pati_lang").map(String::as_str), Some("en"));
    let again = c.get("/console/content", &mut jar).await;
    assert!(
        again.body.contains("Add service"),
        "the cookie keeps English"
    );
    assert!(again.body.contains("href=\"/console/content?lang=id\""));

    for (file, ctype) in [
        ("console.css", "text/css"),
        ("console.js", "text/javascript"),
    ] {
        let r = c.get(&format!("/console/static/{file}"), &mut jar).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with(ctype));
        assert!(en.body.contains(&format!("/console/static/{file}?v=")));
    }
    let missing = c.get("/console/nothing-here", &mut jar).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Page not found"));
}

#[tokio::test]
async fn cookies_are_secure_when_served_over_https() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("console.db").display());
    let c = Console::start_with(
        url,
        Some(dir),
        pati_server::console::Settings {
            cookie_secure: true,
        },
    )
    .await;
    let mut jar = Jar::default();
    let r = c.login_as(&mut jar, "kominfo", DEMO_PASSWORD).await;
    let cookies: Vec<String> = r
        .headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(!cookies.is_empty());
    for cookie in &cookies {
        assert!(cookie.ends_with("; Secure"), "{cookie}");
    }
}
