//! Test helpers: storages of both kinds on throwaway databases.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use pati_server::storage::{self, Storage};

pub fn fixture_packs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs")
}

/// A fresh SQLite storage in a temp dir (kept alive by the returned guard).
pub async fn sqlite() -> (Arc<dyn Storage>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("test.db").display());
    (storage::open(&url).await.expect("open sqlite"), dir)
}

/// A fresh PostgreSQL database on the server named by `PATI_TEST_POSTGRES_URL`
/// (the test scripts start one). Without it the test is skipped — unless
/// `PATI_REQUIRE_POSTGRES=1`, which the README's test command sets, so CI can never
/// pass without having run the PostgreSQL half.
pub async fn postgres() -> Option<Arc<dyn Storage>> {
    let url = postgres_url().await?;
    Some(storage::open(&url).await.expect("open postgres"))
}

/// The URL of a fresh, empty PostgreSQL database (see [`postgres`]).
pub async fn postgres_url() -> Option<String> {
    let Ok(admin_url) = std::env::var("PATI_TEST_POSTGRES_URL") else {
        if std::env::var("PATI_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("PATI_REQUIRE_POSTGRES=1 but PATI_TEST_POSTGRES_URL is not set");
        }
        eprintln!("skipping PostgreSQL half: PATI_TEST_POSTGRES_URL not set");
        return None;
    };
    let name = format!(
        "pati_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let (client, conn) = tokio_postgres::connect(&admin_url, tokio_postgres::NoTls)
        .await
        .expect("connect to test PostgreSQL");
    tokio::spawn(conn);
    // Two statements: DROP/CREATE DATABASE cannot share an implicit transaction.
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        client
            .batch_execute(&sql)
            .await
            .expect("create test database");
    }
    Some(replace_db(&admin_url, &name))
}

static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// `postgres://u@h:p/db?x` with `db` replaced.
fn replace_db(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let (prefix, _) = base.rsplit_once('/').expect("postgres URL with a database");
    match query {
        Some(q) => format!("{prefix}/{db}?{q}"),
        None => format!("{prefix}/{db}"),
    }
}

/// Serves `state` on `listen` (port 0: a free one) until the returned sender is
/// dropped or fires; returns the bound address.
pub async fn serve(
    state: pati_server::AppState,
    listen: std::net::SocketAddr,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (addr_tx, addr_rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        pati_server::serve(
            state,
            listen,
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
    (addr_rx.await.unwrap(), tx)
}
