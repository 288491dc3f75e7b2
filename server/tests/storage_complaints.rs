//! The conformance suite for devices, complaints and uploads: every storage function
//! of migration 003, written once against `dyn Storage` and run on SQLite and on
//! PostgreSQL (same rules as `storage_conformance.rs`).

mod common;

use std::sync::Arc;

use pati_protocol::{
    mutation, rejection_code as rc, ComplaintStatus, Holiday, Mutation, MutationOutcome,
};
use pati_server::error::Error;
use pati_server::storage::{
    otp_hash, AdminFilter, BlobInfo, Calendar, DeviceRefresh, NewAuditEntry, NewDevice,
    NewPhoneChallenge, PhoneCheck, PublishMode, PushInput, PushOutcome, SimilarQuery, StaffAction,
    Storage, TokenLookup, UploadState,
};
use pati_server::workflow::{Action, Actor, WorkflowError};
use serde_json::json;

const J: &str = "mini";
const NOW: i64 = 1_790_000_000;

async fn setup(s: &Arc<dyn Storage>) {
    let pack = pati_server::pack::load(&common::fixture_packs().join("mini")).unwrap();
    s.publish(J, pack.items(), PublishMode::ReplaceAll)
        .await
        .unwrap();
    s.set_holidays(J, pack.holidays.clone()).await.unwrap();
}

async fn register(s: &Arc<dyn Storage>, client_id: &str) {
    assert!(s
        .register_device(NewDevice {
            jurisdiction: J.into(),
            client_id: client_id.into(),
            platform: "android".into(),
            app_version: "1.0".into(),
            refresh_hash: format!("refresh-{client_id}"),
            access_hash: format!("access-{client_id}"),
            access_expires_at: NOW + 3600,
            now: NOW,
        })
        .await
        .unwrap());
}

fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn create_args(id: &str) -> serde_json::Value {
    json!({
        "id": id, "category": "adminduk", "title": "KTP belum jadi",
        "description": "Sudah tiga bulan KTP-el belum dicetak",
        "location": {"lat": -6.75, "lon": 111.04, "desa": "99.01.01.1001"}
    })
}

fn m(seq: i64, name: &str, args: serde_json::Value) -> Mutation {
    Mutation {
        seq,
        name: name.into(),
        args,
        client_time: Some(1),
    }
}

fn input(client_id: &str, mutations: Vec<Mutation>) -> PushInput {
    PushInput {
        jurisdiction: J.into(),
        client_id: client_id.into(),
        mutations,
        now: NOW,
        anonymous_per_day: 10,
        calendar: Arc::new(Calendar::default()),
    }
}

async fn push(s: &Arc<dyn Storage>, client_id: &str, mutations: Vec<Mutation>) -> PushOutcome {
    s.push(input(client_id, mutations)).await.unwrap()
}

fn done(o: PushOutcome) -> (i64, Vec<pati_protocol::MutationResult>) {
    match o {
        PushOutcome::Done { last_seq, results } => (last_seq, results),
        other => panic!("expected Done, got {other:?}"),
    }
}

fn audit(action: &str) -> NewAuditEntry {
    NewAuditEntry {
        jurisdiction: J.into(),
        actor: "kominfo".into(),
        action: action.into(),
        target: "complaint".into(),
        detail: String::new(),
    }
}

fn staff(complaint_id: &str, actor: Actor, action: Action, now: i64) -> StaffAction {
    StaffAction {
        jurisdiction: J.into(),
        complaint_id: complaint_id.into(),
        actor,
        actor_name: "kominfo".into(),
        action,
        now,
        calendar: Arc::new(Calendar::default()),
        audit: audit("complaint.test"),
    }
}

