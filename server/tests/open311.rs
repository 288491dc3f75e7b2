//! Open311 GeoReport v2 over real HTTP on loopback, on SQLite and on PostgreSQL,
//! with the two real content packs (Pati and Pekalongan): every endpoint in JSON
//! and XML, every error, privacy (confidential complaints never appear, no contact
//! details ever, anonymous complaints without coordinates), jurisdictions kept
//! apart, and an Open311 request living on as an ordinary complaint.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use pati_protocol::{mutation, ComplaintStatus};
use pati_server::accounts::{self, LoginOutcome, DEMO_PASSWORD};
use pati_server::open311::keys;
use pati_server::storage::{NewDevice, PushInput, Storage};
use quick_xml::events::Event;
use reqwest::StatusCode;
use serde_json::{json, Value};

const EMAIL: &str = "siti.warga@example.id";
const PHONE: &str = "081234567890";
const FIRST: &str = "Sitiwarga";

fn content_packs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content")
}

struct Server {
    url: String,
    http: reqwest::Client,
    storage: Arc<dyn Storage>,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start(database_url: Option<String>, packs: PathBuf) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let database_url =
        database_url.unwrap_or_else(|| format!("sqlite:{}", dir.path().join("pati.db").display()));
    let config = pati_server::Config {
        database_url,
        content_dir: Some(packs),
        data_dir: Some(dir.path().to_owned()),
        ..Default::default()
    };
    let state = pati_server::prepare(&config).await.unwrap();
    let storage = state.storage.clone();
    let (addr, tx) = common::serve(state, config.listen).await;
    Server {
        url: format!("http://{addr}/open311/v2"),
        http: reqwest::Client::new(),
        storage,
        _dir: dir,
        _stop: tx,
    }
}

/// One answer: status, content type and body.
struct Answer {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "{}",
            self.content_type
        );
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn xml(&self) -> Xml {
        assert!(
            self.content_type.starts_with("text/xml"),
            "{}",
            self.content_type
        );
        assert!(
            self.body
                .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            "{}",
            self.body
        );
        Xml::parse(&self.body)
    }

    /// The one error of a GeoReport error list, in JSON.
    fn json_error(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let v = self.json();
        let list = v.as_array().expect("an error list");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["code"], status.as_u16());
        list[0]["description"].as_str().unwrap().to_owned()
    }

    fn xml_error(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let x = self.xml();
        assert_eq!(x.root, "errors");
        assert_eq!(x.count("error"), 1);
        assert_eq!(
            x.text("errors/error/code"),
            vec![status.as_u16().to_string()]
        );
        x.text("errors/error/description")[0].clone()
    }
}

/// A parsed XML document: the root's name and every element with its path and
/// text, checked well-formed by quick-xml.
struct Xml {
    root: String,
    elements: Vec<(String, String)>,
}

