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
}

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
        let mut cmd = Command::new(server_bin()?);
        cmd.arg("--listen")
            .arg("127.0.0.1:0")
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--content")
            .arg(content)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(url) = database_url {
            cmd.arg("--database").arg(url);
        }
        let mut child = cmd.spawn().context("spawn pati-server")?;
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
    })
    .expect("open device core")
}
