//! Runs tauri-build with the app's own commands declared for the ACL: a command not
//! listed here cannot be allowed by any capability, and one listed but not allowed
//! in `capabilities/` is refused at run time.

use std::path::Path;

/// Must match `tauri::generate_handler!` in src/lib.rs.
const COMMANDS: &[&str] = &[
    "app_info",
    "content_status",
    "sync_state",
    "sync_content",
    "jurisdiction",
    "agencies",
    "service_categories",
    "services_in_category",
    "services_of_agency",
    "search",
    "prepare_search",
    "featured_services",
    "service",
    "complaint_categories",
    "news",
    "news_item",
    "kecamatan",
    "desa",
    "current_draft",
    "update_draft",
    "delete_draft",
    "add_draft_photo",
    "remove_draft_photo",
    "photo",
    "submit_draft",
    "my_complaints",
    "complaint",
    "reply",
    "rate",
    "reopen",
    "complaint_sync_state",
    "sync_complaints",
    "similar_complaints",
    "support",
    "wipe_session",
    "start_phone_verification",
    "verify_phone",
];

fn main() {
    ensure_frontend_dist();
    println!("cargo:rerun-if-changed=capabilities");
    println!("cargo:rerun-if-changed=permissions");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}

/// `tauri::generate_context!` embeds `../ui/dist` and fails to compile when it is
/// missing. `cargo clippy --workspace` must work on a fresh clone without Node, so a
/// placeholder page stands in until the real UI is built (`npm run build` in ui/,
/// which scripts/test.sh and scripts/run.sh do before building the app).
fn ensure_frontend_dist() {
    let dist = Path::new("../ui/dist");
    let index = dist.join("index.html");
    println!("cargo:rerun-if-changed=../ui/dist/index.html");
    if !index.exists() {
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            &index,
            "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Pati Maju</title>\
             <p>The user interface was not built. Run <code>npm ci &amp;&amp; npm run build</code> in \
             app-desktop/ui, then rebuild the app.</p></html>\n",
        )
        .expect("write placeholder ui/dist/index.html");
        println!("cargo:warning=app-desktop/ui/dist was missing: embedded a placeholder page");
    }
}