async fn devices_register_once_and_tokens_rotate(s: Arc<dyn Storage>) {
    setup(&s).await;
    register(&s, "dev-1").await;
    let again = s
        .register_device(NewDevice {
            jurisdiction: J.into(),
            client_id: "dev-1".into(),
            platform: "android".into(),
            app_version: "1.0".into(),
            refresh_hash: "other".into(),
            access_hash: "other-access".into(),
            access_expires_at: NOW + 3600,
            now: NOW,
        })
        .await
        .unwrap();
    assert!(!again, "a known client id is refused");
    assert!(matches!(
        s.access_token(J, "other-access", NOW).await.unwrap(),
        TokenLookup::Unknown
    ));
    match s.access_token(J, "access-dev-1", NOW).await.unwrap() {
        TokenLookup::Valid(d) => assert_eq!((d.client_id.as_str(), d.phone), ("dev-1", None)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        s.access_token(J, "access-dev-1", NOW + 3600).await.unwrap(),
        TokenLookup::Expired
    );
    assert_eq!(
        s.access_token("pati", "access-dev-1", NOW).await.unwrap(),
        TokenLookup::Unknown,
        "tokens belong to one jurisdiction"
    );
    let refresh = |presented: &str, new: &str| DeviceRefresh {
        jurisdiction: J.into(),
        client_id: "dev-1".into(),
        presented_hash: presented.into(),
        new_refresh_hash: new.into(),
        access_hash: format!("access-{new}"),
        access_expires_at: NOW + 7200,
        now: NOW,
    };
    assert!(s
        .refresh_device(refresh("refresh-dev-1", "r2"))
        .await
        .unwrap());
    // The answer may have been lost, or the request duplicated: the previous token
    // works until a successor is used, and the current it replaces stays good
    // (the device may hold either answer).
    assert!(s
        .refresh_device(refresh("refresh-dev-1", "r3"))
        .await
        .unwrap());
    assert!(
        s.refresh_device(refresh("r2", "r4")).await.unwrap(),
        "the first answer of a duplicated refresh still works"
    );
    for dead in ["refresh-dev-1", "r3"] {
        assert!(
            !s.refresh_device(refresh(dead, "x")).await.unwrap(),
            "{dead} died once a successor was used"
        );
    }
    // r2 is now the previous token: good once more (r4's answer may be lost).
    assert!(s.refresh_device(refresh("r2", "r5")).await.unwrap());
    assert!(s.refresh_device(refresh("r5", "r6")).await.unwrap());
    for dead in ["r2", "r4"] {
        assert!(
            !s.refresh_device(refresh(dead, "x")).await.unwrap(),
            "{dead} died once its successor r6 was used"
        );
    }
    assert!(matches!(
        s.access_token(J, "access-r5", NOW).await.unwrap(),
        TokenLookup::Valid(_)
    ));
    let mut other = refresh("r5", "x");
    other.client_id = "dev-2".into();
    assert!(
        !s.refresh_device(other).await.unwrap(),
        "another client's token"
    );
    assert_eq!(s.purge_access_tokens(NOW + 3601).await.unwrap(), 1);
    let d = s.device(J, "dev-1").await.unwrap().unwrap();
    assert_eq!((d.platform.as_str(), d.last_seq), ("android", 0));
}

async fn phone_codes_die_after_five_wrong_tries(s: Arc<dyn Storage>) {
    setup(&s).await;
    register(&s, "dev-1").await;
    let phone = "+6281234567890";
    let start = |now| NewPhoneChallenge {
        jurisdiction: J.into(),
        client_id: "dev-1".into(),
        phone: phone.into(),
        salt: "salt".into(),
        code_hash: otp_hash("salt", "123456"),
        expires_at: now + 300,
        now,
    };
    let verify = |code: &'static str, now| {
        let s = s.clone();
        async move {
            s.verify_phone(J, "dev-1", phone, code, now, 5)
                .await
                .unwrap()
        }
    };
    assert_eq!(verify("123456", NOW).await, PhoneCheck::NoChallenge);
    s.start_phone_challenge(start(NOW)).await.unwrap();
    for remaining in (0..5).rev() {
        assert_eq!(verify("000000", NOW).await, PhoneCheck::Wrong { remaining });
    }
    assert_eq!(verify("123456", NOW).await, PhoneCheck::TooManyAttempts);
    assert_eq!(s.device(J, "dev-1").await.unwrap().unwrap().phone, None);
    // Another number than the challenge's is no challenge.
    s.start_phone_challenge(start(NOW)).await.unwrap();
    assert_eq!(
        s.verify_phone(J, "dev-1", "+6280000000000", "123456", NOW, 5)
            .await
            .unwrap(),
        PhoneCheck::NoChallenge
    );
    assert_eq!(verify("123456", NOW + 300).await, PhoneCheck::Expired);
    assert_eq!(verify("123456", NOW + 299).await, PhoneCheck::Verified);
    assert_eq!(
        verify("123456", NOW).await,
        PhoneCheck::NoChallenge,
        "used up"
    );
    assert_eq!(
        s.device(J, "dev-1")
            .await
            .unwrap()
            .unwrap()
            .phone
            .as_deref(),
        Some(phone)
    );
    match s.access_token(J, "access-dev-1", NOW).await.unwrap() {
        TokenLookup::Valid(d) => assert_eq!(d.phone.as_deref(), Some(phone)),
        other => panic!("{other:?}"),
    }
}

