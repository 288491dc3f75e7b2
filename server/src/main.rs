//! `pati-server` command line: serve (the default), or manage console accounts.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use pati_server::accounts::{self, DemoLogin, NewAccount};
use pati_server::storage::Role;
use tracing_subscriber::EnvFilter;

#[derive(Parser, Debug)]
#[command(
    name = "pati-server",
    version,
    about = "Pati Maju server: sync API, agencies' console, Open311",
    // The last occurrence wins: a `--config` file's settings come first.
    args_override_self = true
)]
struct Cli {
    /// TOML file with serve settings (keys: the long flags with `_`, e.g.
    /// `database`, `blob_store`); flags and `PATI_*` variables win over it.
    #[arg(long, env = "PATI_CONFIG", global = true)]
    config: Option<PathBuf>,

    #[command(flatten)]
    db: Database,

    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "PATI_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,

    /// Folder of content packs (one sub-folder per jurisdiction) to publish at start.
    #[arg(long, env = "PATI_CONTENT_DIR")]
    content: Option<PathBuf>,

    /// Create the demo console accounts of every jurisdiction (if missing) and print
    /// them after the `listening on` line. Never on a real deployment.
    #[arg(long, env = "PATI_DEMO", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    demo: bool,

    /// Mark console cookies `Secure`: set it when the console is served over https
    /// (e.g. behind a TLS reverse proxy). Off by default for loopback development.
    #[arg(long, env = "PATI_COOKIE_SECURE", action = clap::ArgAction::SetTrue, value_parser = clap::builder::BoolishValueParser::new())]
    cookie_secure: bool,

    /// Where verified photos go: `s3://bucket/prefix` for an S3-compatible store
    /// (endpoint and credentials from the standard AWS_* environment variables).
    /// Default: the folder `<data-dir>/blobs`.
    #[arg(long, env = "PATI_BLOB_STORE")]
    blob_store: Option<String>,

    /// Complaints a device may file per 24 hours without a verified phone number.
    #[arg(long, env = "PATI_ANONYMOUS_COMPLAINTS_PER_DAY", default_value_t = 10)]
    anonymous_complaints_per_day: i64,

    /// Device registrations per client address per hour (0: no limit, e.g. load tests).
    #[arg(long, env = "PATI_REGISTRATIONS_PER_IP_PER_HOUR", default_value_t = 60)]
    registrations_per_ip_per_hour: u32,

    /// One-time codes per phone number per hour (0: no limit).
    #[arg(long, env = "PATI_OTP_PER_PHONE_PER_HOUR", default_value_t = 3)]
    otp_per_phone_per_hour: u32,

    /// One-time codes per client address per hour (0: no limit).
    #[arg(long, env = "PATI_OTP_PER_IP_PER_HOUR", default_value_t = 30)]
    otp_per_ip_per_hour: u32,

    /// Reverse proxies in front of the server (addresses or CIDR ranges,
    /// comma-separated): for requests from them, the client address the per-address
    /// limits count is read from `X-Forwarded-For`. Without it every request counts
    /// against the address it came from, which behind a proxy is the proxy's.
    #[arg(long, env = "PATI_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_proxy)]
    trusted_proxies: Vec<ipnet::IpNet>,

    /// Require `Authorization: Bearer <token>` on `/metrics`. Without it `/metrics`
    /// is open to whoever reaches the listen address (keep that on loopback or a
    /// private network, or block the path at the reverse proxy).
    #[arg(long, env = "PATI_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,

    /// SMS/WhatsApp gateway webhook that receives one-time codes as JSON
    /// (docs/OPERATIONS.md). Without it codes are only logged: development only.
    #[arg(long, env = "PATI_OTP_WEBHOOK_URL")]
    otp_webhook_url: Option<String>,

    /// Bearer token for the OTP webhook.
    #[arg(long, env = "PATI_OTP_WEBHOOK_TOKEN", hide_env_values = true)]
    otp_webhook_token: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

/// Where the data lives (shared by every subcommand).
#[derive(Args, Debug)]
struct Database {
    /// Folder for the embedded database and stored files.
    #[arg(long, env = "PATI_DATA_DIR", default_value = ".data", global = true)]
    data_dir: PathBuf,

