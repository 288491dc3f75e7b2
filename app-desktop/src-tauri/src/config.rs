//! Start-up configuration: a TOML file, the environment and the command line.
//!
//! Arguments win over environment variables, which win over the file, which wins
//! over defaults. Kiosk PCs are set up with the file (one place for the installer
//! to write); the flags and variables are for development and tests.
//!
//! | argument                    | environment               | file key             | default                 |
//! |-----------------------------|---------------------------|----------------------|-------------------------|
//! | `--config FILE`             | `PATI_CONFIG`             |                      | `/etc/pati-maju/desktop.toml` if present |
//! | `--server-url URL`          | `PATI_SERVER_URL`         | `server_url`         | `http://127.0.0.1:8080` |
//! | `--jurisdiction ID`         | `PATI_JURISDICTION`       | `jurisdiction`       | `pati`                  |
//! | `--data-dir DIR`            | `PATI_DATA_DIR`           | `data_dir`           | Tauri's app data dir    |
//! | `--kiosk`                   | `PATI_KIOSK=1`            | `kiosk`              | off                     |
//! | `--sync-interval SECS`      | `PATI_SYNC_INTERVAL`      | `sync_interval`      | 300                     |
//! | `--idle-timeout SECS`       | `PATI_IDLE_TIMEOUT`       | `idle_timeout`       | 120                     |
//! | `--on-screen-keyboard MODE` | `PATI_ON_SCREEN_KEYBOARD` | `on_screen_keyboard` | `auto`                  |
//! | `--gpu MODE`                | `PATI_GPU`                | `gpu`                | `auto`                  |

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

pub const DEFAULT_SERVER_URL: &str = "http://127.0.0.1:8080";
pub const DEFAULT_JURISDICTION: &str = "pati";
pub const DEFAULT_SYNC_INTERVAL: Duration = Duration::from_secs(300);
/// How soon a failed background sync is retried.
/// Kiosk idle timeout unless `--idle-timeout` / `PATI_IDLE_TIMEOUT` say otherwise.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(120);
pub const RETRY_INTERVAL: Duration = Duration::from_secs(30);
/// Read when neither `--config` nor `PATI_CONFIG` names a file and it exists.
pub const DEFAULT_CONFIG_FILE: &str = "/etc/pati-maju/desktop.toml";

/// When the kiosk's own on-screen keyboard opens by itself on a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnScreenKeyboard {
    /// When no physical keyboard is attached (see `keyboard.rs`).
    #[default]
    Auto,
    Always,
    /// Only through its button.
    Never,
}

/// Whether the webview composites its pages on the GPU.
///
/// WebKitGTK composites through OpenGL; on a PC without a GPU that is Mesa's
/// software rasteriser, which cost each search keystroke a frame or more on the
/// desktop bench (p95 66 ms against 27 ms painting without compositing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gpu {
    /// On when the PC has a GPU (a DRM render node), off otherwise (see `webview.rs`).
    #[default]
    Auto,
    On,
    Off,
}

/// The file's keys; all optional, unknown keys refused (a typo must not pass silently).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    server_url: Option<String>,
    jurisdiction: Option<String>,
    data_dir: Option<PathBuf>,
    kiosk: Option<bool>,
    sync_interval: Option<u64>,
    idle_timeout: Option<u64>,
    on_screen_keyboard: Option<OnScreenKeyboard>,
    gpu: Option<Gpu>,
}

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
    pub on_screen_keyboard: OnScreenKeyboard,
    pub gpu: Gpu,
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
            on_screen_keyboard: OnScreenKeyboard::Auto,
            gpu: Gpu::Auto,
        }
    }
}

impl Config {
    /// Reads the real process environment and arguments.
    pub fn from_process() -> Result<Config, String> {
        Config::parse(
            |k| std::env::var(k).ok(),
            std::env::args().skip(1),
            read_file,
        )
    }