async fn pushes_apply_once_and_stop_at_gaps(s: Arc<dyn Storage>) {
    setup(&s).await;
    register(&s, "dev-1").await;
    let a = id();
    let (last, r) = done(
        push(
            &s,
            "dev-1",
            vec![m(1, mutation::COMPLAINT_CREATE_V1, create_args(&a))],
        )
        .await,
    );
    assert_eq!(last, 1);
    assert_eq!(r[0].outcome, MutationOutcome::Applied);
    let tn = r[0].tracking_number.clone().unwrap();
    assert!(tn.starts_with("MINI-20") && tn.ends_with("-000001"), "{tn}");
    // A replay changes nothing.
    let (last, r) = done(
        push(
            &s,
            "dev-1",
            vec![m(1, mutation::COMPLAINT_CREATE_V1, create_args(&a))],
        )
        .await,
    );
    assert_eq!((last, r[0].outcome), (1, MutationOutcome::Duplicate));
    // A gap changes nothing.
    assert_eq!(
        push(
            &s,
            "dev-1",
            vec![m(3, mutation::COMPLAINT_CREATE_V1, create_args(&id()))]
        )
        .await,
        PushOutcome::Gap { last_seq: 1 }
    );
    // Replays and new ones together; a rejection still advances the number.
    let mut bad = create_args(&id());
    bad["category"] = json!("nope");
    let (last, r) = done(
        push(
            &s,
            "dev-1",
            vec![
                m(1, mutation::COMPLAINT_CREATE_V1, create_args(&a)),
                m(2, mutation::COMPLAINT_CREATE_V1, bad),
                m(3, "complaint.teleport.v9", json!({})),
            ],
        )
        .await,
    );
    assert_eq!(last, 3);
    let outcomes: Vec<_> = r.iter().map(|x| (x.seq, x.outcome)).collect();
    assert_eq!(
        outcomes,
        vec![
            (1, MutationOutcome::Duplicate),
            (2, MutationOutcome::Rejected),
            (3, MutationOutcome::Rejected)
        ]
    );
    assert_eq!(r[1].rejection.as_ref().unwrap().code, rc::UNKNOWN_CATEGORY);
    assert_eq!(s.device(J, "dev-1").await.unwrap().unwrap().last_seq, 3);

    // The pull brings the complaint with its timeline and both rejections.
    let page = s.my_complaints(J, "dev-1", None, 0, 100).await.unwrap();
    assert_eq!(page.complaints.len(), 1);
    let c = &page.complaints[0];
    assert_eq!(
        (c.id.as_str(), c.tracking_number.as_str()),
        (a.as_str(), tn.as_str())
    );
    assert_eq!(c.state.status, ComplaintStatus::Received);
    assert_eq!(c.state.agency.as_deref(), Some("disdukcapil"));
    assert_eq!(c.location.kecamatan.as_deref(), Some("99.01.01"));
    assert_eq!(c.events.len(), 1);
    assert_eq!(c.events[0].kind, "created");
    assert_eq!(page.rejections.len(), 2);
    assert!(!page.has_more);
    let again = s
        .my_complaints(J, "dev-1", None, page.version, 100)
        .await
        .unwrap();
    assert!(again.complaints.is_empty() && again.rejections.is_empty());
    assert_eq!(again.version, page.version);
    // Paging: one item per page, strictly increasing versions.
    let p1 = s.my_complaints(J, "dev-1", None, 0, 1).await.unwrap();
    assert!(p1.has_more);
    assert_eq!(p1.complaints.len() + p1.rejections.len(), 1);
    let p2 = s
        .my_complaints(J, "dev-1", None, p1.version, 1)
        .await
        .unwrap();
    assert!(p2.version > p1.version);
    // Another device sees nothing of it; a cursor from the future is refused.
    register(&s, "dev-2").await;
    let other = s.my_complaints(J, "dev-2", None, 0, 100).await.unwrap();
    assert!(other.complaints.is_empty() && other.rejections.is_empty());
    let future = s
        .my_complaints(J, "dev-1", None, page.version + 100, 10)
        .await;
    assert!(matches!(
        future,
        Err(Error::BadRequest {
            code: "invalid_cursor",
            ..
        })
    ));
}

async fn anonymous_complaints_are_limited_per_device(s: Arc<dyn Storage>) {
    setup(&s).await;
    register(&s, "dev-1").await;
    let mut inp = input(
        "dev-1",
        vec![
            m(1, mutation::COMPLAINT_CREATE_V1, create_args(&id())),
            m(2, mutation::COMPLAINT_CREATE_V1, create_args(&id())),
        ],
    );
    inp.anonymous_per_day = 1;
    let (last, r) = done(s.push(inp.clone()).await.unwrap());
    assert_eq!(last, 2);
    assert_eq!(r[1].rejection.as_ref().unwrap().code, rc::RATE_LIMITED);
    // Counted from storage on the next push too.
    inp.mutations = vec![m(3, mutation::COMPLAINT_CREATE_V1, create_args(&id()))];
    let (_, r) = done(s.push(inp.clone()).await.unwrap());
    assert_eq!(r[0].outcome, MutationOutcome::Rejected);
    // A day later it is allowed again.
    inp.mutations = vec![m(4, mutation::COMPLAINT_CREATE_V1, create_args(&id()))];
    inp.now = NOW + 86_401;
    let (_, r) = done(s.push(inp).await.unwrap());
    assert_eq!(r[0].outcome, MutationOutcome::Applied);
}

