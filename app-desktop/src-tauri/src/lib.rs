//! Pati Maju desktop shell: a Tauri v2 window over [`pati_core::Core`].
//!
//! The core is opened once at start-up and managed as [`commands::AppState`];
//! the UI (app-desktop/ui, embedded from `ui/dist`) calls the commands in
//! [`commands`] and listens to `sync://state` events from [`sync`].
//! Content syncs at start and then in the background; everything reads from the
//! local cache, so the app works offline after the first sync.

pub mod account;
pub mod commands;
pub mod complaints;
pub mod config;
pub mod error;
pub mod keyboard;
pub mod sync;
mod webview;

use std::path::PathBuf;
use std::sync::Arc;

use pati_core::{Core, CoreConfig};
use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

use crate::commands::AppState;
use crate::config::Config;
use crate::sync::SyncHub;

/// File name of the core's SQLite store inside the data directory.
pub const DB_FILE: &str = "pati-maju.sqlite3";
/// Window labels; each has its own capability file under `capabilities/`.
pub const MAIN_WINDOW: &str = "main";
pub const KIOSK_WINDOW: &str = "kiosk";

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();

    let config = match Config::from_process() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("pati-desktop: {e}");
            std::process::exit(2);
        }
    };
    let kiosk = config.kiosk;

    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::content_status,
            commands::sync_state,
            commands::sync_content,
            commands::jurisdiction,
            commands::agencies,
            commands::service_categories,
            commands::services_in_category,
            commands::services_of_agency,
            commands::search,
            commands::prepare_search,
            commands::featured_services,
            commands::service,
            commands::complaint_categories,
            commands::news,
            commands::news_item,
            commands::kecamatan,
            commands::desa,
            complaints::current_draft,
            complaints::update_draft,
            complaints::delete_draft,
            complaints::add_draft_photo,
            complaints::remove_draft_photo,
            complaints::photo,
            complaints::submit_draft,
            complaints::my_complaints,
            complaints::complaint,
            complaints::reply,
            complaints::rate,
            complaints::reopen,
            complaints::complaint_sync_state,
            complaints::sync_complaints,
            complaints::similar_complaints,
            complaints::support,
            complaints::wipe_session,
            account::start_phone_verification,
            account::verify_phone,
        ])
        .setup(move |app| {
            let data_dir = match &config.data_dir {
                Some(d) => d.clone(),
                None => app.path().app_data_dir()?,
            };
            let core = Arc::new(open_core(&config, &data_dir)?);
            let hub = Arc::new(SyncHub::new(&core));
            app.manage(AppState {
                core: core.clone(),
                hub: hub.clone(),
                config: config.clone(),
            });
            build_window(app, &config, &data_dir)?;
            let complaint_sync = Arc::new(complaints::ComplaintSync::default());
            app.manage(complaint_sync.clone());
            complaints::spawn_loop(
                app.handle().clone(),
                core.clone(),
                complaint_sync,
                config.sync_interval,
            );
            sync::spawn_background(app.handle().clone(), core, hub, config.sync_interval);
            Ok(())
        })
        .on_window_event(move |_window, event| {
            // A kiosk is not closable by ordinary input (Alt+F4, window manager).
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if kiosk {
                    api.prevent_close();
                }
            }
        })
        .run(tauri::generate_context!())
        .expect("error while running the Pati Maju desktop app");
}

fn open_core(config: &Config, data_dir: &std::path::Path) -> pati_core::Result<Core> {
    let db_path: PathBuf = data_dir.join(DB_FILE);
    tracing::info!(
        server = %config.server_url,
        jurisdiction = %config.jurisdiction,
        kiosk = config.kiosk,
        "starting Pati Maju desktop"
    );
    let core = Core::open(CoreConfig {
        db_path: db_path.to_string_lossy().into_owned(),
        server_url: config.server_url.clone(),
        jurisdiction: config.jurisdiction.clone(),
        kiosk: config.kiosk,
    })?;
    if config.kiosk {
        // A kiosk that lost power or crashed mid-session must not show the last
        // visitor's draft, number or complaints to the next one.
        core.wipe_personal_data()?;
    }
    Ok(core)
}

fn build_window<R: tauri::Runtime>(
    app: &tauri::App<R>,
    config: &Config,
    data_dir: &std::path::Path,
) -> tauri::Result<()> {
    let kiosk = config.kiosk;
    let label = if kiosk { KIOSK_WINDOW } else { MAIN_WINDOW };
    let mut builder = WebviewWindowBuilder::new(app, label, WebviewUrl::App("index.html".into()))
        .title("Pati Maju")
        .inner_size(1200.0, 800.0)
        .min_inner_size(720.0, 560.0)
        // The WebView's own storage (localStorage, caches) lives beside the core's file,
        // so one data directory holds everything the app keeps (and a kiosk wipe finds it).
        .data_directory(data_dir.join("webview"))
        // The app shows only its own pages: no navigation to the web inside the window.
        .on_navigation(is_app_url);
    if kiosk {
        builder = builder
            .fullscreen(true)
            .decorations(false)
            .always_on_top(true)
            .closable(false)
            .resizable(false)
            .minimizable(false)
            .maximizable(false)
            .skip_taskbar(true);
    }
    let window = builder.build()?;
    webview::configure(&window, kiosk, config.gpu);
    if kiosk {
        cover_monitor(&window);
    }
    Ok(())
}

/// Fullscreen is a request to the window manager; a kiosk PC often runs a bare X
/// session without one. Covering the monitor explicitly works either way.
fn cover_monitor<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    let monitor = window
        .current_monitor()
        .ok()
        .flatten()
        .or_else(|| window.primary_monitor().ok().flatten());
    if let Some(m) = monitor {
        let _ = window.set_position(*m.position());
        let _ = window.set_size(*m.size());
    }
}

/// Whether a navigation stays inside the app's embedded pages.
pub fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        "about" => url.path() == "blank",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_app_urls_are_navigable() {
        let ok = [
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "about:blank",
        ];
        let bad = [
            "https://example.com/",
            "http://127.0.0.1:8080/",
            "file:///etc/passwd",
            "tauri://evil/",
        ];
        for u in ok {
            assert!(is_app_url(&tauri::Url::parse(u).unwrap()), "{u}");
        }
        for u in bad {
            assert!(!is_app_url(&tauri::Url::parse(u).unwrap()), "{u}");
        }
    }
}
