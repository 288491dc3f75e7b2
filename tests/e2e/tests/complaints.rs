//! Complaints end to end: pati-core on a SQLite file against the REAL pati-server
//! over loopback (SQLite storage; PostgreSQL too when `PATI_TEST_POSTGRES_URL` is
//! set). Lost answers come from `FaultProxy`, which lets the server process a
//! request and throws its answer away; agencies act through the server's admin API
//! as a signed-in console user.

use std::path::Path;

use pati_core::{
    ComplaintLocation, Core, CoreConfig, DeliveryState, DraftPatch, ErrorKind, WorkflowStatus,
};
use pati_e2e::{postgres_database, FaultProxy, Server, ServerOptions, Staff, DEMO_PASSWORD};

const CATEGORY: &str = "jalan-rusak";
const DESA: &str = "33.18.01.2001";

fn options() -> ServerOptions {
    ServerOptions {
        demo: true,
        capture_log: true,
        ..Default::default()
    }
}

fn open(dir: &Path, url: &str) -> Core {
    open_as(dir, url, false)
}

fn open_as(dir: &Path, url: &str, kiosk: bool) -> Core {
    Core::open(CoreConfig {
        db_path: dir.join("device.db").display().to_string(),
        server_url: url.to_owned(),
        jurisdiction: "pati".into(),
        kiosk,
    })
    .expect("open device")
}