async fn residents_support_reply_rate_and_reopen(s: Arc<dyn Storage>) {
    setup(&s).await;
    register(&s, "dev-1").await;
    register(&s, "dev-2").await;
    let a = id();
    done(
        push(
            &s,
            "dev-1",
            vec![m(1, mutation::COMPLAINT_CREATE_V1, create_args(&a))],
        )
        .await,
    );
    let before = s.complaint(J, &a).await.unwrap().unwrap().version;
    let sup = |seq| {
        m(
            seq,
            mutation::COMPLAINT_SUPPORT_V1,
            json!({"complaint_id": a}),
        )
    };
    let reply = |seq, event: &str| {
        m(
            seq,
            mutation::COMPLAINT_REPLY_V1,
            json!({"complaint_id": a, "event_id": event, "text": "Mohon ditindaklanjuti"}),
        )
    };
    let (_, r) = done(push(&s, "dev-2", vec![sup(1), sup(2), reply(3, &id())]).await);
    assert_eq!(r[0].outcome, MutationOutcome::Applied);
    assert_eq!(
        r[1].outcome,
        MutationOutcome::Applied,
        "second support: no-op"
    );
    assert_eq!(r[2].rejection.as_ref().unwrap().code, rc::NOT_ALLOWED);
    let c = s.complaint(J, &a).await.unwrap().unwrap();
    assert_eq!(c.support_count, 1);
    assert!(c.version > before, "support changed what the reporter sees");
    // The reporter's own device replies.
    let e = id();
    let (_, r) = done(push(&s, "dev-1", vec![reply(2, &e)]).await);
    assert_eq!(r[0].outcome, MutationOutcome::Applied);
    let (_, r) = done(push(&s, "dev-1", vec![reply(3, &e)]).await);
    assert_eq!(r[0].rejection.as_ref().unwrap().code, rc::DUPLICATE_ID);
    // Rating before resolution is refused; staff resolve; then rate and reopen.
    let rate = |seq| {
        m(
            seq,
            mutation::COMPLAINT_RATE_V1,
            json!({"complaint_id": a, "event_id": id(), "rating": 4}),
        )
    };
    let (_, r) = done(push(&s, "dev-1", vec![rate(4)]).await);
    assert_eq!(r[0].rejection.as_ref().unwrap().code, rc::INVALID_STATE);
    s.complaint_action(staff(
        &a,
        Actor::Coordinator,
        Action::Assign {
            agency: "disdukcapil".into(),
        },
        NOW,
    ))
    .await
    .unwrap();
    s.complaint_action(staff(
        &a,
        Actor::Agency("disdukcapil".into()),
        Action::SetStatus {
            status: ComplaintStatus::Resolved,
            text: Some("Sudah dicetak".into()),
        },
        NOW,
    ))
    .await
    .unwrap();
    let (_, r) = done(
        push(
            &s,
            "dev-1",
            vec![
                rate(5),
                rate(6),
                m(
                    7,
                    mutation::COMPLAINT_REOPEN_V1,
                    json!({"complaint_id": a, "event_id": id(), "reason": "Datanya salah"}),
                ),
            ],
        )
        .await,
    );
    assert_eq!(r[0].outcome, MutationOutcome::Applied);
    assert_eq!(r[1].rejection.as_ref().unwrap().code, rc::ALREADY_RATED);
    assert_eq!(r[2].outcome, MutationOutcome::Applied);
    let c = s.complaint(J, &a).await.unwrap().unwrap();
    assert_eq!(c.state.status, ComplaintStatus::InProgress);
    let kinds: Vec<_> = c.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["created", "reply", "status", "status", "rating", "reopened"]
    );
    // A confidential complaint cannot be supported, as if it did not exist.
    let hidden = id();
    let mut args = create_args(&hidden);
    args["confidential"] = json!(true);
    done(push(&s, "dev-1", vec![m(8, mutation::COMPLAINT_CREATE_V1, args)]).await);
    let (_, r) = done(
        push(
            &s,
            "dev-2",
            vec![m(
                4,
                mutation::COMPLAINT_SUPPORT_V1,
                json!({"complaint_id": hidden}),
            )],
        )
        .await,
    );
    assert_eq!(r[0].rejection.as_ref().unwrap().code, rc::UNKNOWN_COMPLAINT);
}

async fn staff_actions_follow_the_workflow_and_are_audited(s: Arc<dyn Storage>) {
    setup(&s).await;
    register(&s, "dev-1").await;
    let a = id();
    done(
        push(
            &s,
            "dev-1",
            vec![m(1, mutation::COMPLAINT_CREATE_V1, create_args(&a))],
        )
        .await,
    );
    let refused = s
        .complaint_action(staff(
            &a,
            Actor::Agency("disdukcapil".into()),
            Action::Verify,
            NOW,
        ))
        .await;
    assert!(
        matches!(refused, Err(Error::Workflow(WorkflowError::Forbidden(_)))),
        "{refused:?}"
    );
    assert!(
        s.audit_log(J, None, 10).await.unwrap().is_empty(),
        "nothing applied, nothing audited"
    );
    let r = s
        .complaint_action(staff(&a, Actor::Coordinator, Action::Verify, NOW))
        .await
        .unwrap();
    assert_eq!(r.state.status, ComplaintStatus::Verified);
    assert_eq!(r.event.actor_name.as_deref(), Some("kominfo"));
    let log = s.audit_log(J, None, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "complaint.test");
    let note = s
        .complaint_action(staff(
            &a,
            Actor::Coordinator,
            Action::Note {
                text: "cek data".into(),
            },
            NOW,
        ))
        .await
        .unwrap();
    assert!(note.event.internal);
    let c = s.complaint(J, &a).await.unwrap().unwrap();
    assert_eq!(c.version, note.version);
    assert!(c.events.iter().any(|e| e.internal));
    assert!(matches!(
        s.complaint_action(staff(&id(), Actor::Coordinator, Action::Verify, NOW))
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        s.complaint_action(staff(
            &a,
            Actor::Coordinator,
            Action::Close { text: None },
            NOW
        ))
        .await,
        Err(Error::Workflow(WorkflowError::InvalidState { .. }))
    ));
}

