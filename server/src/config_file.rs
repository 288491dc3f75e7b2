//! `pati-server --config FILE`: the serve options from a TOML file.
//!
//! A deployment keeps its settings in one file (`/etc/pati-maju/server.toml`,
//! readable by the service only when it holds secrets), while development and
//! tests keep using flags and `PATI_*` variables. Precedence: flags, then the
//! environment, then the file, then the built-in defaults. The file is turned into
//! flags placed before the command line's own (clap keeps the last occurrence), and
//! a key whose variable is set is skipped, so the environment wins over it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Keys of the file: the long flag without `--`, `_` for `-`, and its variable.
const KEYS: &[(&str, &str)] = &[
    ("listen", "PATI_LISTEN"),
    ("content", "PATI_CONTENT_DIR"),
    ("demo", "PATI_DEMO"),
    ("cookie_secure", "PATI_COOKIE_SECURE"),
    ("blob_store", "PATI_BLOB_STORE"),
    (
        "anonymous_complaints_per_day",
        "PATI_ANONYMOUS_COMPLAINTS_PER_DAY",
    ),
    (
        "registrations_per_ip_per_hour",
        "PATI_REGISTRATIONS_PER_IP_PER_HOUR",
    ),
    ("otp_per_phone_per_hour", "PATI_OTP_PER_PHONE_PER_HOUR"),
    ("otp_per_ip_per_hour", "PATI_OTP_PER_IP_PER_HOUR"),
    ("trusted_proxies", "PATI_TRUSTED_PROXIES"),
    ("metrics_token", "PATI_METRICS_TOKEN"),
    ("otp_webhook_url", "PATI_OTP_WEBHOOK_URL"),
    ("otp_webhook_token", "PATI_OTP_WEBHOOK_TOKEN"),
    ("data_dir", "PATI_DATA_DIR"),
    ("database", "PATI_DATABASE_URL"),
];

#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    #[error("config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The file named by `--config FILE`, `--config=FILE` or `PATI_CONFIG`, if any.
pub fn named(args: &[OsString], env: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--config" {
            return it.next().map(PathBuf::from);
        }
        if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--config=")) {
            return Some(PathBuf::from(v));
        }
    }
    env("PATI_CONFIG")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The command line with the file's settings inserted after the program name.
pub fn expand(
    args: Vec<OsString>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<OsString>, ConfigFileError> {
    let Some(path) = named(&args, &env) else {
        return Ok(args);
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigFileError::Read {
        path: path.clone(),
        source,
    })?;
    let flags = flags(&path, &text, &env)?;
    let mut out = Vec::with_capacity(args.len() + flags.len());
    let mut args = args.into_iter();
    out.extend(args.next());
    out.extend(flags.into_iter().map(OsString::from));
    out.extend(args);
    Ok(out)
}

/// The file's settings as `--flag=value` arguments.
pub fn flags(
    path: &Path,
    text: &str,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<String>, ConfigFileError> {
    let invalid = |message: String| ConfigFileError::Invalid {
        path: path.to_owned(),
        message,
    };
    let table: toml::Table = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let mut out = Vec::new();
    for (key, value) in table {
        let Some((_, var)) = KEYS.iter().find(|(k, _)| *k == key) else {
            // A typo must not silently leave a default in place.
            let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            return Err(invalid(format!(
                "unknown key `{key}` (known: {})",
                known.join(", ")
            )));
        };
        if env(var).is_some_and(|v| !v.is_empty()) {
            tracing::info!(
                key,
                var,
                "config file setting overridden by the environment"
            );
            continue;
        }
        let flag = format!("--{}", key.replace('_', "-"));
        match value {
            toml::Value::Boolean(true) => out.push(flag),
            toml::Value::Boolean(false) => {}
            toml::Value::String(s) => out.push(format!("{flag}={s}")),
            toml::Value::Integer(i) => out.push(format!("{flag}={i}")),
            toml::Value::Array(items) => {
                let items = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid(format!("`{key}` must be a list of strings")))?;
                out.push(format!("{flag}={}", items.join(",")));
            }
            other => {
                return Err(invalid(format!(
                    "`{key}` must be a string, a number, true/false or a list of strings, not {}",
                    other.type_str()
                )))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_file_becomes_flags_before_the_command_line() {
        let text = "listen = \"0.0.0.0:8080\"\ndemo = true\ncookie_secure = false\nanonymous_complaints_per_day = 5\ndatabase = \"postgres://pati@db/pati\"\ntrusted_proxies = [\"10.0.0.1\", \"10.1.0.0/16\"]\n";
        let mut f = flags(Path::new("s.toml"), text, |_| None).unwrap();
        f.sort();
        assert_eq!(
            f,
            [
                "--anonymous-complaints-per-day=5",
                "--database=postgres://pati@db/pati",
                "--demo",
                "--listen=0.0.0.0:8080",
                "--trusted-proxies=10.0.0.1,10.1.0.0/16",
            ]
        );
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let text = "listen = \"0.0.0.0:8080\"\nmetrics_token = \"x\"\n";
        let f = flags(Path::new("s.toml"), text, |k| {
            (k == "PATI_LISTEN").then(|| "127.0.0.1:9".to_owned())
        })
        .unwrap();
        assert_eq!(f, ["--metrics-token=x"]);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_file_and_key() {
        let e = flags(Path::new("/etc/s.toml"), "listn = \"x\"\n", |_| None).unwrap_err();
        assert!(e.to_string().contains("/etc/s.toml") && e.to_string().contains("listn"));
        let e = flags(Path::new("s.toml"), "listen = [1]\n", |_| None).unwrap_err();
        assert!(e.to_string().contains("listen"));
        let e = flags(Path::new("s.toml"), "listen = \n", |_| None).unwrap_err();
        assert!(e.to_string().contains("s.toml"));
    }

    #[test]
    fn the_file_is_found_by_flag_or_variable_and_expanded_in_place() {
        assert_eq!(
            named(&os(&["p", "--config", "/a.toml"]), |_| None),
            Some(PathBuf::from("/a.toml"))
        );
        assert_eq!(
            named(&os(&["p", "--config=/b.toml"]), |_| None),
            Some(PathBuf::from("/b.toml"))
        );
        assert_eq!(
            named(&os(&["p"]), |k| (k == "PATI_CONFIG")
                .then(|| "/c.toml".into())),
            Some(PathBuf::from("/c.toml"))
        );
        assert_eq!(named(&os(&["p", "--listen", "x"]), |_| None), None);

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("server.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:1\"\n").unwrap();
        let cfg = format!("--config={}", file.display());
        let args = expand(os(&["p", &cfg, "--listen", "127.0.0.1:2"]), |_| None).unwrap();
        assert_eq!(
            args,
            os(&["p", "--listen=127.0.0.1:1", &cfg, "--listen", "127.0.0.1:2"])
        );
        let missing = expand(os(&["p", "--config", "/nowhere.toml"]), |_| None).unwrap_err();
        assert!(missing.to_string().contains("/nowhere.toml"));
    }
}