    /// `env` looks up one variable; `args` excludes the program name; `read` reads
    /// a config file (`Ok(None)` when it does not exist).
    /// Unknown arguments are ignored (the WebView or a launcher may add their own).
    pub fn parse(
        env: impl Fn(&str) -> Option<String>,
        args: impl IntoIterator<Item = String>,
        read: impl Fn(&Path) -> Result<Option<String>, String>,
    ) -> Result<Config, String> {
        let env = |k: &str| {
            env(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let args: Vec<String> = args.into_iter().collect();
        let mut c = Config::default();

        // The file first, so that the environment and the arguments override it.
        let named = flag_value(&args, "--config")
            .or_else(|| env("PATI_CONFIG"))
            .map(PathBuf::from);
        let path = named
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG_FILE));
        match read(&path)? {
            Some(text) => c.apply_file(&path, &text)?,
            None if named.is_some() => {
                return Err(format!("config file {} not found", path.display()))
            }
            None => {}
        }

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
        if let Some(v) = env("PATI_ON_SCREEN_KEYBOARD") {
            c.on_screen_keyboard = choice("on-screen keyboard", &v)?;
        }
        if let Some(v) = env("PATI_GPU") {
            c.gpu = choice("gpu", &v)?;
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
                "--on-screen-keyboard" => {
                    c.on_screen_keyboard =
                        choice("on-screen keyboard", &value("--on-screen-keyboard")?)?
                }
                "--gpu" => c.gpu = choice("gpu", &value("--gpu")?)?,
                "--config" => {
                    value("--config")?;
                }
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

impl Config {
    fn apply_file(&mut self, path: &Path, text: &str) -> Result<(), String> {
        let f: FileConfig =
            toml::from_str(text).map_err(|e| format!("config file {}: {e}", path.display()))?;
        let secs = |key: &str, v: u64| {
            parse_secs(&v.to_string())
                .map_err(|e| format!("config file {}: {key}: {e}", path.display()))
        };
        if let Some(v) = f.server_url {
            self.server_url = v;
        }
        if let Some(v) = f.jurisdiction {
            self.jurisdiction = v;
        }
        if let Some(v) = f.data_dir {
            self.data_dir = Some(v);
        }
        if let Some(v) = f.kiosk {
            self.kiosk = v;
        }
        if let Some(v) = f.sync_interval {
            self.sync_interval = secs("sync_interval", v)?;
        }
        if let Some(v) = f.idle_timeout {
            self.idle_timeout = secs("idle_timeout", v)?;
        }
        if let Some(v) = f.on_screen_keyboard {
            self.on_screen_keyboard = v;
        }
        if let Some(v) = f.gpu {
            self.gpu = v;
        }
        Ok(())
    }
}

/// The value of `--name VALUE` or `--name=VALUE`, looked up before full parsing.
fn flag_value(args: &[String], name: &str) -> Option<String> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == name {
            return it.next().cloned();
        }
        if let Some(v) = a.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            return Some(v.to_owned());
        }
    }
    None
}

fn read_file(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("config file {}: {e}", path.display())),
    }
}

/// One of a setting's lowercase words (an enum's serde names), any case.
fn choice<T: serde::de::DeserializeOwned>(setting: &str, v: &str) -> Result<T, String> {
    let word = v.to_ascii_lowercase();
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&word))
        .map_err(|e| format!("{setting}: {e}"))
}

fn truthy(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
}

fn parse_secs(v: &str) -> Result<Duration, String> {
    match v.parse::<u64>() {
        Ok(s) if s >= 5 => Ok(Duration::from_secs(s)),
        _ => Err(format!(
            "intervals must be a number of seconds ≥ 5, got {v:?}"
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
        Config::parse(
            |k| env.get(k).cloned(),
            args.iter().map(|s| s.to_string()),
            |_| Ok(None),
        )
    }

    fn parse_with_file(file: &str, env: &[(&str, &str)], args: &[&str]) -> Result<Config, String> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let file = file.to_owned();
        Config::parse(
            |k| env.get(k).cloned(),
            args.iter().map(|s| s.to_string()),
            move |p| Ok((p == Path::new("/kiosk.toml")).then(|| file.clone())),
        )
    }

    #[test]
    fn a_config_file_sets_up_a_kiosk_and_flags_still_win() {
        let file = "kiosk = true\nidle_timeout = 90\nserver_url = \"https://pati.example\"\non_screen_keyboard = \"always\"\ngpu = \"off\"\n";
        let c = parse_with_file(file, &[], &["--config", "/kiosk.toml"]).unwrap();
        assert!(c.kiosk);
        assert_eq!(c.idle_timeout, Duration::from_secs(90));
        assert_eq!(c.server_url, "https://pati.example");
        assert_eq!(c.on_screen_keyboard, OnScreenKeyboard::Always);
        assert_eq!(c.gpu, Gpu::Off);
        let c = parse_with_file(
            file,
            &[
                ("PATI_CONFIG", "/kiosk.toml"),
                ("PATI_IDLE_TIMEOUT", "60"),
                ("PATI_GPU", "auto"),
            ],
            &["--on-screen-keyboard=never"],
        )
        .unwrap();
        assert_eq!(c.idle_timeout, Duration::from_secs(60));
        assert_eq!(c.on_screen_keyboard, OnScreenKeyboard::Never);
        assert_eq!(c.gpu, Gpu::Auto);
        let c = parse_with_file(file, &[], &["--config=/kiosk.toml", "--gpu", "on"]).unwrap();
        assert_eq!(c.gpu, Gpu::On);
    }

    #[test]
    fn a_bad_or_missing_config_file_is_refused_by_name() {
        let typo = parse_with_file(
            "kiosk = true\nidle_timout = 90\n",
            &[],
            &["--config=/kiosk.toml"],
        );
        assert!(typo.unwrap_err().contains("idle_timout"));
        let short = parse_with_file("idle_timeout = 1\n", &[], &["--config=/kiosk.toml"]);
        assert!(short.unwrap_err().contains("idle_timeout"));
        let missing = parse_with_file("", &[], &["--config", "/nowhere.toml"]);
        assert!(missing.unwrap_err().contains("/nowhere.toml"));
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
        let e = parse(&[("PATI_GPU", "maybe")], &[]).unwrap_err();
        assert!(e.starts_with("gpu:") && e.contains("`auto`"), "{e}");
        let e = parse(&[], &["--on-screen-keyboard", "sometimes"]).unwrap_err();
        assert!(
            e.contains("on-screen keyboard") && e.contains("`never`"),
            "{e}"
        );
        assert_eq!(parse(&[("PATI_GPU", "OFF")], &[]).unwrap().gpu, Gpu::Off);
    }
}