async fn resolved_complaints_close_after_the_window(s: Arc<dyn Storage>) {
    setup(&s).await;
    register(&s, "dev-1").await;
    let a = id();
    done(
        push(
            &s,
            "dev-1",
            vec![m(1, mutation::COMPLAINT_CREATE_V1, create_args(&a))],
        )
        .await,
    );
    s.complaint_action(staff(
        &a,
        Actor::Coordinator,
        Action::Assign {
            agency: "dishub".into(),
        },
        NOW,
    ))
    .await
    .unwrap();
    let r = s
        .complaint_action(staff(
            &a,
            Actor::Coordinator,
            Action::SetStatus {
                status: ComplaintStatus::Resolved,
                text: None,
            },
            NOW,
        ))
        .await
        .unwrap();
    let until = r.state.reopen_until.unwrap();
    let cal = Arc::new(Calendar::default());
    assert!(s
        .auto_close(J, until - 1, cal.clone())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        s.auto_close(J, until, cal.clone()).await.unwrap(),
        vec![a.clone()]
    );
    assert!(s.auto_close(J, until + 1, cal).await.unwrap().is_empty());
    let c = s.complaint(J, &a).await.unwrap().unwrap();
    assert_eq!(c.state.status, ComplaintStatus::Closed);
    assert_eq!(
        c.events.last().unwrap().actor,
        pati_protocol::EventActor::System
    );
    // The reporter's pull shows it.
    let page = s
        .my_complaints(J, "dev-1", None, r.version, 10)
        .await
        .unwrap();
    assert_eq!(page.complaints.len(), 1);
}

async fn uploads_resume_and_complete_into_complaints(s: Arc<dyn Storage>) {
    setup(&s).await;
    register(&s, "dev-1").await;
    let sha = "ab".repeat(32);
    let a = id();
    let mut args = create_args(&a);
    args["photos"] = json!([sha]);
    done(push(&s, "dev-1", vec![m(1, mutation::COMPLAINT_CREATE_V1, args)]).await);
    let c = s.complaint(J, &a).await.unwrap().unwrap();
    assert_eq!(c.photos.len(), 1);
    assert!(!c.photos[0].complete, "named before it was uploaded");
    assert_eq!(s.upload_state(J, &sha).await.unwrap(), UploadState::Missing);
    assert_eq!(
        s.upload_create(J, &sha, 10, "dev-1", NOW).await.unwrap(),
        UploadState::Partial {
            length: 10,
            offset: 0
        }
    );
    assert_eq!(
        s.upload_create(J, &sha, 10, "dev-1", NOW).await.unwrap(),
        UploadState::Partial {
            length: 10,
            offset: 0
        },
        "idempotent"
    );
    assert!(
        s.upload_create(J, &sha, 11, "dev-1", NOW).await.is_err(),
        "other length"
    );
    assert_eq!(
        s.upload_append(J, &sha, 0, b"hello".to_vec(), NOW)
            .await
            .unwrap(),
        UploadState::Partial {
            length: 10,
            offset: 5
        }
    );
    assert!(matches!(
        s.upload_append(J, &sha, 0, b"hello".to_vec(), NOW).await,
        Err(Error::UploadOffset { offset: 5 })
    ));
    assert!(s
        .upload_append(J, &sha, 5, b"too long!!!".to_vec(), NOW)
        .await
        .is_err());
    assert_eq!(
        s.upload_append(J, &sha, 5, b"world".to_vec(), NOW)
            .await
            .unwrap(),
        UploadState::Partial {
            length: 10,
            offset: 10
        }
    );
    assert_eq!(s.upload_bytes(J, &sha).await.unwrap(), b"helloworld");
    assert_eq!(
        s.upload_state("pati", &sha).await.unwrap(),
        UploadState::Missing
    );
    s.blob_complete(BlobInfo {
        jurisdiction: J.into(),
        sha256: sha.clone(),
        length: 10,
        content_type: "image/png".into(),
        width: 2,
        height: 1,
        created_at: NOW + 5,
    })
    .await
    .unwrap();
    assert_eq!(
        s.upload_state(J, &sha).await.unwrap(),
        UploadState::Complete { length: 10 }
    );
    assert!(
        s.upload_bytes(J, &sha).await.unwrap().is_empty(),
        "staging dropped"
    );
    let after = s.complaint(J, &a).await.unwrap().unwrap();
    assert!(after.photos[0].complete);
    assert!(
        after.version > c.version,
        "the reporter's pull sees the photo arrive"
    );
    assert_eq!(
        s.blob(J, &sha).await.unwrap().unwrap().content_type,
        "image/png"
    );
    // Abandoned uploads are purged; discarded ones are gone.
    let other = "cd".repeat(32);
    s.upload_create(J, &other, 3, "dev-1", NOW).await.unwrap();
    s.upload_discard(J, &other).await.unwrap();
    assert_eq!(
        s.upload_state(J, &other).await.unwrap(),
        UploadState::Missing
    );
    s.upload_create(J, &other, 3, "dev-1", NOW).await.unwrap();
    assert_eq!(s.purge_uploads(NOW + 1).await.unwrap(), 1);
}