/// A photo-like 2000×1500 JPEG (the device scales it to 1600 px).
fn camera_jpeg(seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(2000, 1500, |x, y| {
        let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503) ^ seed) % 17;
        image::Rgb([
            ((x / 8 + n) % 256) as u8,
            ((y / 6 + n) % 256) as u8,
            (((x + y) / 10) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out
}

/// Writes a valid draft (optionally with photos); returns its id.
fn draft(core: &Core, title: &str, photos: u32) -> String {
    let d = core.create_draft().unwrap();
    core.update_draft(
        &d.id,
        DraftPatch {
            category: Some(CATEGORY.into()),
            title: Some(title.into()),
            description: Some(
                "Jalan desa berlubang dalam, sudah dua motor jatuh minggu ini.".into(),
            ),
            location: Some(ComplaintLocation {
                lat: Some(-6.75),
                lon: Some(111.04),
                desa: Some(DESA.into()),
                ..Default::default()
            }),
            ..Default::default()
        },
    )
    .unwrap();
    for i in 0..photos {
        core.add_draft_photo(&d.id, &camera_jpeg(i + title.len() as u32))
            .unwrap();
    }
    d.id
}

/// The one-time code the server's development sender wrote to its log.
async fn logged_code(server: &Server, phone: &str) -> String {
    for _ in 0..50 {
        if let Some(code) = server.otp_code(phone) {
            return code;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no code for {phone} in the server's log");
}

async fn staff(server: &Server) -> Staff {
    Staff::login(&server.url, "pati", "kominfo", DEMO_PASSWORD)
        .await
        .expect("console login")
}

/// Complaints on the server whose title is `title` (admin search).
async fn on_server(staff: &Staff, title: &str) -> Vec<serde_json::Value> {
    let list = staff.get("?limit=200").await.unwrap();
    list["complaints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["title"] == title)
        .cloned()
        .collect()
}

async fn offline_draft_then_delivery(database_url: Option<String>) {
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();
    let server =
        Server::start_with(server_dir.path(), database_url.as_deref(), &options()).unwrap();
    // The resident synced content once, earlier.
    open(device_dir.path(), &server.url)
        .sync_content()
        .await
        .unwrap();

    // No signal: draft, photo, submit; a sync attempt fails and keeps everything.
    let title = "Jalan berlubang di Prawoto";
    let (id, photo_sha) = {
        let offline = open(device_dir.path(), "http://127.0.0.1:9");
        let id = draft(&offline, title, 1);
        let c = offline.submit_draft(&id).unwrap();
        assert_eq!(c.state, DeliveryState::Queued);
        let err = offline.sync().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Offline);
        assert_eq!(offline.sync_state().unwrap().pending_mutations, 1);
        (id, c.photo_hashes[0].clone())
    };

    // Signal again (and the app restarted): one pass delivers it.
    let core = open(device_dir.path(), &server.url);
    let report = core.sync().await.unwrap();
    assert_eq!(
        (report.confirmed, report.rejected, report.photos_uploaded),
        (1, 0, 1)
    );
    let c = core.complaint(&id).unwrap().unwrap();
    assert_eq!(c.state, DeliveryState::Sent);
    let tracking = c.tracking_number.clone().unwrap();
    assert!(tracking.starts_with("PATI-"), "{tracking}");
    assert_eq!(c.status, Some(WorkflowStatus::Received));
    assert_eq!(
        c.photo_hashes,
        vec![photo_sha.clone()],
        "the server lists the stored photo"
    );
    let state = core.sync_state().unwrap();
    assert_eq!((state.pending_mutations, state.pending_photos), (0, 0));
    assert!(state.registered && state.last_error.is_none());

    // The agency sees exactly this complaint, with the device's photo bytes.
    let staff = staff(&server).await;
    let found = on_server(&staff, title).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["tracking_number"], tracking.as_str());
    let bytes = staff.photo(&id, &photo_sha).await.unwrap();
    assert_eq!(
        bytes,
        core.photo(&photo_sha).unwrap().unwrap(),
        "server bytes = device bytes"
    );
    assert!(!bytes.windows(4).any(|w| w == b"Exif"));
}

#[tokio::test]
async fn a_draft_written_offline_is_delivered_once_with_its_photo() {
    offline_draft_then_delivery(None).await;
    if let Some(url) = postgres_database("e2e_complaints_offline").unwrap() {
        offline_draft_then_delivery(Some(url)).await;
    }
}

#[tokio::test]
async fn lost_answers_and_repeated_syncs_never_duplicate_a_complaint() {
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(server_dir.path(), None, &options()).unwrap();
    let proxy = FaultProxy::start(&server.url).unwrap();
    let title = "Jembatan retak di Prawoto";
    let id = {
        let core = open(device_dir.path(), &proxy.url);
        core.sync_content().await.unwrap();
        let id = draft(&core, title, 2);
        core.submit_draft(&id).unwrap();
        // The server applies the push, the answer never arrives, the app dies.
        proxy.lose_next_answer_to("/push");
        let err = core.sync().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Offline, "{err}");
        assert_eq!(
            core.sync_state().unwrap().pending_mutations,
            1,
            "kept: not confirmed"
        );
        id
    };
    let staff = staff(&server).await;
    assert_eq!(
        on_server(&staff, title).await.len(),
        1,
        "the server did apply it"
    );

    // Restarted app: the replay is answered `duplicate`, with the tracking number.
    let core = open(device_dir.path(), &proxy.url);
    // Also lose an upload chunk's answer: the next pass resumes from the server's offset.
    proxy.lose_next_answer_to("PATCH /api/v1/pati/blobs/");
    let _ = core.sync().await;
    let (a, b) = tokio::join!(core.sync(), core.sync());
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a, b, "concurrent calls share one pass");
    core.sync().await.unwrap();

    assert_eq!(
        on_server(&staff, title).await.len(),
        1,
        "exactly one complaint"
    );
    let c = core.complaint(&id).unwrap().unwrap();
    assert_eq!(c.state, DeliveryState::Sent);
    assert!(c.tracking_number.as_deref().unwrap().starts_with("PATI-"));
    let state = core.sync_state().unwrap();
    assert_eq!((state.pending_mutations, state.pending_photos), (0, 0));
    assert_eq!(c.photo_hashes.len(), 2, "both photos stored on the server");
    for sha in &c.photo_hashes {
        assert_eq!(
            staff.photo(&id, sha).await.unwrap(),
            core.photo(sha).unwrap().unwrap()
        );
    }
    let pushes = proxy
        .requests()
        .iter()
        .filter(|r| r.starts_with("POST /api/v1/pati/push"))
        .count();
    assert!(pushes >= 2, "{pushes}");
}

#[tokio::test]
async fn the_agencys_answer_comes_back_and_the_residents_reply_reaches_it() {
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(server_dir.path(), None, &options()).unwrap();
    let core = open(device_dir.path(), &server.url);
    core.sync_content().await.unwrap();
    let id = draft(&core, "Lampu jalan mati total", 0);
    core.submit_draft(&id).unwrap();
    core.sync().await.unwrap();

    let staff = staff(&server).await;
    let detail = staff.get(&format!("/{id}")).await.unwrap();
    let agency = detail["agency"].as_str().unwrap_or("dputr").to_owned();
    staff
        .act(&id, serde_json::json!({"action": "verify"}))
        .await
        .unwrap();
    staff
        .act(
            &id,
            serde_json::json!({"action": "assign", "agency": agency}),
        )
        .await
        .unwrap();
    staff
        .act(
            &id,
            serde_json::json!({"action": "respond", "text": "Tim DPUTR menuju lokasi besok pagi."}),
        )
        .await
        .unwrap();

    core.sync().await.unwrap();
    let c = core.complaint(&id).unwrap().unwrap();
    assert_eq!(c.status, Some(WorkflowStatus::InProgress), "{:?}", c.events);
    assert_eq!(c.agency.as_deref(), Some(agency.as_str()));
    assert!(c.events.iter().any(|e| e.kind == "response"
        && e.text.as_deref() == Some("Tim DPUTR menuju lokasi besok pagi.")));

    // The resident answers; it shows as pending at once, then confirmed, once.
    let reply = core.reply(&id, "Terima kasih, saya tunggu.").unwrap();
    let pending = core.complaint(&id).unwrap().unwrap();
    assert_eq!(
        pending
            .events
            .iter()
            .find(|e| e.id == reply.id)
            .unwrap()
            .state,
        DeliveryState::Queued
    );
    core.sync().await.unwrap();
    let c = core.complaint(&id).unwrap().unwrap();
    let mine: Vec<_> = c.events.iter().filter(|e| e.id == reply.id).collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].state, DeliveryState::Sent);
    let detail = staff.get(&format!("/{id}")).await.unwrap();
    assert!(detail.to_string().contains("Terima kasih, saya tunggu."));
}

