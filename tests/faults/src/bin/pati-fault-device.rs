//! A device process for the crash, clock and full-disk tests: it opens a core and
//! runs one job, printing a line after each step the core has acknowledged (that is,
//! made durable). The parent kills it with SIGKILL at a random moment, runs it
//! under libfaketime, or puts its database on a full disk, then checks what the
//! acknowledgements promised.
//!
//! Usage: `pati-fault-device <db> <server-url> <job> [n]` where job is one of
//! `submit` (n complaints, `ack <id>` each), `sync` (passes until killed or
//! idle, `synced`), `state` (prints the sync state as one line).

use anyhow::{anyhow, Context, Result};
use pati_core::{ComplaintLocation, Core, CoreConfig, DraftPatch, Language};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, url, job, rest @ ..] = args.as_slice() else {
        return Err(anyhow!(
            "usage: pati-fault-device <db> <server-url> <job> [n]"
        ));
    };
    let n: usize = rest.first().and_then(|s| s.parse().ok()).unwrap_or(1);
    let core = Core::open(CoreConfig {
        db_path: db.clone(),
        server_url: url.clone(),
        jurisdiction: "pati".into(),
        kiosk: false,
    })
    .context("open core")?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match job.as_str() {
        "submit" => submit(&core, n),
        "sync" => rt.block_on(async {
            for _ in 0..n {
                match core.sync().await {
                    Ok(_) => println!("synced"),
                    Err(e) => println!("error {:?}", e.kind()),
                }
            }
            Ok(())
        }),
        "state" => {
            let st = core.sync_state()?;
            println!(
                "pending={} photos={} next_delay={:?} next_retry_at={:?} last_error={:?}",
                st.pending_mutations,
                st.pending_photos,
                core.next_sync_delay()?,
                st.next_retry_at,
                st.last_error.map(|e| e.message_en)
            );
            Ok(())
        }
        other => Err(anyhow!("unknown job {other}")),
    }
}

/// Drafts and submits `n` complaints, one acknowledgement line per submission.
fn submit(core: &Core, n: usize) -> Result<()> {
    let category = core
        .complaint_categories(Language::Id)?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("no content"))?
        .id;
    let kecamatan = core
        .kecamatan()?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("no areas"))?;
    let desa = core
        .desa(&kecamatan.code)?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("no desa"))?;
    let pid = std::process::id();
    for i in 0..n {
        let draft = core.create_draft()?;
        core.update_draft(
            &draft.id,
            DraftPatch {
                category: Some(category.clone()),
                title: Some(format!("Kilat {pid}-{i} saluran tersumbat")),
                description: Some(format!(
                    "Laporan proses {pid} nomor {i}: saluran air tersumbat sampah sejak seminggu."
                )),
                location: Some(ComplaintLocation {
                    lat: None,
                    lon: None,
                    kecamatan: Some(kecamatan.code.clone()),
                    desa: Some(desa.code.clone()),
                    address: None,
                }),
                anonymous: Some(false),
                confidential: Some(false),
            },
        )?;
        let c = core.submit_draft(&draft.id)?;
        println!("ack {}", c.id);
    }
    Ok(())
}
