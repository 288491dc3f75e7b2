//! The device's complaint sync engine against a misbehaving stand-in server
//! (tests/common): exactly-once delivery across lost answers, auth failures,
//! backoff, rejections, photo uploads, stale and hostile pulls.

mod common;

use std::sync::{Arc, Mutex};

use common::{device, start, submit};
use pati_core::{DeliveryState, Error, ErrorKind, SyncListener, SyncState, WorkflowStatus};

#[tokio::test]
async fn offline_sync_keeps_everything_and_backs_off() {
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), "http://127.0.0.1:9");
    let id = submit(&core, "jalan-rusak", "Jalan berlubang", 1);
    let err = core.sync().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Offline, "{err}");
    let state = core.sync_state().unwrap();
    assert_eq!(state.pending_mutations, 1);
    assert_eq!(state.pending_photos, 1);
    assert_eq!(state.last_error.as_ref().unwrap().kind, "offline");
    assert!(state
        .last_error
        .as_ref()
        .unwrap()
        .message_id
        .contains("koneksi"));
    assert!(state.next_retry_at.is_some());
    let delay = core.next_sync_delay().unwrap().unwrap();
    assert!(delay <= 1, "first failure waits at most 1 s: {delay}");
    assert_eq!(
        core.complaint(&id).unwrap().unwrap().state,
        DeliveryState::Queued
    );
    // A second failure allows a longer wait (full jitter: 1..=2 s).
    core.sync().await.unwrap_err();
    assert!(core.next_sync_delay().unwrap().unwrap() <= 2);
}

#[tokio::test]
async fn a_complaint_with_photos_arrives_once_with_a_tracking_number_and_answers_come_back() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    let id = submit(&core, "jalan-rusak", "Jalan berlubang di Baleadi", 2);
    let report = core.sync().await.unwrap();
    assert_eq!(
        (report.confirmed, report.rejected, report.photos_uploaded),
        (1, 0, 2)
    );
    let c = core.complaint(&id).unwrap().unwrap();
    assert_eq!(c.state, DeliveryState::Sent);
    assert_eq!(c.tracking_number.as_deref(), Some("PTI-00001"));
    assert_eq!(c.status, Some(WorkflowStatus::Received));
    {
        let s = fake.lock().unwrap();
        assert_eq!(s.complaints.len(), 1);
        // The server's bytes are the device's bytes.
        for sha in &c.photo_hashes {
            assert_eq!(&s.blobs[sha], &core.photo(sha).unwrap().unwrap());
        }
    }
    let state = core.sync_state().unwrap();
    assert_eq!((state.pending_mutations, state.pending_photos), (0, 0));
    assert!(state.registered && state.last_error.is_none() && state.last_success_at.is_some());
    assert_eq!(core.next_sync_delay().unwrap(), None);

    // The resident replies offline-style; the agency answers; one pass brings both.
    let reply = core
        .reply(&id, "Sudah dua minggu belum diperbaiki")
        .unwrap();
    let pending = core.complaint(&id).unwrap().unwrap();
    let shown = pending.events.iter().find(|e| e.id == reply.id).unwrap();
    assert_eq!(shown.state, DeliveryState::Queued);
    fake.lock()
        .unwrap()
        .agency_answers(&id, "Akan diperbaiki minggu ini");
    core.sync().await.unwrap();
    let c = core.complaint(&id).unwrap().unwrap();
    assert_eq!(c.status, Some(WorkflowStatus::InProgress));
    assert!(c.events.iter().any(|e| e.kind == "response"
        && e.actor == "agency"
        && e.text.as_deref() == Some("Akan diperbaiki minggu ini")));
    let mine: Vec<_> = c.events.iter().filter(|e| e.id == reply.id).collect();
    assert_eq!(mine.len(), 1, "the confirmed reply is not shown twice");
    assert_eq!(mine[0].state, DeliveryState::Sent);
}

#[tokio::test]
async fn a_lost_push_answer_is_replayed_safely() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    let id = submit(&core, "jalan-rusak", "Jalan berlubang", 0);
    fake.lock().unwrap().lose_push_responses = 1;
    let err = core.sync().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(
        core.sync_state().unwrap().pending_mutations,
        1,
        "kept until confirmed"
    );
    // The same pass's pull already shows what the server has.
    assert_eq!(
        core.complaint(&id)
            .unwrap()
            .unwrap()
            .tracking_number
            .as_deref(),
        Some("PTI-00001")
    );
    core.sync().await.unwrap();
    core.sync().await.unwrap();
    let s = fake.lock().unwrap();
    assert_eq!(s.complaints.len(), 1, "exactly one complaint on the server");
    assert_eq!(s.applied, 1);
    let c = core.complaint(&id).unwrap().unwrap();
    assert_eq!(c.tracking_number.as_deref(), Some("PTI-00001"));
    assert_eq!(c.state, DeliveryState::Sent);
}