#[tokio::test]
async fn a_rejected_complaint_is_shown_with_the_reason_and_never_retried() {
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();
    // A rule only the server can check: complaints per day from a device without a
    // verified phone number (the device cannot know what it filed elsewhere).
    let server = Server::start_with(
        server_dir.path(),
        None,
        &ServerOptions {
            extra_args: vec!["--anonymous-complaints-per-day".into(), "1".into()],
            ..options()
        },
    )
    .unwrap();
    let proxy = FaultProxy::start(&server.url).unwrap();
    let core = open(device_dir.path(), &proxy.url);
    core.sync_content().await.unwrap();
    let good = draft(&core, "Pengaduan yang sah", 0);
    core.submit_draft(&good).unwrap();
    let bad = draft(&core, "Pengaduan kedua hari ini", 0);
    core.submit_draft(&bad).unwrap();
    let report = core.sync().await.unwrap();
    assert_eq!((report.confirmed, report.rejected), (1, 1));

    let c = core.complaint(&bad).unwrap().unwrap();
    assert_eq!(c.state, DeliveryState::Failed);
    let r = c.rejection.unwrap();
    assert_eq!(r.code, "rate_limited");
    assert!(r.message.contains("verified phone"), "{}", r.message);
    assert_eq!(
        core.complaint(&good).unwrap().unwrap().state,
        DeliveryState::Sent
    );
    let state = core.sync_state().unwrap();
    assert_eq!((state.pending_mutations, state.failed_items), (0, 1));

    let pushes = |p: &FaultProxy| p.requests().iter().filter(|r| r.contains("/push")).count();
    let before = pushes(&proxy);
    core.sync().await.unwrap();
    core.sync().await.unwrap();
    assert_eq!(pushes(&proxy), before, "nothing is retried");
    assert_eq!(
        core.complaint(&bad).unwrap().unwrap().state,
        DeliveryState::Failed
    );
    let staff = staff(&server).await;
    assert!(on_server(&staff, "Pengaduan kedua hari ini")
        .await
        .is_empty());
}

