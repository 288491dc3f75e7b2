//! Harness for end-to-end tests: runs the real `pati-server` binary on a free
//! loopback port, with SQLite or PostgreSQL, and stops it on drop.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use pati_core::{Core, CoreConfig};

/// The workspace root (for `content/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The server binary: `PATI_SERVER_BIN`, else next to this test executable
/// (`target/debug/deps/<test>` → `target/debug/pati-server`).
pub fn server_bin() -> Result<PathBuf> {
    if let Ok(p) = std::env::var("PATI_SERVER_BIN") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("pati-server"))
        .ok_or_else(|| anyhow!("cannot locate target dir from {}", exe.display()))?;
    if !bin.exists() {
        bail!(
            "{} not found: run `cargo build -p pati-server` first",
            bin.display()
        );
    }
    Ok(bin)
}

/// A running pati-server process.
pub struct Server {
    child: Child,
    pub url: String,
    pub data_dir: PathBuf,
    /// stderr lines, when started with [`ServerOptions::capture_log`].
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

/// Extra ways to start the server (complaint tests).
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// `--demo`: console accounts `kominfo` (koordinator), `disdukcapil`, `dishub`,
    /// `viewer`, password [`DEMO_PASSWORD`].
    pub demo: bool,
    /// Keep stderr (the development OTP sender logs one-time codes there).
    pub capture_log: bool,
    pub extra_args: Vec<String>,
}

/// Password of the `--demo` console accounts (public by design).
pub const DEMO_PASSWORD: &str = "pati-demo-2026";

impl Server {
    /// Starts the server with `database_url` (None: embedded SQLite in `data_dir`)
    /// and the repository's content packs.
    pub fn start(data_dir: &Path, database_url: Option<&str>) -> Result<Server> {
        Server::start_with_content(data_dir, database_url, &workspace_root().join("content"))
    }

    /// Like [`Server::start`] with another content folder.
    pub fn start_with_content(
        data_dir: &Path,
        database_url: Option<&str>,
        content: &Path,
    ) -> Result<Server> {
        Server::start_full(data_dir, database_url, content, &ServerOptions::default())
    }

    /// Like [`Server::start`] with [`ServerOptions`].
    pub fn start_with(
        data_dir: &Path,
        database_url: Option<&str>,
        options: &ServerOptions,
    ) -> Result<Server> {
        Server::start_full(
            data_dir,
            database_url,
            &workspace_root().join("content"),
            options,
        )
    }

    fn start_full(
        data_dir: &Path,
        database_url: Option<&str>,
        content: &Path,
        options: &ServerOptions,
    ) -> Result<Server> {
        let mut cmd = Command::new(server_bin()?);
        cmd.arg("--listen")
            .arg("127.0.0.1:0")
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--content")
            .arg(content)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(if options.capture_log {
                Stdio::piped()
            } else {
                Stdio::inherit()
            });
        if let Some(url) = database_url {
            cmd.arg("--database").arg(url);
        }
        if options.demo {
            cmd.arg("--demo");
        }
        cmd.args(&options.extra_args);
        let mut child = cmd.spawn().context("spawn pati-server")?;
        let log: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
        if let Some(stderr) = child.stderr.take() {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    eprintln!("{line}");
                    log.lock().unwrap_or_else(|p| p.into_inner()).push(line);
                }
            });
        }
        let stdout = child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("listening on ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let url = loop {
            if let Ok(url) = rx.recv_timeout(Duration::from_millis(100)) {
                break url;
            }
            if let Some(status) = child.try_wait()? {
                bail!("pati-server exited early: {status}");
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                bail!("pati-server did not start within 60 s");
            }
        };
        Ok(Server {
            child,
            url,
            data_dir: data_dir.to_owned(),
            log,
        })
    }

    /// The last one-time code the development OTP sender logged for `phone`
    /// (normalised, `+62…`). Needs [`ServerOptions::capture_log`].
    pub fn otp_code(&self, phone: &str) -> Option<String> {
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        log.iter()
            .rev()
            .map(|l| strip_ansi(l))
            .find(|l| l.contains("one-time code") && l.contains(phone))
            .and_then(|l| {
                let at = l.find("code=")? + "code=".len();
                let code: String = l[at..]
                    .chars()
                    .filter(|c| *c != '"')
                    .take_while(char::is_ascii_digit)
                    .collect();
                (!code.is_empty()).then_some(code)
            })
    }

    /// Stops the server and waits for it to exit.
    pub fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A fresh database on the test PostgreSQL cluster (`PATI_TEST_POSTGRES_URL`), or
