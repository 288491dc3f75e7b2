//! `pati-server` command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[derive(Parser, Debug)]
#[command(
    name = "pati-server",
    version,
    about = "Pati Maju server: sync API, agencies' console, Open311"
)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "PATI_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,

    /// Folder for the embedded database and stored files.
    #[arg(long, env = "PATI_DATA_DIR", default_value = ".data")]
    data_dir: PathBuf,

    /// Database URL: `sqlite:<path>` or `postgres://user@host:port/db`.
    /// Default: the embedded SQLite file `<data-dir>/pati.db`.
    #[arg(long, env = "PATI_DATABASE_URL")]
    database: Option<String>,

    /// Folder of content packs (one sub-folder per jurisdiction) to publish at start.
    #[arg(long, env = "PATI_CONTENT_DIR")]
    content: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let database_url = args
        .database
        .unwrap_or_else(|| format!("sqlite:{}", args.data_dir.join("pati.db").display()));
    let config = pati_server::Config {
        listen: args.listen,
        database_url,
        content_dir: args.content,
    };
    let state = match pati_server::prepare(&config).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!("cannot start: {e}");
            eprintln!("pati-server: cannot start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let shutdown = async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(t) => t,
                    Err(_) => return,
                };
            tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
        tracing::info!("shutting down");
    };
    let result = pati_server::serve(
        state,
        config.listen,
        // Scripts and tests wait for this exact line on stdout.
        |addr| println!("listening on http://{addr}"),
        shutdown,
    )
    .await;
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pati-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
