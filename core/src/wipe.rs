//! Kiosk wipe: everything personal leaves the device, public content stays.
//!
//! Deleting rows is not enough on its own: SQLite leaves deleted bytes in free
//! pages and in the WAL. `secure_delete` (set on every connection) zeroes freed
//! content, the WAL is checkpointed and truncated, and VACUUM rewrites the file
//! from the live rows only; a last checkpoint truncates the WAL VACUUM wrote.

use rusqlite::Connection;

use crate::error::Result;

/// Tables that hold only personal data (the resident's, this installation's).
const PERSONAL_TABLES: [&str; 10] = [
    "draft_photo",
    "complaint_photo",
    "complaint_action",
    "outbox",
    "upload",
    "rejection",
    "draft",
    "complaint",
    "photo",
    "device_account",
];

pub(crate) fn wipe(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for table in PERSONAL_TABLES {
        tx.execute(&format!("DELETE FROM {table}"), [])?;
    }
    for key in crate::sync::engine::META_KEYS.iter().chain(
        [
            crate::sync::complaints::CURSOR_KEY,
            crate::sync::complaints::VERSION_KEY,
        ]
        .iter(),
    ) {
        tx.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    }
    tx.commit()?;
    checkpoint(conn)?;
    conn.execute_batch("VACUUM")?;
    checkpoint(conn)?;
    tracing::info!("personal data wiped");
    Ok(())
}

fn checkpoint(conn: &Connection) -> Result<()> {
    // Returns (busy, log frames, checkpointed frames); busy cannot happen with our
    // single connection, and TRUNCATE leaves a zero-length WAL.
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        tracing::warn!("WAL checkpoint was blocked");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use crate::{DraftPatch, Language};

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn wipe_leaves_nothing_personal_in_the_file_or_its_wal_and_keeps_content() {
        let dir = tempfile::tempdir().unwrap();
        let core = core(dir.path());
        let db = dir.path().join("device.db");
        let wal = dir.path().join("device.db-wal");
        let secret_draft = "RAHASIA-DRAFT-7f3a9c Siti Aminah 0812-3456-7890";
        let secret_sent = "RAHASIA-KIRIM-5b2e1d rumah nomor 17";
        let d = ready_draft(&core, "Pengaduan yang dikirim");
        core.update_draft(
            &d.id,
            DraftPatch {
                description: Some(secret_sent.into()),
                ..Default::default()
            },
        )
        .unwrap();
        let photo = core.add_draft_photo(&d.id, &jpeg(90, 70)).unwrap();
        let c = core.submit_draft(&d.id).unwrap();
        core.reply(&c.id, "RAHASIA-BALASAN-91ac").unwrap();
        let open = core.create_draft().unwrap();
        // Many edits: older versions of the text linger in free pages and the WAL.
        for i in 0..30 {
            core.update_draft(
                &open.id,
                DraftPatch {
                    description: Some(format!("{secret_draft} v{i}")),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        {
            let conn = core.conn().unwrap();
            conn.execute(
                "UPDATE device_account SET access_token = 'TOKEN-SECRET-abc', phone = '+6281234567890'",
                [],
            )
            .unwrap();
        }
        let photo_bytes = core.photo(&photo.sha256).unwrap().unwrap();
        let read_all = || {
            let mut bytes = std::fs::read(&db).unwrap();
            bytes.extend(std::fs::read(&wal).unwrap_or_default());
            bytes
        };
        let before = read_all();
        assert!(
            contains(&before, b"RAHASIA-DRAFT-7f3a9c"),
            "the test must see the text first"
        );

        core.wipe_personal_data().unwrap();

        let after = read_all();
        for needle in [
            &b"RAHASIA-DRAFT-7f3a9c"[..],
            b"RAHASIA-KIRIM-5b2e1d",
            b"RAHASIA-BALASAN-91ac",
            b"TOKEN-SECRET-abc",
            b"+6281234567890",
            &photo_bytes[100..164],
        ] {
            assert!(
                !contains(&after, needle),
                "{:?} survived the wipe",
                String::from_utf8_lossy(needle)
            );
        }
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
        assert!(core.drafts().unwrap().is_empty());
        assert!(core.my_complaints().unwrap().is_empty());
        let state = core.sync_state().unwrap();
        assert_eq!(
            (
                state.pending_mutations,
                state.pending_photos,
                state.registered
            ),
            (0, 0, false)
        );
        assert_eq!(state.phone, None);
        // Public content stays, and the device works as a fresh installation.
        assert_eq!(core.complaint_categories(Language::Id).unwrap().len(), 1);
        let again = core
            .submit_draft(&ready_draft(&core, "Setelah dihapus").id)
            .unwrap();
        let conn = core.conn().unwrap();
        let seq: i64 = conn
            .query_row("SELECT seq FROM outbox", [], |r| r.get(0))
            .unwrap();
        assert_eq!(seq, 1, "{}", again.id);
    }
}