#[tokio::test]
async fn expired_tokens_are_refreshed_and_a_refused_refresh_re_registers_without_losing_entries() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    submit(&core, "jalan-rusak", "Pengaduan pertama", 0);
    core.sync().await.unwrap();
    assert_eq!(fake.lock().unwrap().hits("register"), 1);

    // Access token expired: one refresh, then the push goes through.
    let second = submit(&core, "jalan-rusak", "Pengaduan kedua", 0);
    fake.lock().unwrap().expire_access();
    core.sync().await.unwrap();
    assert_eq!(fake.lock().unwrap().hits("refresh"), 1);
    assert_eq!(
        core.complaint(&second)
            .unwrap()
            .unwrap()
            .tracking_number
            .as_deref(),
        Some("PTI-00002")
    );

    // Refresh refused too: the server will not re-register the same client id, so
    // the device takes a new one, renumbers its outbox from 1 and delivers it.
    let third = submit(&core, "jalan-rusak", "Pengaduan ketiga", 0);
    let reply = core.reply(&second, "Tambahan informasi").unwrap();
    {
        let mut s = fake.lock().unwrap();
        s.expire_access();
        s.refuse_refresh = true;
    }
    core.sync().await.unwrap();
    let s = fake.lock().unwrap();
    assert_eq!(s.hits("register"), 3, "client_exists, then a new client id");
    assert_eq!(s.complaints.len(), 3);
    assert_eq!(
        core.complaint(&third).unwrap().unwrap().state,
        DeliveryState::Sent
    );
    assert_eq!(core.sync_state().unwrap().pending_mutations, 0);
    // The reply went under the new client id and reached the old complaint.
    let on_server = &s
        .complaints
        .iter()
        .find(|c| c.view.id == second)
        .unwrap()
        .view;
    assert!(on_server.events.iter().any(|e| e.id == reply.id));
}

#[tokio::test]
async fn a_rejection_is_shown_and_never_retried() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    let bad = submit(&core, "ditolak", "Kategori yang ditolak", 0);
    let good = submit(&core, "jalan-rusak", "Pengaduan yang diterima", 0);
    let report = core.sync().await.unwrap();
    assert_eq!((report.confirmed, report.rejected), (1, 1));
    let c = core.complaint(&bad).unwrap().unwrap();
    assert_eq!(c.state, DeliveryState::Failed);
    let r = c.rejection.unwrap();
    assert_eq!(
        (r.code.as_str(), r.field.as_deref()),
        ("unknown_category", Some("category"))
    );
    assert_eq!(
        core.complaint(&good).unwrap().unwrap().state,
        DeliveryState::Sent
    );
    let state = core.sync_state().unwrap();
    assert_eq!((state.pending_mutations, state.failed_items), (0, 1));
    let pushes = fake.lock().unwrap().hits("push");
    core.sync().await.unwrap();
    assert_eq!(
        fake.lock().unwrap().hits("push"),
        pushes,
        "nothing left to push"
    );
    assert_eq!(
        core.complaint(&bad).unwrap().unwrap().state,
        DeliveryState::Failed
    );
    // Actions on a refused complaint are refused at once.
    assert_eq!(
        core.reply(&bad, "Halo").unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    // A rejected action is marked on the action.
    let ghost = core
        .support("0190a1b2-0000-7000-8000-00000000dead")
        .unwrap();
    core.sync().await.unwrap();
    let a = &core.complaint_actions(&ghost.complaint_id).unwrap()[0];
    assert_eq!(a.state, DeliveryState::Failed);
    assert_eq!(a.rejection.as_ref().unwrap().code, "unknown_complaint");
}