/// None when there is none and `PATI_REQUIRE_POSTGRES` is not `1`.
pub fn postgres_database(name: &str) -> Result<Option<String>> {
    let Ok(admin) = std::env::var("PATI_TEST_POSTGRES_URL") else {
        if std::env::var("PATI_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            bail!("PATI_REQUIRE_POSTGRES=1 but PATI_TEST_POSTGRES_URL is not set");
        }
        eprintln!("skipping PostgreSQL half: PATI_TEST_POSTGRES_URL not set");
        return Ok(None);
    };
    let db = format!("{name}_{}", std::process::id());
    let psql = |sql: &str| -> Result<()> {
        let out = Command::new("psql")
            .arg(&admin)
            .args(["-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
            .output()
            .context("run psql")?;
        if !out.status.success() {
            bail!("psql: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(())
    };
    psql(&format!("DROP DATABASE IF EXISTS {db}"))?;
    psql(&format!("CREATE DATABASE {db}"))?;
    let (prefix, _) = admin
        .rsplit_once('/')
        .ok_or_else(|| anyhow!("PATI_TEST_POSTGRES_URL has no database part"))?;
    Ok(Some(format!("{prefix}/{db}")))
}

/// A device core for `jurisdiction`, its SQLite file in `dir`, following `server_url`.
pub fn device(dir: &Path, server_url: &str, jurisdiction: &str) -> Core {
    Core::open(CoreConfig {
        db_path: dir.join(format!("{jurisdiction}.db")).display().to_string(),
        server_url: server_url.to_owned(),
        jurisdiction: jurisdiction.to_owned(),
        kiosk: false,
    })
    .expect("open device core")
}

/// A loopback TCP proxy in front of a real server that can lose answers: the
/// request reaches the server and is processed, but the device never gets the
/// response (the connection is closed instead) — the "killed between push and
/// response" case. One request per connection; runs on its own threads.
pub struct FaultProxy {
    pub url: String,
    drop_next: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    addr: std::net::SocketAddr,
}

impl FaultProxy {
    /// Proxies to `upstream` (`http://127.0.0.1:port`).
    pub fn start(upstream: &str) -> Result<FaultProxy> {
        use std::sync::atomic::Ordering;
        let upstream = upstream
            .strip_prefix("http://")
            .ok_or_else(|| anyhow!("upstream must be http://"))?
            .trim_end_matches('/')
            .to_owned();
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let proxy = FaultProxy {
            url: format!("http://{addr}"),
            drop_next: Default::default(),
            seen: Default::default(),
            stop: Default::default(),
            addr,
        };
        let (drop_next, seen, stop) = (
            proxy.drop_next.clone(),
            proxy.seen.clone(),
            proxy.stop.clone(),
        );
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(client) = conn else { continue };
                let (upstream, drop_next, seen) =
                    (upstream.clone(), drop_next.clone(), seen.clone());
                std::thread::spawn(move || {
                    let _ = proxy_one(client, &upstream, &drop_next, &seen);
                });
            }
        });
        Ok(proxy)
    }

    /// The next request whose path contains `fragment` is processed by the
    /// server, but its answer is thrown away and the connection closed.
    pub fn lose_next_answer_to(&self, fragment: &str) {
        self.drop_next
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(fragment.to_owned());
    }

    /// `METHOD path` of every request so far.
    pub fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.addr);
    }
}

fn proxy_one(
    mut client: std::net::TcpStream,
    upstream: &str,
    drop_next: &std::sync::Mutex<Vec<String>>,
    seen: &std::sync::Mutex<Vec<String>>,
) -> Result<()> {
    use std::io::{Read, Write};
    client.set_read_timeout(Some(Duration::from_secs(30)))?;
    // Read the head, then exactly Content-Length bytes of body.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = client.read(&mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = client.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let request_line = head.lines().next().unwrap_or_default().to_owned();
    let mut parts = request_line.split_whitespace();
    let summary = format!(
        "{} {}",
        parts.next().unwrap_or(""),
        parts.next().unwrap_or("")
    );
    seen.lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(summary.clone());
    // One request per connection, both ways.
    let mut rewritten: Vec<String> = head[..head_end - 4]
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .map(str::to_owned)
        .collect();
    rewritten.push("connection: close".into());
    let mut out = rewritten.join("\r\n").into_bytes();
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(&buf[head_end..]);
    let mut server = std::net::TcpStream::connect(upstream)?;
    server.write_all(&out)?;
    let mut response = Vec::new();
    server.read_to_end(&mut response)?;
    let lose = {
        let mut pending = drop_next.lock().unwrap_or_else(|p| p.into_inner());
        match pending.iter().position(|f| summary.contains(f.as_str())) {
            Some(i) => {
                pending.remove(i);
                true
            }
            None => false,
        }
    };
    if lose {
        // The server did the work; the device hears nothing but a closed socket.
        let _ = client.shutdown(std::net::Shutdown::Both);
        return Ok(());
    }
    // Mark the answer as the last on this connection.
    let text_end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    if let Some(end) = text_end {
        let head = String::from_utf8_lossy(&response[..end - 4]).to_string();
        let mut lines: Vec<String> = head
            .split("\r\n")
            .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
            .map(str::to_owned)
            .collect();
        lines.push("connection: close".into());
        let mut fixed = lines.join("\r\n").into_bytes();
        fixed.extend_from_slice(b"\r\n\r\n");
        fixed.extend_from_slice(&response[end..]);
        client.write_all(&fixed)?;
    } else {
        client.write_all(&response)?;
    }
    let _ = client.shutdown(std::net::Shutdown::Write);
    Ok(())
}