impl Xml {
    fn parse(s: &str) -> Xml {
        let mut reader = quick_xml::Reader::from_str(s);
        let mut stack: Vec<String> = Vec::new();
        let mut elements: Vec<(String, String)> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut root = String::new();
        loop {
            match reader
                .read_event()
                .unwrap_or_else(|e| panic!("bad XML {e}: {s}"))
            {
                Event::Start(e) => {
                    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                    if stack.is_empty() {
                        root = name.clone();
                    }
                    stack.push(name);
                    elements.push((stack.join("/"), String::new()));
                    open.push(elements.len() - 1);
                }
                Event::Empty(e) => {
                    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                    if stack.is_empty() {
                        root = name.clone();
                    }
                    elements.push((format!("{}/{name}", stack.join("/")), String::new()));
                }
                Event::Text(t) => {
                    if let Some(&i) = open.last() {
                        elements[i].1.push_str(&t.decode().unwrap());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(&i) = open.last() {
                        let entity = String::from_utf8(r.to_vec()).unwrap();
                        elements[i].1.push_str(match entity.as_str() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            other => panic!("entity {other}"),
                        });
                    }
                }
                Event::End(_) => {
                    stack.pop();
                    open.pop();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(stack.is_empty(), "unclosed elements in {s}");
        Xml { root, elements }
    }

    fn count(&self, name: &str) -> usize {
        self.elements
            .iter()
            .filter(|(p, _)| p.rsplit('/').next() == Some(name))
            .count()
    }

    fn text(&self, path: &str) -> Vec<String> {
        self.elements
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, t)| t.clone())
            .collect()
    }
}

impl Server {
    async fn get(&self, path: &str) -> Answer {
        let r = self
            .http
            .get(format!("{}/{path}", self.url))
            .send()
            .await
            .unwrap();
        answer(r).await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        let r = self
            .http
            .post(format!("{}/{path}", self.url))
            .form(form)
            .send()
            .await
            .unwrap();
        answer(r).await
    }
}

async fn answer(r: reqwest::Response) -> Answer {
    let status = r.status();
    let content_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    Answer {
        status,
        content_type,
        body: r.text().await.unwrap(),
    }
}

/// A confidential complaint filed by a resident's device, straight through storage.
async fn file_confidential(storage: &dyn Storage) -> (String, String) {
    let now = chrono::Utc::now().timestamp();
    let client_id = uuid::Uuid::now_v7().to_string();
    assert!(storage
        .register_device(NewDevice {
            jurisdiction: "pati".into(),
            client_id: client_id.clone(),
            platform: "android".into(),
            app_version: "test".into(),
            refresh_hash: "r".repeat(64),
            access_hash: uuid::Uuid::now_v7().to_string(),
            access_expires_at: now + 3600,
            now,
        })
        .await
        .unwrap());
    let id = uuid::Uuid::now_v7().to_string();
    let out = storage
        .push(PushInput {
            jurisdiction: "pati".into(),
            client_id,
            mutations: vec![pati_protocol::Mutation {
                seq: 1,
                name: mutation::COMPLAINT_CREATE_V1.into(),
                args: json!({
                    "id": id, "category": "jalan-rusak", "title": "Rahasia: pungli di jalan",
                    "description": "Laporan rahasia tentang pungutan liar di proyek jalan.",
                    "location": {"lat": -6.75, "lon": 111.04}, "confidential": true
                }),
                client_time: None,
            }],
            now,
            anonymous_per_day: 10,
            calendar: Default::default(),
        })
        .await
        .unwrap();
    let pati_server::storage::PushOutcome::Done { results, .. } = out else {
        panic!("gap")
    };
    (id, results[0].tracking_number.clone().expect("applied"))
}

#[tokio::test]
async fn open311_on_sqlite() {
    let s = start(None, content_packs()).await;
    scenario(&s).await;
}

#[tokio::test]
async fn open311_on_postgres() {
    let Some(url) = common::postgres_url().await else {
        return;
    };
    let s = start(Some(url), content_packs()).await;
    scenario(&s).await;
}

/// With one jurisdiction on the server, `jurisdiction_id` may be left out.
#[tokio::test]
async fn jurisdiction_id_is_optional_with_one_jurisdiction() {
    let s = start(None, common::fixture_packs()).await;
    let a = s.get("services.json").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()[0]["service_code"], "adminduk");
    let a = s.get("services.json?jurisdiction_id=pati").await;
    a.json_error(StatusCode::NOT_FOUND);
}