#[tokio::test]
async fn retry_after_is_honoured_and_a_sequence_gap_is_surfaced_without_dropping_entries() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    submit(&core, "jalan-rusak", "Pengaduan pertama", 0);
    fake.lock().unwrap().fail_pushes = vec![(503, Some(120))];
    let err = core.sync().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    let delay = core.next_sync_delay().unwrap().unwrap();
    assert!((119..=120).contains(&delay), "{delay}");
    fake.lock().unwrap().fail_pushes = vec![(429, Some(30))];
    core.sync().await.unwrap_err();
    assert!(core.next_sync_delay().unwrap().unwrap() >= 29);

    fake.lock().unwrap().force_gap = true;
    let err = core.sync().await.unwrap_err();
    assert!(matches!(err, Error::SequenceGap(_)), "{err}");
    assert_eq!(core.sync_state().unwrap().pending_mutations, 1);
    assert!(core
        .sync_state()
        .unwrap()
        .last_error
        .unwrap()
        .message_id
        .contains("antrean"));
    fake.lock().unwrap().force_gap = false;
    core.sync().await.unwrap();
    assert_eq!(core.sync_state().unwrap().pending_mutations, 0);
    assert!(core.sync_state().unwrap().last_error.is_none());
}

#[tokio::test]
async fn a_failing_photo_blocks_neither_the_complaint_nor_other_photos() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    let id = submit(&core, "jalan-rusak", "Dengan dua foto", 2);
    let hashes = core.complaint(&id).unwrap().unwrap().photo_hashes;
    fake.lock().unwrap().fail_blob = Some(hashes[0].clone());
    let err = core.sync().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(
        core.complaint(&id).unwrap().unwrap().state,
        DeliveryState::Sent
    );
    {
        let s = fake.lock().unwrap();
        assert_eq!(
            s.blobs.get(&hashes[1]).map(|b| b.len()),
            Some(core.photo(&hashes[1]).unwrap().unwrap().len())
        );
        assert!(!s.blobs.contains_key(&hashes[0]));
    }
    let state = core.sync_state().unwrap();
    assert_eq!(state.pending_photos, 1);
    assert!(core.next_sync_delay().unwrap().unwrap() >= 1);
}

#[tokio::test]
async fn an_upload_resumes_from_the_servers_offset() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    let id = submit(&core, "jalan-rusak", "Dengan satu foto", 1);
    let sha = core.complaint(&id).unwrap().unwrap().photo_hashes[0].clone();
    let bytes = core.photo(&sha).unwrap().unwrap();
    {
        // An earlier, interrupted pass left the first 1000 bytes on the server.
        let mut s = fake.lock().unwrap();
        s.blob_len.insert(sha.clone(), bytes.len());
        s.blobs.insert(sha.clone(), bytes[..1000].to_vec());
    }
    core.sync().await.unwrap();
    let s = fake.lock().unwrap();
    assert_eq!(s.blobs[&sha], bytes);
    assert_eq!(s.hits("blob_post"), 0, "HEAD found the upload; no new one");
    assert_eq!(s.hits("blob_patch"), 1, "one chunk from offset 1000");
}

#[tokio::test]
async fn concurrent_syncs_run_one_pass() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    submit(&core, "jalan-rusak", "Pengaduan pertama", 0);
    let (a, b) = tokio::join!(core.sync(), core.sync());
    assert_eq!(a.unwrap(), b.unwrap());
    let s = fake.lock().unwrap();
    assert_eq!(s.hits("push"), 1);
    assert_eq!(s.hits("register"), 1);
}

#[tokio::test]
async fn stale_and_hostile_pulls_change_nothing() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    let id = submit(&core, "jalan-rusak", "Pengaduan pertama", 0);
    core.sync().await.unwrap();
    fake.lock().unwrap().agency_answers(&id, "Jawaban pertama");
    core.sync().await.unwrap();
    let before = core.complaint(&id).unwrap().unwrap();

    // A late answer to an older request: lower version than held.
    fake.lock().unwrap().stale_pull = true;
    let err = core.sync().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidResponse, "{err}");
    assert_eq!(core.complaint(&id).unwrap().unwrap(), before);

    let good = serde_json::to_value(&before.events).unwrap();
    let _ = good;
    let page = |complaint: serde_json::Value| {
        serde_json::json!({
            "protocol": 1, "complaints": [complaint], "rejections": [],
            "cursor": "v999", "version": 999, "has_more": false
        })
    };
    let view = |status: &str, title: String, photo: &str| {
        serde_json::json!({
            "id": id, "tracking_number": "PTI-00001", "category": "jalan-rusak",
            "title": title, "description": "uraian", "location": {"desa": "33.18.01.2001"},
            "photos": [photo], "anonymous": false, "confidential": false, "status": status,
            "created_at": 1, "updated_at": 2, "support_count": 0, "events": []
        })
    };
    let sha = "a".repeat(64);
    for (what, body) in [
        (
            "unknown status",
            page(view("lost_in_space", "Judul".into(), &sha)),
        ),
        (
            "oversized title",
            page(view("closed", "x".repeat(10_000), &sha)),
        ),
        (
            "bad photo hash",
            page(view("closed", "Judul".into(), "not-a-hash")),
        ),
        (
            "newer protocol",
            serde_json::json!({"protocol": 99, "complaints": [], "rejections": [], "cursor": "v1", "version": 1000, "has_more": false}),
        ),
        ("not json at all", serde_json::json!("<html>")),
    ] {
        fake.lock().unwrap().hostile_pull = Some(body);
        let err = core.sync().await.unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::InvalidResponse | ErrorKind::UpdateRequired
            ),
            "{what}: {err}"
        );
        assert_eq!(core.complaint(&id).unwrap().unwrap(), before, "{what}");
    }
    // The cursor did not move: a normal pull still works from where it was.
    core.sync().await.unwrap();
    assert_eq!(
        core.complaint(&id).unwrap().unwrap().status,
        Some(WorkflowStatus::InProgress)
    );
}