/// A console user of the agencies' JSON API (`/api/v1/{j}/admin/complaints`),
/// signed in through the console's login form like a browser: session cookie plus
/// the session's CSRF token in `x-csrf-token`.
pub struct Staff {
    http: reqwest::Client,
    server_url: String,
    base: String,
    jurisdiction: String,
    cookie: String,
    csrf: String,
}

fn set_cookies(resp: &reqwest::Response) -> Vec<String> {
    resp.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .map(str::to_owned)
        .collect()
}

fn hidden_csrf(html: &str) -> Result<String> {
    let marker = "name=\"_csrf\" value=\"";
    let at = html.find(marker).ok_or_else(|| anyhow!("no _csrf field"))? + marker.len();
    Ok(html[at..].chars().take_while(|c| *c != '"').collect())
}

impl Staff {
    pub async fn login(
        server_url: &str,
        jurisdiction: &str,
        username: &str,
        password: &str,
    ) -> Result<Staff> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let page = http
            .get(format!("{server_url}/console/login"))
            .send()
            .await?;
        let mut jar = set_cookies(&page);
        let csrf = hidden_csrf(&page.text().await?)?;
        let resp = http
            .post(format!("{server_url}/console/login"))
            .header(reqwest::header::COOKIE, jar.join("; "))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("jurisdiction", jurisdiction),
                ("username", username),
                ("password", password),
            ])
            .send()
            .await?;
        if resp.status() != reqwest::StatusCode::SEE_OTHER {
            bail!("console login refused: {}", resp.status());
        }
        jar.extend(set_cookies(&resp));
        let session = jar
            .iter()
            .rev()
            .find(|c| c.starts_with("pati_session="))
            .cloned()
            .ok_or_else(|| anyhow!("no session cookie"))?;
        let home = http
            .get(format!("{server_url}/console/"))
            .header(reqwest::header::COOKIE, &session)
            .send()
            .await?;
        let csrf = hidden_csrf(&home.text().await?)?;
        Ok(Staff {
            http,
            server_url: server_url.to_owned(),
            base: format!("{server_url}/api/v1/{jurisdiction}/admin/complaints"),
            jurisdiction: jurisdiction.to_owned(),
            cookie: session,
            csrf,
        })
    }

    pub fn jurisdiction(&self) -> &str {
        &self.jurisdiction
    }

    /// A GET with the session cookie; an answer other than 2xx is an error.
    async fn fetch(&self, url: String) -> Result<reqwest::Response> {
        let resp = self
            .http
            .get(&url)
            .header(reqwest::header::COOKIE, &self.cookie)
            .send()
            .await?;
        let status = resp.status();
        if !status.is_success() {
            bail!(
                "GET {url}: {status} {}",
                resp.text().await.unwrap_or_default()
            );
        }
        Ok(resp)
    }

    /// `GET /admin/complaints{path}` as JSON.
    pub async fn get(&self, path: &str) -> Result<serde_json::Value> {
        let url = format!("{}{path}", self.base);
        Ok(self.fetch(url).await?.json().await?)
    }

    /// `POST /admin/complaints/{id}/actions` with `action` (`verify`, `assign`,
    /// `respond`, `set_status`, `reject`, ...); returns the answer's JSON.
    pub async fn act(&self, id: &str, action: serde_json::Value) -> Result<serde_json::Value> {
        let resp = self
            .http
            .post(format!("{}/{id}/actions", self.base))
            .header(reqwest::header::COOKIE, &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .json(&action)
            .send()
            .await?;
        let status = resp.status();
        let body: serde_json::Value = resp.json().await.unwrap_or_default();
        if !status.is_success() {
            bail!("action {action} on {id}: {status} {body}");
        }
        Ok(body)
    }

    /// A console page (`path` from the server root) as HTML.
    pub async fn console(&self, path: &str) -> Result<String> {
        let url = format!("{}{path}", self.server_url);
        Ok(self.fetch(url).await?.text().await?)
    }

    /// The staff's bytes of one complaint photo.
    pub async fn photo(&self, id: &str, sha256: &str) -> Result<Vec<u8>> {
        let url = format!("{}/{id}/photos/{sha256}", self.base);
        Ok(self.fetch(url).await?.bytes().await?.to_vec())
    }
}

/// Removes terminal colour sequences (`ESC [ … m`) from a log line.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