async fn public_similar_and_console_lists(s: Arc<dyn Storage>) {
    setup(&s).await;
    register(&s, "dev-1").await;
    let (a, b, hidden, far) = (id(), id(), id(), id());
    let mut hidden_args = create_args(&hidden);
    hidden_args["confidential"] = json!(true);
    let mut far_args = create_args(&far);
    far_args["location"] = json!({"lat": -6.70, "lon": 111.04});
    far_args["title"] = json!("Antrean panjang");
    let mut b_args = create_args(&b);
    b_args["location"] = json!({"lat": -6.7502, "lon": 111.0402});
    b_args["title"] = json!("Blanko KTP habis");
    let mut inp = input(
        "dev-1",
        vec![
            m(1, mutation::COMPLAINT_CREATE_V1, create_args(&a)),
            m(2, mutation::COMPLAINT_CREATE_V1, b_args),
            m(3, mutation::COMPLAINT_CREATE_V1, hidden_args),
        ],
    );
    done(s.push(inp.clone()).await.unwrap());
    inp.mutations = vec![m(4, mutation::COMPLAINT_CREATE_V1, far_args)];
    inp.now = NOW + 10;
    done(s.push(inp).await.unwrap());
    let public = s.public_complaints(J, None, 10).await.unwrap();
    let ids: Vec<_> = public.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids[0], far, "newest first");
    assert_eq!(ids.len(), 3);
    assert!(!ids.contains(&hidden));
    let older = s.public_complaints(J, Some(NOW + 10), 10).await.unwrap();
    assert_eq!(older.len(), 2);
    // Rejected complaints leave the feed.
    s.complaint_action(staff(
        &a,
        Actor::Coordinator,
        Action::Reject {
            reason: "Spam".into(),
        },
        NOW,
    ))
    .await
    .unwrap();
    assert_eq!(s.public_complaints(J, None, 10).await.unwrap().len(), 2);

    let near = s
        .similar_candidates(SimilarQuery {
            jurisdiction: J.into(),
            category: "adminduk".into(),
            desa: None,
            bbox: Some((-6.756, -6.744, 111.034, 111.046)),
            limit: 50,
        })
        .await
        .unwrap();
    let ids: Vec<_> = near.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids, vec![b.clone()], "same box, public, not rejected");
    let by_desa = s
        .similar_candidates(SimilarQuery {
            jurisdiction: J.into(),
            category: "adminduk".into(),
            desa: Some("99.01.01.1001".into()),
            bbox: None,
            limit: 50,
        })
        .await
        .unwrap();
    assert!(by_desa.is_empty(), "a was rejected; hidden is confidential");

    let all = s
        .admin_complaints(
            J,
            AdminFilter {
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 4, "the console sees confidential ones");
    let rejected = s
        .admin_complaints(
            J,
            AdminFilter {
                status: Some(ComplaintStatus::Rejected),
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(rejected.len(), 1);
    let q = s
        .admin_complaints(
            J,
            AdminFilter {
                q: Some("BLANKO".into()),
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        q.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        vec![b.clone()]
    );
    let overdue = s
        .admin_complaints(
            J,
            AdminFilter {
                overdue_at: Some(NOW + 30 * 86_400),
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        overdue.len(),
        3,
        "received complaints past their 3 working days"
    );
    let assigned = s
        .admin_complaints(
            J,
            AdminFilter {
                agency: Some("disdukcapil".into()),
                assigned_only: true,
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(assigned.is_empty(), "nothing assigned yet");
    let page = s
        .admin_complaints(
            J,
            AdminFilter {
                limit: 2,
                offset: 2,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.len(), 2);
}

async fn holidays_are_stored_per_jurisdiction(s: Arc<dyn Storage>) {
    setup(&s).await;
    let h = s.holidays(J).await.unwrap();
    assert_eq!(
        h,
        vec![Holiday {
            date: "2026-08-17".into(),
            name: "Hari Kemerdekaan RI".into()
        }]
    );
    s.set_holidays(J, vec![]).await.unwrap();
    assert!(s.holidays(J).await.unwrap().is_empty());
    assert!(s.holidays("pati").await.unwrap().is_empty());
}

/// The dashboard's facts columns (migration 007) are written with the events, by
/// every path that appends one (console actions, device pushes, merges), and equal
/// the facts read off the complaint's timeline.
async fn dashboard_facts_columns_follow_the_events(s: Arc<dyn Storage>) {
    use pati_server::console::dashboard::facts_of;
    use pati_server::storage::FactsQuery;
    setup(&s).await;
    register(&s, "dev-1").await;
    let [a, b, c, d] = [id(), id(), id(), id()];
    done(
        push(
            &s,
            "dev-1",
            [&a, &b, &c, &d]
                .iter()
                .enumerate()
                .map(|(i, x)| m(i as i64 + 1, mutation::COMPLAINT_CREATE_V1, create_args(x)))
                .collect(),
        )
        .await,
    );
    let h = 3600;
    let act = |id: &str, actor: Actor, action: Action, at: i64| {
        let s = s.clone();
        let id = id.to_owned();
        async move {
            s.complaint_action(staff(&id, actor, action, at))
                .await
                .unwrap()
        }
    };
    let agency = || Actor::Agency("disdukcapil".into());
    let resolve = || Action::SetStatus {
        status: ComplaintStatus::Resolved,
        text: Some("Sudah dicetak".into()),
    };
    // a: assigned, an internal note (no follow-up), answered, resolved, rated,
    // reopened, resolved again and rated again.
    act(
        &a,
        Actor::Coordinator,
        Action::Assign {
            agency: "disdukcapil".into(),
        },
        NOW + h,
    )
    .await;
    act(
        &a,
        agency(),
        Action::Note { text: "cek".into() },
        NOW + 2 * h,
    )
    .await;
    act(
        &a,
        agency(),
        Action::Respond {
            text: "Sedang dicetak".into(),
        },
        NOW + 3 * h,
    )
    .await;
    act(&a, agency(), resolve(), NOW + 4 * h).await;
    let device = |mutations, now| {
        let s = s.clone();
        async move {
            let mut i = input("dev-1", mutations);
            i.now = now;
            done(s.push(i).await.unwrap())
        }
    };
    let rate = |seq, rating| {
        m(
            seq,
            mutation::COMPLAINT_RATE_V1,
            json!({"complaint_id": a, "event_id": id(), "rating": rating}),
        )
    };
    let (_, r) = device(
        vec![
            rate(5, 2),
            m(
                6,
                mutation::COMPLAINT_REOPEN_V1,
                json!({"complaint_id": a, "event_id": id(), "reason": "Datanya salah"}),
            ),
        ],
        NOW + 5 * h,
    )
    .await;
    assert!(
        r.iter().all(|r| r.outcome == MutationOutcome::Applied),
        "{r:?}"
    );
    act(&a, agency(), resolve(), NOW + 6 * h).await;
    let (_, r) = device(vec![rate(7, 5)], NOW + 7 * h).await;
    assert_eq!(r[0].outcome, MutationOutcome::Applied, "{r:?}");
    // b: rejected; c: merged into a; d: the reporter's own reply only.
    act(
        &b,
        Actor::Coordinator,
        Action::Reject {
            reason: "Bukan kewenangan".into(),
        },
        NOW + h,
    )
    .await;
    let tracking = s.complaint(J, &a).await.unwrap().unwrap().tracking_number;
    act(
        &c,
        Actor::Coordinator,
        Action::MergeInto {
            target_id: a.clone(),
            target_tracking: tracking,
        },
        NOW + 2 * h,
    )
    .await;
    let (_, r) = device(
        vec![m(
            8,
            mutation::COMPLAINT_REPLY_V1,
            json!({"complaint_id": d, "event_id": id(), "text": "Mohon dicek"}),
        )],
        NOW + h,
    )
    .await;
    assert_eq!(r[0].outcome, MutationOutcome::Applied, "{r:?}");

    let key = |f: &pati_server::storage::ComplaintFacts| format!("{f:?}");
    let mut stored = s
        .complaint_facts(
            J,
            FactsQuery {
                from: NOW - 86_400,
                to: NOW + 86_400,
                agency: None,
            },
        )
        .await
        .unwrap();
    let mut read = Vec::new();
    for x in [&a, &b, &c, &d] {
        read.push(facts_of(&s.complaint(J, x).await.unwrap().unwrap()));
    }
    let fa = read[0].clone();
    assert_eq!(fa.assigned_at, Some(NOW + h));
    assert_eq!(
        fa.followed_up_at,
        Some(NOW + 3 * h),
        "not the internal note"
    );
    assert_eq!(fa.resolved_at, Some(NOW + 4 * h), "the first resolution");
    assert_eq!(fa.ratings, [0, 1, 0, 0, 1]);
    assert_eq!(
        fa.channel.as_deref(),
        Some("android"),
        "the device's platform"
    );
    assert_eq!(read[1].rejected_at, Some(NOW + h));
    assert_eq!(
        read[2].rejected_at,
        Some(NOW + 2 * h),
        "a merge ends the triage"
    );
    assert_eq!((read[3].followed_up_at, read[3].assigned_at), (None, None));
    stored.sort_by_key(key);
    read.sort_by_key(key);
    assert_eq!(stored, read);
    // One agency's selection reads the same columns.
    let one = s
        .complaint_facts(
            J,
            FactsQuery {
                from: NOW - 86_400,
                to: NOW + 86_400,
                agency: Some("disdukcapil".into()),
            },
        )
        .await
        .unwrap();
    assert!(one.contains(&fa), "{one:?}");
}

/// A merged duplicate's reporter follows the target (migration 008): its pull
/// returns the target and the target's later changes, and follows on when the
/// target is merged in turn; other devices do not.
async fn merged_duplicates_reporters_follow_the_target(s: Arc<dyn Storage>) {
    setup(&s).await;
    for d in ["dev-1", "dev-2", "dev-3", "dev-4"] {
        register(&s, d).await;
    }
    let [a, b, c] = [id(), id(), id()];
    for (dev, x) in [("dev-1", &a), ("dev-2", &b), ("dev-3", &c)] {
        done(
            push(
                &s,
                dev,
                vec![m(1, mutation::COMPLAINT_CREATE_V1, create_args(x))],
            )
            .await,
        );
    }
    let ids = |p: &pati_server::storage::MinePage| {
        let mut v: Vec<String> = p.complaints.iter().map(|c| c.id.clone()).collect();
        v.sort();
        v
    };
    let sorted = |mut v: Vec<&String>| {
        v.sort();
        v.into_iter().cloned().collect::<Vec<_>>()
    };
    let first = s.my_complaints(J, "dev-1", None, 0, 100).await.unwrap();
    assert_eq!(ids(&first), vec![a.clone()]);
    let merge = |dup: &str, target: &str| {
        let s = s.clone();
        let (dup, target) = (dup.to_owned(), target.to_owned());
        async move {
            let tracking = s
                .complaint(J, &target)
                .await
                .unwrap()
                .unwrap()
                .tracking_number;
            s.complaint_action(staff(
                &dup,
                Actor::Coordinator,
                Action::MergeInto {
                    target_id: target,
                    target_tracking: tracking,
                },
                NOW + 60,
            ))
            .await
            .unwrap()
        }
    };
    merge(&a, &b).await;
    let after = s
        .my_complaints(J, "dev-1", None, first.version, 100)
        .await
        .unwrap();
    assert_eq!(
        ids(&after),
        sorted(vec![&a, &b]),
        "the duplicate and its target"
    );
    // The target's answer reaches the follower's next pull.
    s.complaint_action(staff(
        &b,
        Actor::Coordinator,
        Action::Assign {
            agency: "disdukcapil".into(),
        },
        NOW + 90,
    ))
    .await
    .unwrap();
    s.complaint_action(staff(
        &b,
        Actor::Coordinator,
        Action::Respond {
            text: "Sedang diproses".into(),
        },
        NOW + 120,
    ))
    .await
    .unwrap();
    let (_, r) = done(
        push(
            &s,
            "dev-2",
            vec![m(
                2,
                mutation::COMPLAINT_REPLY_V1,
                json!({"complaint_id": b, "event_id": id(), "text": "Rumah saya nomor 5"}),
            )],
        )
        .await,
    );
    assert_eq!(r[0].outcome, MutationOutcome::Applied, "{r:?}");
    let next = s
        .my_complaints(J, "dev-1", None, after.version, 100)
        .await
        .unwrap();
    assert_eq!(ids(&next), vec![b.clone()]);
    assert!(next.complaints[0]
        .events
        .iter()
        .any(|e| e.kind == "response" && e.text.as_deref() == Some("Sedang diproses")));
    assert!(!next.complaints[0].reported_by("dev-1", None));
    // The follower's view (what the API serves it) keeps the other reporter's own
    // words and place to them.
    let view = next.complaints[0].follower_view(NOW);
    assert!(view.following && !next.complaints[0].resident_view(NOW).following);
    assert!(view.events.iter().any(|e| e.kind == "response"));
    assert!(!view.events.iter().any(|e| e.kind == "reply"), "{view:?}");
    assert!(next.complaints[0]
        .resident_view(NOW)
        .events
        .iter()
        .any(|e| e.kind == "reply"));
    assert_eq!((view.location.lat, view.location.lon), (None, None));
    assert_eq!(view.reopen_until, None);
    // The target merged in turn: its reporter and its follower follow the new one.
    merge(&b, &c).await;
    let chained = s
        .my_complaints(J, "dev-1", None, next.version, 100)
        .await
        .unwrap();
    assert_eq!(ids(&chained), sorted(vec![&b, &c]));
    let two = s.my_complaints(J, "dev-2", None, 0, 100).await.unwrap();
    assert_eq!(ids(&two), sorted(vec![&b, &c]));
    // Someone else's pull is unchanged.
    let four = s.my_complaints(J, "dev-4", None, 0, 100).await.unwrap();
    assert!(four.complaints.is_empty());
    let three = s.my_complaints(J, "dev-3", None, 0, 100).await.unwrap();
    assert_eq!(ids(&three), vec![c.clone()]);
}

/// What an Open311 request carried is read back for the console, per complaint,
/// and marks its key as used.
async fn open311_contacts_are_read_back(s: Arc<dyn Storage>) {
    use pati_server::storage::Open311Contact;
    setup(&s).await;
    register(&s, "dev-1").await;
    let [a, b] = [id(), id()];
    done(
        push(
            &s,
            "dev-1",
            vec![
                m(1, mutation::COMPLAINT_CREATE_V1, create_args(&a)),
                m(2, mutation::COMPLAINT_CREATE_V1, create_args(&b)),
            ],
        )
        .await,
    );
    let contact = Open311Contact {
        jurisdiction: J.into(),
        complaint_id: a.clone(),
        key_id: "key-1".into(),
        first_name: Some("Siti".into()),
        last_name: None,
        email: Some("siti@example.org".into()),
        phone: Some("+6281234567890".into()),
        media_url: Some("https://example.org/foto.jpg".into()),
        now: NOW,
    };
    s.create_open311_key(pati_server::storage::NewOpen311Key {
        jurisdiction: J.into(),
        id: "key-1".into(),
        name: "FixMyStreet".into(),
        key_hash: "hash-1".into(),
        now: NOW - 100,
    })
    .await
    .unwrap();
    assert_eq!(s.open311_keys(J).await.unwrap()[0].last_used_at, None);
    s.record_open311_request(contact.clone()).await.unwrap();
    assert_eq!(s.open311_contact(J, &a).await.unwrap(), Some(contact));
    // Recording the request marked the key as used (migration 009).
    let keys = s.open311_keys(J).await.unwrap();
    assert_eq!(keys[0].last_used_at, Some(NOW));
    assert_eq!(keys[0].created_at, NOW - 100);
    assert_eq!(s.open311_contact(J, &b).await.unwrap(), None);
    assert_eq!(s.open311_contact("pati", &a).await.unwrap(), None);
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (s, _dir) = super::common::sqlite().await;
                    super::$name(s).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(s) = super::common::postgres().await {
                        super::$name(s).await;
                    }
                }
            )*
        }
    };
}

conformance!(
    devices_register_once_and_tokens_rotate,
    phone_codes_die_after_five_wrong_tries,
    pushes_apply_once_and_stop_at_gaps,
    anonymous_complaints_are_limited_per_device,
    residents_support_reply_rate_and_reopen,
    staff_actions_follow_the_workflow_and_are_audited,
    resolved_complaints_close_after_the_window,
    uploads_resume_and_complete_into_complaints,
    public_similar_and_console_lists,
    holidays_are_stored_per_jurisdiction,
    dashboard_facts_columns_follow_the_events,
    merged_duplicates_reporters_follow_the_target,
    open311_contacts_are_read_back,
);
