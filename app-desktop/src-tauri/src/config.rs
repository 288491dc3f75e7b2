//! Start-up configuration, from the command line and the environment.
//!
//! Arguments win over environment variables, which win over defaults:
//!
//! | argument              | environment          | default                   |
//! |-----------------------|----------------------|---------------------------|
//! | `--server-url URL`    | `PATI_SERVER_URL`    | `http://127.0.0.1:8080`   |
//! | `--jurisdiction ID`   | `PATI_JURISDICTION`  | `pati`                    |
//! | `--data-dir DIR`      | `PATI_DATA_DIR`      | Tauri's app data dir      |
//! | `--kiosk`             | `PATI_KIOSK=1`       | off                       |
//! | `--sync-interval SECS`| `PATI_SYNC_INTERVAL` | 300                       |

use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_SERVER_URL: &str = "http://127.0.0.1:8080";
pub const DEFAULT_JURISDICTION: &str = "pati";
pub const DEFAULT_SYNC_INTERVAL: Duration = Duration::from_secs(300);
/// How soon a failed background sync is retried.
/// Kiosk idle timeout unless `--idle-timeout` / `PATI_IDLE_TIMEOUT` say otherwise.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(120);
pub const RETRY_INTERVAL: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub server_url: String,
    pub jurisdiction: String,
    /// `None`: use the platform's app data directory.
    pub data_dir: Option<PathBuf>,
    pub kiosk: bool,
    pub sync_interval: Duration,
    /// Kiosk: idle time before the visitor's session is wiped.
    pub idle_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            server_url: DEFAULT_SERVER_URL.into(),
            jurisdiction: DEFAULT_JURISDICTION.into(),
            data_dir: None,
            kiosk: false,
            sync_interval: DEFAULT_SYNC_INTERVAL,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
        }
    }
}

impl Config {
    /// Reads the real process environment and arguments.
    pub fn from_process() -> Result<Config, String> {
        Config::parse(|k| std::env::var(k).ok(), std::env::args().skip(1))
    }

    /// `env` looks up one variable; `args` excludes the program name.
    /// Unknown arguments are ignored (the WebView or a launcher may add their own).
    pub fn parse(
        env: impl Fn(&str) -> Option<String>,
        args: impl IntoIterator<Item = String>,
    ) -> Result<Config, String> {
        let env = |k: &str| {
            env(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut c = Config::default();
        if let Some(v) = env("PATI_SERVER_URL") {
            c.server_url = v;
        }
        if let Some(v) = env("PATI_JURISDICTION") {
            c.jurisdiction = v;
        }
        if let Some(v) = env("PATI_DATA_DIR") {
            c.data_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = env("PATI_KIOSK") {
            c.kiosk = truthy(&v);
        }
        if let Some(v) = env("PATI_SYNC_INTERVAL") {
            c.sync_interval = parse_secs(&v)?;
        }
        if let Some(v) = env("PATI_IDLE_TIMEOUT") {
            c.idle_timeout = parse_secs(&v)?;
        }

        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (arg.clone(), None),
            };
            let mut value = |name: &str| {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match name.as_str() {
                "--kiosk" => c.kiosk = inline.as_deref().map(truthy).unwrap_or(true),
                "--server-url" => c.server_url = value("--server-url")?,
                "--jurisdiction" => c.jurisdiction = value("--jurisdiction")?,
                "--data-dir" => c.data_dir = Some(PathBuf::from(value("--data-dir")?)),
                "--sync-interval" => c.sync_interval = parse_secs(&value("--sync-interval")?)?,
                "--idle-timeout" => c.idle_timeout = parse_secs(&value("--idle-timeout")?)?,
                _ => {}
            }
        }

        c.server_url = c.server_url.trim_end_matches('/').to_owned();
        if !(c.server_url.starts_with("http://") || c.server_url.starts_with("https://")) {
            return Err(format!(
                "server URL must start with http:// or https://: {}",
                c.server_url
            ));
        }
        Ok(c)
    }
}

fn truthy(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
}

fn parse_secs(v: &str) -> Result<Duration, String> {
    match v.parse::<u64>() {
        Ok(s) if s >= 5 => Ok(Duration::from_secs(s)),
        _ => Err(format!(
            "sync interval must be a number of seconds ≥ 5, got {v:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(env: &[(&str, &str)], args: &[&str]) -> Result<Config, String> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::parse(|k| env.get(k).cloned(), args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults() {
        let c = parse(&[], &[]).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.server_url, "http://127.0.0.1:8080");
        assert_eq!(c.jurisdiction, "pati");
        assert!(!c.kiosk);
    }

    #[test]
    fn environment() {
        let c = parse(
            &[
                ("PATI_SERVER_URL", "http://127.0.0.1:9000/"),
                ("PATI_JURISDICTION", "pekalongan"),
                ("PATI_DATA_DIR", "/tmp/x"),
                ("PATI_KIOSK", "1"),
                ("PATI_SYNC_INTERVAL", "60"),
            ],
            &[],
        )
        .unwrap();
        assert_eq!(c.server_url, "http://127.0.0.1:9000");
        assert_eq!(c.jurisdiction, "pekalongan");
        assert_eq!(c.data_dir, Some(PathBuf::from("/tmp/x")));
        assert!(c.kiosk);
        assert_eq!(c.sync_interval, Duration::from_secs(60));
    }

    #[test]
    fn idle_timeout_defaults_and_overrides() {
        assert_eq!(parse(&[], &[]).unwrap().idle_timeout, DEFAULT_IDLE_TIMEOUT);
        let env = parse(&[("PATI_IDLE_TIMEOUT", "45")], &[]).unwrap();
        assert_eq!(env.idle_timeout, Duration::from_secs(45));
        // The flag wins over the environment.
        let flag = parse(&[("PATI_IDLE_TIMEOUT", "45")], &["--idle-timeout", "15"]).unwrap();
        assert_eq!(flag.idle_timeout, Duration::from_secs(15));
    }

    #[test]
    fn arguments_win_over_environment() {
        let c = parse(
            &[("PATI_SERVER_URL", "http://a"), ("PATI_KIOSK", "0")],
            &[
                "--server-url=http://b",
                "--kiosk",
                "--data-dir",
                "/d",
                "--unknown",
            ],
        )
        .unwrap();
        assert_eq!(c.server_url, "http://b");
        assert!(c.kiosk);
        assert_eq!(c.data_dir, Some(PathBuf::from("/d")));
    }

    #[test]
    fn empty_environment_values_are_ignored() {
        let c = parse(&[("PATI_SERVER_URL", " "), ("PATI_DATA_DIR", "")], &[]).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn rejects_bad_values() {
        assert!(parse(&[("PATI_SERVER_URL", "ftp://x")], &[]).is_err());
        assert!(parse(&[], &["--server-url"]).is_err());
        assert!(parse(&[("PATI_SYNC_INTERVAL", "1")], &[]).is_err());
        assert!(parse(&[], &["--sync-interval", "abc"]).is_err());
    }
}