    /// Database URL: `sqlite:<path>` or `postgres://user@host:port/db`.
    /// Default: the embedded SQLite file `<data-dir>/pati.db`.
    #[arg(long, env = "PATI_DATABASE_URL", global = true)]
    database: Option<String>,
}

impl Database {
    fn url(&self) -> String {
        self.database
            .clone()
            .unwrap_or_else(|| format!("sqlite:{}", self.data_dir.join("pati.db").display()))
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Console accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// API keys of Open311 clients (docs/OPEN311.md).
    #[command(subcommand, name = "open311-key")]
    Open311Key(KeyCommand),
}

#[derive(Subcommand, Debug)]
enum KeyCommand {
    /// Issues a key and prints it once; only its hash is stored.
    Add {
        /// Jurisdiction id, e.g. `pati` (its content must be published already).
        #[arg(long)]
        jurisdiction: String,
        /// Who holds the key, e.g. "FixMyStreet Pati".
        #[arg(long)]
        name: String,
    },
    /// Lists the keys of a jurisdiction (never the keys themselves).
    List {
        #[arg(long)]
        jurisdiction: String,
    },
    /// Revokes a key by its id (from `list`).
    Revoke {
        #[arg(long)]
        jurisdiction: String,
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Creates a console account; the password is read from standard input (one line).
    Add {
        /// Jurisdiction id, e.g. `pati` (its content must be published already).
        #[arg(long)]
        jurisdiction: String,
        #[arg(long)]
        username: String,
        /// `koordinator`, `agency_admin` or `viewer`.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The agency id of an `agency_admin`, e.g. `dishub`.
        #[arg(long)]
        agency: Option<String>,
        /// The name shown in the console (default: the username).
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Lists the console accounts of a jurisdiction.
    List {
        #[arg(long)]
        jurisdiction: String,
    },
}

/// `10.0.0.5` (one address) or `10.0.0.0/8`.
fn parse_proxy(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{s:?} is not an IP address or CIDR range"))
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "expected koordinator, agency_admin or viewer".to_owned())
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = match pati_server::config_file::expand(std::env::args_os().collect(), |k| {
        std::env::var(k).ok()
    }) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("pati-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cli = Cli::parse_from(args);
    let result = match cli.command {
        Some(Command::User(cmd)) => user_command(&cli.db, cmd).await,
        Some(Command::Open311Key(cmd)) => key_command(&cli.db, cmd).await,
        None => serve(cli).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pati-server: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(cli: Cli) -> anyhow::Result<()> {
    let config = pati_server::Config {
        listen: cli.listen,
        database_url: cli.db.url(),
        content_dir: cli.content,
        console: pati_server::console::Settings {
            cookie_secure: cli.cookie_secure,
        },
        data_dir: Some(cli.db.data_dir.clone()),
        blob_store: cli.blob_store.clone(),
        limits: pati_server::devices::Limits {
            registrations_per_ip_per_hour: cli.registrations_per_ip_per_hour,
            otp_per_phone_per_hour: cli.otp_per_phone_per_hour,
            otp_per_ip_per_hour: cli.otp_per_ip_per_hour,
            anonymous_complaints_per_day: cli.anonymous_complaints_per_day,
            trusted_proxies: cli.trusted_proxies.clone(),
            ..Default::default()
        },
        metrics_token: cli.metrics_token.clone(),
        otp_webhook: cli
            .otp_webhook_url
            .clone()
            .filter(|u| !u.is_empty())
            .map(|url| pati_server::devices::OtpWebhook {
                url,
                token: cli.otp_webhook_token.clone().filter(|t| !t.is_empty()),
            }),
    };
    let state = pati_server::prepare(&config)
        .await
        .map_err(|e| anyhow::anyhow!("cannot start: {e}"))?;
    let demo = if cli.demo {
        accounts::ensure_demo_accounts(state.storage.as_ref())
            .await
            .map_err(|e| anyhow::anyhow!("cannot create the demo accounts: {e}"))?
    } else {
        Vec::new()
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
    pati_server::serve(
        state,
        config.listen,
        // Scripts and tests wait for this exact first line on stdout.
        |addr| {
            let mut out = String::new();
            out.push_str(&format!("listening on http://{addr}\n"));
            out.push_str(&format!("console: http://{addr}/console/\n"));
            if !demo.is_empty() {
                out.push_str(&demo_block(&demo));
            }
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(out.as_bytes());
            let _ = stdout.flush();
        },
        shutdown,
    )
    .await
}

/// The demo logins, one line each, for the console's login form.
fn demo_block(demo: &[DemoLogin]) -> String {
    let mut s = format!(
        "demo logins (password for all: {}):\n  {:<12} {:<12} {:<13} agency\n",
        accounts::DEMO_PASSWORD,
        "jurisdiction",
        "username",
        "role"
    );
    for d in demo {
        s.push_str(&format!(
            "  {:<12} {:<12} {:<13} {}\n",
            d.jurisdiction,
            d.username,
            d.role.as_str(),
            d.agency.as_deref().unwrap_or("-")
        ));
    }
    s
}

async fn user_command(db: &Database, cmd: UserCommand) -> anyhow::Result<()> {
    let storage = pati_server::storage::open(&db.url()).await?;
    match cmd {
        UserCommand::Add {
            jurisdiction,
            username,
            role,
            agency,
            display_name,
        } => {
            let password = read_password()?;
            let user = accounts::create_account(
                storage.as_ref(),
                NewAccount {
                    jurisdiction,
                    username,
                    display_name,
                    role,
                    agency,
                    password,
                },
                "cli",
            )
            .await?;
            println!(
                "created {} ({}) in {}{}",
                user.username,
                user.role.as_str(),
                user.jurisdiction,
                user.agency
                    .map(|a| format!(", agency {a}"))
                    .unwrap_or_default()
            );
        }
        UserCommand::List { jurisdiction } => {
            for u in storage.users(&jurisdiction).await? {
                println!(
                    "{:<20} {:<13} {:<16} {}",
                    u.username,
                    u.role.as_str(),
                    u.agency.as_deref().unwrap_or("-"),
                    u.display_name
                );
            }
        }
    }
    Ok(())
}

async fn key_command(db: &Database, cmd: KeyCommand) -> anyhow::Result<()> {
    use pati_server::open311::keys;
    let storage = pati_server::storage::open(&db.url()).await?;
    let mut out = std::io::stdout().lock();
    match cmd {
        KeyCommand::Add { jurisdiction, name } => {
            let issued = keys::issue(storage.as_ref(), &jurisdiction, &name, "cli").await?;
            writeln!(
                out,
                "created Open311 key {} for {:?} in {}\napi_key: {}\n(shown once; only its hash is stored)",
                issued.key.id, issued.key.name, issued.key.jurisdiction, issued.api_key
            )?;
        }
        KeyCommand::List { jurisdiction } => {
            for k in storage.open311_keys(&jurisdiction).await? {
                let state = match k.revoked_at {
                    Some(_) => "revoked",
                    None => "active",
                };
                let last_used = k
                    .last_used_at
                    .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                    .unwrap_or_else(|| "never".into());
                writeln!(
                    out,
                    "{}  {:<8} last used {:<20}  {}",
                    k.id, state, last_used, k.name
                )?;
            }
        }
        KeyCommand::Revoke { jurisdiction, id } => {
            if keys::revoke(storage.as_ref(), &jurisdiction, &id, "cli").await? {
                writeln!(out, "revoked {id}")?;
            } else {
                anyhow::bail!("no active key {id} in {jurisdiction}");
            }
        }
    }
    Ok(())
}

/// One line from standard input. On a terminal, echo is turned off while typing.
fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let tty = stdin.is_terminal();
    if tty {
        eprint!("password: ");
        let _ = std::io::stderr().flush();
        let _ = std::process::Command::new("stty").arg("-echo").status();
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if tty {
        let _ = std::process::Command::new("stty").arg("echo").status();
        eprintln!();
    }
    read?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        anyhow::bail!("no password on standard input");
    }
    Ok(password)
}