/// Coordinates outside the area the server serves are refused beside the field,
/// before anything is queued (they used to be refused by the server after sending).
#[tokio::test]
async fn coordinates_outside_the_service_area_are_refused_on_the_device() {
    let device_dir = tempfile::tempdir().unwrap();
    let core = open(device_dir.path(), "http://127.0.0.1:9");
    let d = draft(&core, "Koordinat di luar wilayah", 0);
    let problems = core
        .update_draft(
            &d,
            DraftPatch {
                location: Some(ComplaintLocation {
                    lat: Some(-8.4),
                    lon: Some(115.2),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .unwrap()
        .problems;
    assert!(
        problems
            .iter()
            .any(|p| p.field == "location.lon" && p.code == "out_of_range"),
        "{problems:?}"
    );
    assert!(core.submit_draft(&d).is_err());
    assert_eq!(core.sync_state().unwrap().pending_mutations, 0);
}

#[tokio::test]
async fn phone_verification_public_feed_and_a_kiosk_wipe() {
    let server_dir = tempfile::tempdir().unwrap();
    let device_dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(server_dir.path(), None, &options()).unwrap();
    let core = open(device_dir.path(), &server.url);
    core.sync_content().await.unwrap();

    let challenge = core
        .start_phone_verification("0812-3456-7890")
        .await
        .unwrap();
    assert_eq!(challenge.phone, "+6281234567890");
    let wrong = core
        .verify_phone(&challenge.phone, "000000")
        .await
        .unwrap_err();
    assert_eq!(wrong.kind(), ErrorKind::InvalidInput, "{wrong}");
    assert_eq!(wrong.field_errors()[0].field, "code");
    let code = logged_code(&server, &challenge.phone).await;
    let verified = core.verify_phone(&challenge.phone, &code).await.unwrap();
    assert_eq!(verified, "+6281234567890");
    assert_eq!(
        core.sync_state().unwrap().phone.as_deref(),
        Some("+6281234567890")
    );

    let title = "Sampah menumpuk di pasar";
    let id = draft(&core, title, 0);
    core.submit_draft(&id).unwrap();
    core.sync().await.unwrap();
    let feed = core.public_complaints(None, 20).await.unwrap();
    assert!(feed.iter().any(|c| c.id == id && c.title == title));
    // A neighbour drafting the same problem is offered this complaint to support
    // instead of a duplicate; its reporter is never offered their own.
    let neighbour_dir = tempfile::tempdir().unwrap();
    let neighbour = open(neighbour_dir.path(), &server.url);
    neighbour.sync_content().await.unwrap();
    let theirs = draft(&neighbour, "Sampah menumpuk lagi di pasar", 0);
    let offered = neighbour.similar_complaints(&theirs).await.unwrap();
    assert!(offered.iter().any(|c| c.id == id), "{offered:?}");
    let again = draft(&core, "Sampah menumpuk lagi di pasar", 0);
    let own = core.similar_complaints(&again).await.unwrap();
    assert!(own.iter().all(|c| c.id != id), "{own:?}");
    core.delete_draft(&again).unwrap();
    let offline = open(tempfile::tempdir().unwrap().path(), "http://127.0.0.1:9");
    assert_eq!(
        offline
            .public_complaints(None, 20)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Offline
    );

    // Kiosk: the session ends, nothing personal stays; the next resident starts fresh.
    core.wipe_personal_data().unwrap();
    assert!(core.my_complaints().unwrap().is_empty());
    let state = core.sync_state().unwrap();
    assert!(!state.registered && state.phone.is_none());
    let next = draft(&core, "Warga berikutnya melapor", 0);
    core.submit_draft(&next).unwrap();
    core.sync().await.unwrap();
    assert_eq!(
        core.complaint(&next).unwrap().unwrap().state,
        DeliveryState::Sent
    );
    assert_eq!(
        core.my_complaints().unwrap().len(),
        1,
        "the earlier resident's complaint stays away"
    );
}

/// A kiosk visitor submits while the kiosk is offline, then the session ends: the
/// complaint, its photo and a reply are handed over (sealed without the visitor's
/// phone) and reach the server once when the connection returns; the next visitor
/// never sees them.
#[tokio::test]
async fn a_kiosk_wipe_hands_undelivered_complaints_over() {
    let server_dir = tempfile::tempdir().unwrap();
    let kiosk_dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(server_dir.path(), None, &options()).unwrap();
    let phone = "+6281234567890";
    let delivered_title = "Lampu taman alun-alun padam";
    let delivered = {
        let online = open_as(kiosk_dir.path(), &server.url, true);
        online.sync_content().await.unwrap();
        let challenge = online.start_phone_verification(phone).await.unwrap();
        let code = logged_code(&server, &challenge.phone).await;
        online.verify_phone(phone, &code).await.unwrap();
        let id = draft(&online, delivered_title, 0);
        online.submit_draft(&id).unwrap();
        online.sync().await.unwrap();
        id
    };

    // The connection drops; the visitor files another complaint, replies to the
    // first, starts a third, and walks away.
    let title = "Saluran air tersumbat di Ngantru";
    let reply = "Mohon segera, air sudah masuk rumah warga";
    let unsent_draft = "Draf belum dikirim berisi alamat rumah pengunjung";
    let sealed_dir = kiosk_dir.path().join("device.db.sealed");
    let id = {
        let offline = open_as(kiosk_dir.path(), "http://127.0.0.1:9", true);
        let id = draft(&offline, title, 1);
        offline.submit_draft(&id).unwrap();
        offline.reply(&delivered, reply).unwrap();
        let open_draft = offline.create_draft().unwrap();
        offline
            .update_draft(
                &open_draft.id,
                DraftPatch {
                    description: Some(unsent_draft.into()),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(offline.sync().await.unwrap_err().kind(), ErrorKind::Offline);
        offline.wipe_personal_data().unwrap();
        assert!(offline.my_complaints().unwrap().is_empty());
        assert!(offline.drafts().unwrap().is_empty());
        let state = offline.sync_state().unwrap();
        assert_eq!(
            (
                state.pending_mutations,
                state.pending_photos,
                state.registered
            ),
            (0, 0, false)
        );
        assert!(state.phone.is_none());
        id
    };
    let sealed: Vec<_> = std::fs::read_dir(&sealed_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sealed.len(), 1, "{sealed:?}");
    let mut bytes = std::fs::read(&sealed[0]).unwrap();
    bytes.extend(std::fs::read(sealed[0].with_extension("db-wal")).unwrap_or_default());
    let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has(title) && has(reply), "what must be delivered is sealed");
    for gone in [phone, "081234567890", unsent_draft, delivered_title] {
        assert!(!has(gone), "{gone:?} was sealed");
    }

    // The connection returns: the next pass delivers the sealed items once and
    // deletes the file; the kiosk's own store stays empty.
    let kiosk = open_as(kiosk_dir.path(), &server.url, true);
    kiosk.sync().await.unwrap();
    kiosk.sync().await.unwrap();
    assert_eq!(std::fs::read_dir(&sealed_dir).unwrap().count(), 0);
    assert!(kiosk.my_complaints().unwrap().is_empty());
    let staff = staff(&server).await;
    let found = on_server(&staff, title).await;
    assert_eq!(found.len(), 1, "{found:?}");
    let detail = staff.get(&format!("/{id}")).await.unwrap();
    assert_eq!(
        detail["photos"].as_array().map(Vec::len),
        Some(1),
        "{detail}"
    );
    let first = staff.get(&format!("/{delivered}")).await.unwrap();
    assert_eq!(first.to_string().matches(reply).count(), 1, "{first}");
    // The console says where both were filed, the sealed one included.
    for complaint in [&delivered, &id] {
        let page = staff
            .console(&format!("/console/complaints/{complaint}"))
            .await
            .unwrap();
        assert!(
            page.contains(r#"data-platform="kiosk">Kios Mal Pelayanan Publik<"#),
            "{page}"
        );
    }
}

/// A duplicate merged by the koordinator: its reporter's device follows the target
/// (status and answers arrive), knows it is not its own, and refuses to queue a
/// reply the server would refuse anyway.
#[tokio::test]
async fn a_merged_duplicates_reporter_follows_the_target_without_acting_on_it() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = Server::start_with(server_dir.path(), None, &options()).unwrap();
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = open(a_dir.path(), &server.url);
    let b = open(b_dir.path(), &server.url);
    a.sync_content().await.unwrap();
    b.sync_content().await.unwrap();
    let target = draft(&a, "Jembatan bambu di Tlogowungu patah", 0);
    a.submit_draft(&target).unwrap();
    a.sync().await.unwrap();
    let duplicate = draft(&b, "Jembatan Tlogowungu patah total", 0);
    b.submit_draft(&duplicate).unwrap();
    b.sync().await.unwrap();

    let staff = staff(&server).await;
    let tracking = a
        .complaint(&target)
        .unwrap()
        .unwrap()
        .tracking_number
        .unwrap();
    staff
        .act(
            &duplicate,
            serde_json::json!({"action": "merge", "target": tracking}),
        )
        .await
        .unwrap();
    b.sync().await.unwrap();

    let list = b.my_complaints().unwrap();
    let followed = list
        .iter()
        .find(|c| c.id == target)
        .expect("the target is listed");
    assert!(followed.following);
    assert!(!list.iter().find(|c| c.id == duplicate).unwrap().following);
    let detail = b.complaint(&target).unwrap().unwrap();
    assert!(detail.following && detail.photos.is_empty());
    let refused = b.reply(&target, "Saya juga melapor ini").unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidInput, "{refused}");
    assert_eq!(b.sync_state().unwrap().pending_mutations, 0);
    // The reporter's own view is unchanged.
    assert!(!a.complaint(&target).unwrap().unwrap().following);
    a.reply(&target, "Mohon segera diperbaiki").unwrap();
}