async fn scenario(s: &Server) {
    // ---------------------------------------------------------- discovery
    let d = s.get("discovery.json").await;
    assert_eq!(d.status, StatusCode::OK);
    let v = d.json();
    assert_eq!(
        v["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert!(v["endpoints"][0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/open311/v2"));
    assert_eq!(
        v["endpoints"][0]["formats"],
        json!(["text/xml", "application/json"])
    );
    let x = s.get("discovery.xml").await.xml();
    assert_eq!(x.root, "discovery");
    assert_eq!(
        x.text("discovery/endpoints/endpoint/formats/format"),
        vec!["text/xml", "application/json"]
    );
    assert_eq!(
        x.text("discovery/endpoints/endpoint/type"),
        vec!["production"]
    );

    // ---------------------------------------------------------- services
    let a = s.get("services.json?jurisdiction_id=pati").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let services = a.json();
    let list = services.as_array().unwrap();
    assert_eq!(list.len(), 20);
    let road = list
        .iter()
        .find(|v| v["service_code"] == "jalan-rusak")
        .unwrap();
    assert_eq!(road["service_name"], "Jalan rusak");
    assert_eq!(road["metadata"], false);
    assert_eq!(road["type"], "realtime");
    assert_eq!(road["group"], "DPUTR");
    assert!(road["keywords"].as_str().unwrap().contains("dputr"));
    let x = s.get("services.xml?jurisdiction_id=pati").await.xml();
    assert_eq!(x.root, "services");
    assert_eq!(x.count("service"), 20);
    assert!(x
        .text("services/service/service_code")
        .contains(&"jalan-rusak".to_owned()));
    assert!(x
        .text("services/service/metadata")
        .iter()
        .all(|m| m == "false"));
    let pek = s
        .get("services.json?jurisdiction_id=pekalongan")
        .await
        .json();
    assert_eq!(pek.as_array().unwrap().len(), 6);
    assert!(!pek.to_string().contains("jalan-rusak"));

    // jurisdiction_id: required with two jurisdictions, and must exist
    let e = s
        .get("services.json")
        .await
        .json_error(StatusCode::BAD_REQUEST);
    assert!(
        e.contains("jurisdiction_id") && e.contains("pati, pekalongan"),
        "{e}"
    );
    s.get("services.xml")
        .await
        .xml_error(StatusCode::BAD_REQUEST);
    let e = s
        .get("services.xml?jurisdiction_id=semarang")
        .await
        .xml_error(StatusCode::NOT_FOUND);
    assert!(e.contains("semarang"), "{e}");
    s.get("requests.json?jurisdiction_id=semarang")
        .await
        .json_error(StatusCode::NOT_FOUND);

    // wrong formats and resources
    for path in [
        "services.csv?jurisdiction_id=pati",
        "services?jurisdiction_id=pati",
        "requests.html",
    ] {
        s.get(path).await.xml_error(StatusCode::BAD_REQUEST);
    }
    s.get("tickets.json")
        .await
        .json_error(StatusCode::NOT_FOUND);

    // service definitions: no category has attributes
    let e = s
        .get("services/jalan-rusak.json?jurisdiction_id=pati")
        .await
        .json_error(StatusCode::NOT_FOUND);
    assert!(e.contains("metadata"), "{e}");
    s.get("services/jalan-rusak.xml?jurisdiction_id=pati")
        .await
        .xml_error(StatusCode::NOT_FOUND);
    let e = s
        .get("services/nope.xml?jurisdiction_id=pati")
        .await
        .xml_error(StatusCode::NOT_FOUND);
    assert!(e.contains("nope"), "{e}");

    // ---------------------------------------------------------- POST errors
    let pati_key = keys::issue(s.storage.as_ref(), "pati", "FixMyStreet Pati", "test")
        .await
        .unwrap();
    let pek_key = keys::issue(s.storage.as_ref(), "pekalongan", "Lapor Pekalongan", "test")
        .await
        .unwrap();
    let key = pati_key.api_key.as_str();
    let good: Vec<(&str, &str)> = vec![
        ("jurisdiction_id", "pati"),
        ("api_key", key),
        ("service_code", "jalan-rusak"),
        ("lat", "-6.7512345"),
        ("long", "111.0412345"),
        (
            "description",
            "Jalan berlubang besar di depan pasar, membahayakan pengendara motor.",
        ),
    ];
    let without = |name: &str| -> Vec<(&str, &str)> {
        good.iter().filter(|(k, _)| *k != name).cloned().collect()
    };
    let with = |name: &'static str, value: &'static str| -> Vec<(&'static str, &str)> {
        let mut f: Vec<(&str, &str)> = good.iter().filter(|(k, _)| *k != name).cloned().collect();
        f.push((name, value));
        f
    };
    let e = s
        .post("requests.json", &without("api_key"))
        .await
        .json_error(StatusCode::BAD_REQUEST);
    assert!(e.contains("api_key"), "{e}");
    s.post("requests.xml", &without("api_key"))
        .await
        .xml_error(StatusCode::BAD_REQUEST);
    s.post("requests.json", &with("api_key", "pm311_not-a-key"))
        .await
        .json_error(StatusCode::FORBIDDEN);
    s.post("requests.xml", &with("api_key", "pm311_not-a-key"))
        .await
        .xml_error(StatusCode::FORBIDDEN);
    // Another jurisdiction's key is no key here.
    let mut other = without("api_key");
    other.push(("api_key", pek_key.api_key.as_str()));
    s.post("requests.json", &other)
        .await
        .json_error(StatusCode::FORBIDDEN);
    s.post("requests.json", &without("jurisdiction_id"))
        .await
        .json_error(StatusCode::BAD_REQUEST);
    s.post("requests.json", &with("jurisdiction_id", "semarang"))
        .await
        .json_error(StatusCode::NOT_FOUND);
    s.post("requests.json", &without("service_code"))
        .await
        .json_error(StatusCode::BAD_REQUEST);
    let e = s
        .post("requests.xml", &with("service_code", "lubang-hitam"))
        .await
        .xml_error(StatusCode::NOT_FOUND);
    assert!(e.contains("lubang-hitam"), "{e}");
    let no_location: Vec<(&str, &str)> = good
        .iter()
        .filter(|(k, _)| *k != "lat" && *k != "long")
        .cloned()
        .collect();
    let e = s
        .post("requests.json", &no_location)
        .await
        .json_error(StatusCode::BAD_REQUEST);
    assert!(e.contains("location"), "{e}");
    s.post("requests.xml", &no_location)
        .await
        .xml_error(StatusCode::BAD_REQUEST);
    s.post("requests.json", &without("long"))
        .await
        .json_error(StatusCode::BAD_REQUEST);
    s.post("requests.json", &with("lat", "utara"))
        .await
        .json_error(StatusCode::BAD_REQUEST);
    let e = s
        .post("requests.json", &with("lat", "51.5"))
        .await
        .json_error(StatusCode::BAD_REQUEST);
    assert!(e.starts_with("lat"), "{e}");
    let mut bad_area = no_location.clone();
    bad_area.push(("address_id", "33.75.01.1002"));
    s.post("requests.json", &bad_area)
        .await
        .json_error(StatusCode::BAD_REQUEST);
    let mut vague = no_location.clone();
    vague.push(("address_string", "dekat lampu merah"));
    s.post("requests.json", &vague)
        .await
        .json_error(StatusCode::BAD_REQUEST);
    s.post("requests.json", &without("description"))
        .await
        .json_error(StatusCode::BAD_REQUEST);
    s.post("requests.json", &with("description", "rusak"))
        .await
        .json_error(StatusCode::BAD_REQUEST);
    s.post("requests.json", &with("media_url", "javascript:alert(1)"))
        .await
        .json_error(StatusCode::BAD_REQUEST);
    s.post("requests.csv", &good)
        .await
        .xml_error(StatusCode::BAD_REQUEST);
    s.post("services.json", &good)
        .await
        .json_error(StatusCode::NOT_FOUND);
    // None of the refusals filed anything.
    assert!(s
        .get("requests.json?jurisdiction_id=pati")
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());

    // ---------------------------------------------------------- POST
    // 1. with coordinates, contact details and a photo link (JSON)
    let mut named = good.clone();
    named.extend([
        ("email", EMAIL),
        ("phone", PHONE),
        ("first_name", FIRST),
        ("last_name", "Rahayu"),
        ("media_url", "https://example.id/foto/lubang.jpg"),
    ]);
    let a = s.post("requests.json", &named).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    let road_id = v[0]["service_request_id"].as_str().unwrap().to_owned();
    let road_token = v[0]["token"].as_str().unwrap().to_owned();
    assert!(road_id.starts_with("PATI-"), "{road_id}");

    // 2. anonymous, located by a desa code (XML)
    let anon_form = vec![
        ("jurisdiction_id", "pati"),
        ("api_key", key),
        ("service_code", "lampu-pju"),
        ("address_id", "33.18.01.2001"),
        ("lat", ""),
        (
            "description",
            "Lampu jalan mati sejak seminggu di dekat balai desa.",
        ),
    ];
    let a = s.post("requests.xml", &anon_form).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let x = a.xml();
    assert_eq!(x.root, "service_requests");
    let anon_id = x.text("service_requests/request/service_request_id")[0].clone();
    let anon_token = x.text("service_requests/request/token")[0].clone();
    assert!(anon_id.starts_with("PATI-"));

    // 3. located by a desa named in the address
    let a = s
        .post(
            "requests.json",
            &[
                ("jurisdiction_id", "pati"),
                ("api_key", key),
                ("service_code", "sampah"),
                ("address_string", "Jl. Raya Prawoto, dekat pasar"),
                (
                    "description",
                    "Tumpukan sampah di pinggir jalan belum diangkut.",
                ),
            ],
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let trash_id = a.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // 4. a Pekalongan request with its own key
    let a = s
        .post(
            "requests.json",
            &[
                ("jurisdiction_id", "pekalongan"),
                ("api_key", pek_key.api_key.as_str()),
                ("service_code", "sampah"),
                ("address_id", "33.75.01.1002"),
                ("description", "Sampah menumpuk di depan kelurahan Medono."),
            ],
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let pek_id = a.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(pek_id.starts_with("PEKALONGAN-"));

    // A resident's confidential complaint.
    let (secret_token, secret_id) = file_confidential(s.storage.as_ref()).await;

    // ---------------------------------------------------------- the complaint itself
    let c = s
        .storage
        .complaint("pati", &road_token)
        .await
        .unwrap()
        .expect("the request is a complaint");
    assert_eq!(c.tracking_number, road_id);
    assert_eq!(c.category, "jalan-rusak");
    assert_eq!(c.state.status, ComplaintStatus::Received);
    assert_eq!(c.state.agency.as_deref(), Some("dputr"));
    assert!(c.state.due_at.is_some());
    assert!(!c.anonymous);
    assert!(c.title.starts_with("Jalan berlubang"));
    let anon = s
        .storage
        .complaint("pati", &anon_token)
        .await
        .unwrap()
        .unwrap();
    assert!(anon.anonymous);
    assert_eq!(anon.location.desa.as_deref(), Some("33.18.01.2001"));
    assert_eq!(anon.state.agency.as_deref(), Some("dishub"));
    // ... and in the agencies' API, where a coordinator works on it.
    let staff = staff(s, "pati").await;
    let admin = s
        .url
        .replace("/open311/v2", "/api/v1/pati/admin/complaints");
    let r = s
        .http
        .get(format!("{admin}/{road_token}"))
        .header("cookie", &staff.0)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let detail: Value = r.json().await.unwrap();
    assert_eq!(detail["tracking_number"], road_id);
    assert_eq!(detail["status"], "received");
    for body in [
        json!({"action": "verify"}),
        json!({"action": "note", "text": "CATATAN-INTERNAL cek anggaran"}),
        json!({"action": "assign", "agency": "dputr"}),
        json!({"action": "respond", "text": "Tim akan menambal jalan minggu ini."}),
        json!({"action": "set_status", "status": "resolved", "text": "Jalan sudah ditambal."}),
    ] {
        let r = s
            .http
            .post(format!("{admin}/{road_token}/actions"))
            .header("cookie", &staff.0)
            .header("x-csrf-token", &staff.1)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "{body}: {}",
            r.text().await.unwrap()
        );
    }

    // ---------------------------------------------------------- GET requests
    let a = s.get("requests.json?jurisdiction_id=pati").await;
    assert_eq!(a.status, StatusCode::OK);
    for secret in [
        EMAIL, PHONE, FIRST, "Rahayu", "Rahasia", &secret_id, "reporter",
    ] {
        assert!(!a.body.contains(secret), "{secret} leaked: {}", a.body);
    }
    let v = a.json();
    let list = v.as_array().unwrap();
    let ids: Vec<&str> = list
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    for id in [&road_id, &anon_id, &trash_id] {
        assert!(ids.contains(&id.as_str()));
    }
    assert!(!ids.contains(&pek_id.as_str()));
    let road = list
        .iter()
        .find(|r| r["service_request_id"] == road_id.as_str())
        .unwrap();
    assert_eq!(road["status"], "closed");
    assert_eq!(road["service_code"], "jalan-rusak");
    assert_eq!(road["service_name"], "Jalan rusak");
    assert_eq!(
        road["agency_responsible"],
        "Dinas Pekerjaan Umum dan Penataan Ruang"
    );
    assert_eq!(road["media_url"], "https://example.id/foto/lubang.jpg");
    assert_eq!(road["lat"], -6.751);
    assert_eq!(road["long"], 111.041);
    assert!(road["requested_datetime"]
        .as_str()
        .unwrap()
        .ends_with("+07:00"));
    let anon = list
        .iter()
        .find(|r| r["service_request_id"] == anon_id.as_str())
        .unwrap();
    assert_eq!(anon["status"], "open");
    assert!(
        anon.get("lat").is_none() && anon.get("long").is_none(),
        "{anon}"
    );
    assert_eq!(anon["address_id"], "33.18.01.2001");
    assert_eq!(anon["address"], "Desa Prawoto, Kecamatan Sukolilo");
    assert!(anon["expected_datetime"].as_str().is_some());

    let a = s.get("requests.xml?jurisdiction_id=pati").await;
    assert!(!a.body.contains(EMAIL) && !a.body.contains(PHONE));
    let x = a.xml();
    assert_eq!(x.root, "service_requests");
    assert_eq!(x.count("request"), 3);
    assert_eq!(
        x.text("service_requests/request/service_request_id").len(),
        3
    );

    // filters
    let codes = |a: Answer| -> Vec<String> {
        a.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        codes(
            s.get("requests.json?jurisdiction_id=pati&service_code=lampu-pju")
                .await
        ),
        vec![anon_id.clone()]
    );
    let both = codes(
        s.get("requests.json?jurisdiction_id=pati&service_code=lampu-pju,sampah")
            .await,
    );
    assert_eq!(both.len(), 2);
    assert_eq!(
        codes(
            s.get("requests.json?jurisdiction_id=pati&status=closed")
                .await
        ),
        vec![road_id.clone()]
    );
    assert_eq!(
        codes(
            s.get("requests.json?jurisdiction_id=pati&status=open")
                .await
        )
        .len(),
        2
    );
    assert_eq!(
        codes(
            s.get("requests.json?jurisdiction_id=pati&status=open,closed")
                .await
        )
        .len(),
        3
    );
    let ids_query = format!(
        "requests.json?jurisdiction_id=pati&service_request_id={road_id},{secret_id},{pek_id}&status=open"
    );
    assert_eq!(codes(s.get(&ids_query).await), vec![road_id.clone()]);
    assert!(codes(
        s.get("requests.json?jurisdiction_id=pati&end_date=2020-01-01T00:00:00Z")
            .await
    )
    .is_empty());
    assert_eq!(
        codes(
            s.get("requests.json?jurisdiction_id=pati&start_date=2020-01-01T00:00:00%2B07:00")
                .await
        )
        .len(),
        3
    );
    s.get("requests.json?jurisdiction_id=pati&status=pending")
        .await
        .json_error(StatusCode::BAD_REQUEST);
    s.get("requests.xml?jurisdiction_id=pati&start_date=kemarin")
        .await
        .xml_error(StatusCode::BAD_REQUEST);
    s.get("requests.json?jurisdiction_id=pati&end_date=2026-13-01T00:00:00Z")
        .await
        .json_error(StatusCode::BAD_REQUEST);
    s.get("requests.json?jurisdiction_id=pati&start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z")
        .await
        .json_error(StatusCode::BAD_REQUEST);
    s.get("requests.json")
        .await
        .json_error(StatusCode::BAD_REQUEST);

    // one request, by id
    let a = s
        .get(&format!("requests/{road_id}.json?jurisdiction_id=pati"))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()[0]["service_request_id"], road_id.as_str());
    let x = s
        .get(&format!("requests/{anon_id}.xml?jurisdiction_id=pati"))
        .await
        .xml();
    assert_eq!(
        x.text("service_requests/request/service_request_id"),
        vec![anon_id.clone()]
    );
    assert_eq!(x.text("service_requests/request/status"), vec!["open"]);
    assert!(x.text("service_requests/request/lat").is_empty());
    s.get("requests/PATI-2026-999999.json?jurisdiction_id=pati")
        .await
        .json_error(StatusCode::NOT_FOUND);
    s.get("requests/PATI-2026-999999.xml?jurisdiction_id=pati")
        .await
        .xml_error(StatusCode::NOT_FOUND);
    s.get(&format!("requests/{road_id}.yaml?jurisdiction_id=pati"))
        .await
        .xml_error(StatusCode::BAD_REQUEST);
    // confidential: not there, by id or token
    s.get(&format!("requests/{secret_id}.json?jurisdiction_id=pati"))
        .await
        .json_error(StatusCode::NOT_FOUND);
    s.get(&format!("tokens/{secret_token}.json?jurisdiction_id=pati"))
        .await
        .json_error(StatusCode::NOT_FOUND);
    // another jurisdiction's request is not found here
    s.get(&format!("requests/{pek_id}.json?jurisdiction_id=pati"))
        .await
        .json_error(StatusCode::NOT_FOUND);
    s.get(&format!(
        "requests/{road_id}.json?jurisdiction_id=pekalongan"
    ))
    .await
    .json_error(StatusCode::NOT_FOUND);
    let pek = codes(s.get("requests.json?jurisdiction_id=pekalongan").await);
    assert_eq!(pek, vec![pek_id.clone()]);

    // tokens
    let a = s
        .get(&format!("tokens/{road_token}.json?jurisdiction_id=pati"))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        a.json(),
        json!([{"service_request_id": road_id, "token": road_token}])
    );
    let x = s
        .get(&format!("tokens/{anon_token}.xml?jurisdiction_id=pati"))
        .await
        .xml();
    assert_eq!(
        x.text("service_requests/request/service_request_id"),
        vec![anon_id.clone()]
    );
    s.get("tokens/0190f0f0-0000-7000-8000-000000000000.xml?jurisdiction_id=pati")
        .await
        .xml_error(StatusCode::NOT_FOUND);

    // ---------------------------------------------------------- updates
    let a = s
        .get("servicerequestupdates.json?jurisdiction_id=pati")
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(!a.body.contains("CATATAN-INTERNAL"), "internal note leaked");
    assert!(!a.body.contains(&secret_id));
    let v = a.json();
    let updates: Vec<&Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["service_request_id"] == road_id.as_str())
        .collect();
    // created, verified, assigned, response, resolved
    assert_eq!(updates.len(), 5, "{updates:?}");
    assert_eq!(
        updates[3]["description"],
        "Tim akan menambal jalan minggu ini."
    );
    assert_eq!(updates[3]["status"], "open");
    assert_eq!(updates[4]["status"], "closed");
    assert_eq!(updates[4]["description"], "Jalan sudah ditambal.");
    assert!(updates.iter().all(|u| u["update_id"].as_str().is_some()));
    let x = s
        .get("servicerequestupdates.xml?jurisdiction_id=pati")
        .await
        .xml();
    assert_eq!(x.root, "service_requests_updates");
    assert_eq!(x.count("request_update"), v.as_array().unwrap().len());
    assert!(s
        .get("servicerequestupdates.json?jurisdiction_id=pati&end_date=2020-01-01T00:00:00Z")
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    s.get("servicerequestupdates.xml?jurisdiction_id=pati&start_date=gestern")
        .await
        .xml_error(StatusCode::BAD_REQUEST);
    let pek_updates = s
        .get("servicerequestupdates.json?jurisdiction_id=pekalongan")
        .await
        .json();
    assert!(pek_updates
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["service_request_id"] == pek_id.as_str()));

    // ---------------------------------------------------------- concurrency
    // Requests of one key racing for its next sequence number all get filed once.
    let forms: Vec<Vec<(&str, String)>> = (0..5)
        .map(|i| {
            vec![
                ("jurisdiction_id", "pati".to_owned()),
                ("api_key", key.to_owned()),
                ("service_code", "jembatan".to_owned()),
                ("address_id", "33.18.01.2001".to_owned()),
                (
                    "description",
                    format!("Pagar jembatan nomor {i} hilang, berbahaya."),
                ),
            ]
        })
        .collect();
    let answers = futures_join(forms.iter().map(|f| {
        let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        async move { s.post("requests.json", &form).await }
    }))
    .await;
    let mut filed: Vec<String> = answers
        .iter()
        .map(|a| {
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
            a.json()[0]["service_request_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    filed.sort();
    filed.dedup();
    assert_eq!(filed.len(), 5);
    assert_eq!(
        codes(
            s.get("requests.json?jurisdiction_id=pati&service_code=jembatan")
                .await
        )
        .len(),
        5
    );

    // ---------------------------------------------------------- backlog figures
    let now = chrono::Utc::now().timestamp();
    let b = s.storage.backlog("pati", now).await.unwrap();
    let count = |st: ComplaintStatus| {
        b.by_status
            .iter()
            .find(|(x, _)| *x == st)
            .map_or(0, |(_, n)| *n)
    };
    // anonymous, trash, the confidential one and five bridges; the road is resolved
    assert_eq!(count(ComplaintStatus::Received), 8);
    assert_eq!(count(ComplaintStatus::Resolved), 1);
    assert_eq!(b.overdue, 0);
    let later = s.storage.backlog("pati", now + 60 * 86_400).await.unwrap();
    assert_eq!(later.overdue, 8);
    assert_eq!(
        s.storage
            .backlog("pekalongan", now)
            .await
            .unwrap()
            .by_status
            .len(),
        1
    );

    // ---------------------------------------------------------- revoked keys
    assert!(
        keys::revoke(s.storage.as_ref(), "pati", &pati_key.key.id, "test")
            .await
            .unwrap()
    );
    s.post("requests.json", &good)
        .await
        .json_error(StatusCode::FORBIDDEN);
    let listed = s.storage.open311_keys("pati").await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].revoked_at.is_some());
}