struct Recorder(Mutex<Vec<SyncState>>);

impl SyncListener for Recorder {
    fn on_sync_state(&self, state: SyncState) {
        self.0.lock().unwrap().push(state);
    }
}

#[tokio::test]
async fn the_listener_hears_queueing_progress_and_the_end_of_a_pass() {
    let (url, _fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    let recorder = Arc::new(Recorder(Mutex::new(Vec::new())));
    core.set_sync_listener(Some(recorder.clone()));
    submit(&core, "jalan-rusak", "Dengan foto", 1);
    core.sync().await.unwrap();
    let states = recorder.0.lock().unwrap().clone();
    assert_eq!(states[0].pending_mutations, 1, "told when queued");
    assert!(!states[0].running);
    assert!(states.iter().any(|s| s.running));
    assert!(
        states
            .iter()
            .any(|s| s.photo_bytes_total > 0 && s.photo_bytes_sent == s.photo_bytes_total),
        "upload progress reported"
    );
    let last = states.last().unwrap();
    assert!(!last.running && last.pending_mutations == 0 && last.last_success_at.is_some());
}

#[tokio::test]
async fn a_wipe_during_a_pass_stops_it_from_writing_anything_back() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = Arc::new(device(dir.path(), &url));
    submit(&core, "jalan-rusak", "Di kios MPP", 0);
    fake.lock().unwrap().push_delay = Some(std::time::Duration::from_millis(500));
    let running = {
        let core = core.clone();
        tokio::spawn(async move { core.sync().await })
    };
    // Wait until the push is at the server, then wipe while it waits for the answer.
    for _ in 0..500 {
        if fake.lock().unwrap().hits("push_started") > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    if !core.sync_state().unwrap().running {
        panic!("pass ended early: {:?}", running.await.unwrap());
    }
    core.wipe_personal_data().unwrap();
    let err = running.await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Interrupted), "{err}");
    assert!(core.my_complaints().unwrap().is_empty());
    let state = core.sync_state().unwrap();
    assert_eq!(
        (state.pending_mutations, state.registered),
        (0, false),
        "no tokens written back"
    );
    assert!(
        state.last_error.is_none(),
        "the interrupted pass recorded nothing"
    );
}

#[tokio::test]
async fn a_refused_cursor_restarts_the_pull_and_a_duplicate_id_counts_as_delivered() {
    let (url, fake) = start().await;
    let dir = tempfile::tempdir().unwrap();
    let core = device(dir.path(), &url);
    let id = submit(&core, "jalan-rusak", "Pengaduan pertama", 0);
    core.sync().await.unwrap();
    fake.lock().unwrap().agency_answers(&id, "Jawaban");
    fake.lock().unwrap().refuse_cursor = true;
    core.sync().await.unwrap();
    assert_eq!(
        fake.lock().unwrap().hits("mine"),
        3,
        "refused, then from the start"
    );
    assert_eq!(
        core.complaint(&id).unwrap().unwrap().status,
        Some(WorkflowStatus::InProgress)
    );

    // The server already holds this complaint id (sent under an earlier client id).
    let again = submit(&core, "jalan-rusak", "Pengaduan kedua", 0);
    fake.lock().unwrap().known_ids.push(again.clone());
    let report = core.sync().await.unwrap();
    assert_eq!(report.rejected, 1, "the server said duplicate_id");
    let c = core.complaint(&again).unwrap().unwrap();
    assert_eq!(c.state, DeliveryState::Sent, "not shown as failed");
    assert!(c.rejection.is_none());
}