/// Runs the futures concurrently on this task and returns their outputs in order.
async fn futures_join<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let set: Vec<std::pin::Pin<Box<F>>> = futures.map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = set.iter().map(|_| None).collect();
    let mut set: Vec<Option<std::pin::Pin<Box<F>>>> = set.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (slot, out) in set.iter_mut().zip(out.iter_mut()) {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *out = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().flatten().collect()
}

/// A coordinator's session cookie and CSRF token.
async fn staff(s: &Server, j: &str) -> (String, String) {
    accounts::ensure_demo_accounts(s.storage.as_ref())
        .await
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    match accounts::login(s.storage.as_ref(), j, "kominfo", DEMO_PASSWORD, now)
        .await
        .unwrap()
    {
        LoginOutcome::Success { token, session } => {
            (format!("pati_session={j}.{token}"), session.csrf_token)
        }
        LoginOutcome::Refused => panic!("demo login refused"),
    }
}

/// The documented key commands: `open311-key add` prints a key that works once
/// the server runs, `list` never prints it, `revoke` ends it.
#[tokio::test]
async fn key_commands_of_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_pati-server");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env_remove("PATI_DATABASE_URL")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // The jurisdiction must be published first.
    let (ok, _, err) = run(&[
        "open311-key",
        "add",
        "--jurisdiction",
        "pati",
        "--name",
        "X",
    ]);
    assert!(!ok && err.contains("pati"), "{err}");
    let url = format!("sqlite:{}", dir.path().join("pati.db").display());
    {
        let config = pati_server::Config {
            database_url: url.clone(),
            content_dir: Some(content_packs()),
            data_dir: Some(dir.path().to_owned()),
            ..Default::default()
        };
        pati_server::prepare(&config).await.unwrap();
    }
    let (ok, out, err) = run(&[
        "open311-key",
        "add",
        "--jurisdiction",
        "pati",
        "--name",
        "FixMyStreet Pati",
    ]);
    assert!(ok, "{err}");
    let api_key = out
        .lines()
        .find_map(|l| l.strip_prefix("api_key: "))
        .expect("the key is printed")
        .to_owned();
    assert!(api_key.starts_with(keys::KEY_PREFIX));
    let (ok, listed, _) = run(&["open311-key", "list", "--jurisdiction", "pati"]);
    assert!(ok);
    assert!(listed.contains("FixMyStreet Pati") && listed.contains("active"));
    assert!(listed.contains("last used never"), "{listed}");
    assert!(!listed.contains(&api_key));
    let id = listed.split_whitespace().next().unwrap().to_owned();

    let s = start(Some(url), content_packs()).await;
    let form = [
        ("jurisdiction_id", "pati"),
        ("api_key", api_key.as_str()),
        ("service_code", "jembatan"),
        ("address_id", "33.18.01.2001"),
        (
            "description",
            "Lantai jembatan berlubang, berbahaya bagi anak sekolah.",
        ),
    ];
    let a = s.post("requests.json", &form).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // The request marked the key as used (migration 009).
    let (ok, listed, _) = run(&["open311-key", "list", "--jurisdiction", "pati"]);
    assert!(ok && listed.contains("last used 20"), "{listed}");
    let (ok, _, err) = run(&[
        "open311-key",
        "revoke",
        "--jurisdiction",
        "pati",
        "--id",
        &id,
    ]);
    assert!(ok, "{err}");
    s.post("requests.json", &form)
        .await
        .json_error(StatusCode::FORBIDDEN);
    let (ok, _, _) = run(&[
        "open311-key",
        "revoke",
        "--jurisdiction",
        "pati",
        "--id",
        &id,
    ]);
    assert!(!ok, "revoking twice fails");
}
