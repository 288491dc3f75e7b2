//! Deciding a push. Storage opens the transaction, locks the client's row, loads a
//! [`PushContext`] (what the mutations refer to), calls [`plan`], and writes the
//! resulting [`PushPlan`] with versions from the jurisdiction's counter. Keeping the
//! decisions here means SQLite and PostgreSQL cannot disagree on them, and they are
//! unit-tested without a database.

use std::collections::{HashMap, HashSet};

use pati_protocol::{
    mutation, rejection_code as rc, ComplaintCreate, ComplaintRate, ComplaintReopen,
    ComplaintReply, ComplaintSupport, Mutation, MutationOutcome, Rejection,
};
use serde::de::DeserializeOwned;

use super::validate::{self, FieldError};
use super::{EventRecord, NewComplaint};
use crate::workflow::{self, Actor, Calendar};

/// A complaint as the planner needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintState {
    pub id: String,
    pub reporter_device: String,
    pub reporter_phone: Option<String>,
    pub confidential: bool,
    pub state: workflow::State,
}

/// What the mutations of one push refer to, loaded inside the push transaction.
#[derive(Debug, Clone)]
pub struct PushContext<'a> {
    pub jurisdiction: &'a str,
    pub now: i64,
    pub client_id: &'a str,
    /// The device's verified phone.
    pub phone: Option<&'a str>,
    /// Complaint category id → agency id.
    pub categories: HashMap<String, String>,
    /// Referenced kecamatan/desa codes that exist.
    pub known_areas: HashSet<String>,
    /// Referenced complaints that exist (locked for the transaction).
    pub complaints: HashMap<String, ComplaintState>,
    /// Referenced complaints this device already supports.
    pub supported: HashSet<String>,
    /// Referenced complaint and event ids that are already taken.
    pub taken_event_ids: HashSet<String>,
    /// Complaints this device filed without a verified identity in the last 24 h.
    pub anonymous_last_day: i64,
    pub anonymous_per_day: i64,
    pub calendar: &'a Calendar,
}

/// Ids a push refers to, so storage loads only those. Args that do not parse refer
/// to nothing (they are rejected later anyway).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    pub complaint_ids: Vec<String>,
    pub event_ids: Vec<String>,
    pub area_codes: Vec<String>,
}

pub fn references(mutations: &[Mutation]) -> References {
    let mut r = References::default();
    let s = |v: &serde_json::Value, k: &str| -> Option<String> {
        v.get(k)
            .and_then(|x| x.as_str())
            .filter(|x| x.len() <= 64)
            .map(str::to_owned)
    };
    for m in mutations {
        let a = &m.args;
        if m.name == mutation::COMPLAINT_CREATE_V1 {
            r.complaint_ids.extend(s(a, "id"));
            if let Some(loc) = a.get("location") {
                r.area_codes.extend(s(loc, "kecamatan"));
                r.area_codes.extend(s(loc, "desa"));
            }
        } else {
            r.complaint_ids.extend(s(a, "complaint_id"));
            r.event_ids.extend(s(a, "event_id"));
        }
    }
    for v in [&mut r.complaint_ids, &mut r.event_ids, &mut r.area_codes] {
        v.sort();
        v.dedup();
    }
    r
}

/// Writes of one push, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushPlan {
    pub creates: Vec<NewComplaint>,
    /// Events of new and existing complaints, in order of appending.
    pub events: Vec<EventRecord>,
    /// Existing complaints whose state changed: their new state.
    pub state_changes: Vec<(String, workflow::State)>,
    /// Existing complaints that gained this device's support.
    pub supports: Vec<String>,
    /// Existing complaints touched by this push (a new version each), first-touch order.
    pub touched: Vec<String>,
    pub rejections: Vec<Rejection>,
    pub results: Vec<Planned>,
}

/// The decision for one mutation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub seq: i64,
    pub outcome: MutationOutcome,
    /// Index into [`PushPlan::creates`] for an applied create (its tracking number is
    /// assigned when written).
    pub create: Option<usize>,
    pub rejection: Option<Rejection>,
}

fn parse<T: DeserializeOwned>(v: &serde_json::Value) -> Result<T, FieldError> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "args".to_owned() } else { path };
        FieldError::new(rc::INVALID_FIELD, field, e.into_inner().to_string())
    })
}

impl PushPlan {
    fn touch(&mut self, id: &str) {
        if !self.touched.iter().any(|t| t == id) && !self.creates.iter().any(|c| c.id == id) {
            self.touched.push(id.to_owned());
        }
    }

    fn set_state(&mut self, id: &str, state: workflow::State) {
        if let Some(c) = self.creates.iter_mut().find(|c| c.id == id) {
            c.state = state;
            return;
        }
        self.touch(id);
        match self.state_changes.iter_mut().find(|(i, _)| i == id) {
            Some((_, s)) => *s = state,
            None => self.state_changes.push((id.to_owned(), state)),
        }
    }
}

/// Decides every mutation in order. Later mutations see what earlier ones did (a
/// reply right after its create in the same push finds the complaint).
pub fn plan(ctx: &mut PushContext<'_>, mutations: &[Mutation]) -> PushPlan {
    let mut out = PushPlan::default();
    for m in mutations {
        let entity = m
            .args
            .get(if m.name == mutation::COMPLAINT_CREATE_V1 {
                "id"
            } else {
                "complaint_id"
            })
            .and_then(|v| v.as_str())
            .map(|s| s.chars().take(64).collect::<String>());
        match apply_one(ctx, &mut out, m) {
            Ok(create) => out.results.push(Planned {
                seq: m.seq,
                outcome: MutationOutcome::Applied,
                create,
                rejection: None,
            }),
            Err(e) => {
                let r = Rejection {
                    seq: m.seq,
                    mutation: m.name.chars().take(64).collect(),
                    entity_id: entity,
                    code: e.code.to_owned(),
                    field: e.field,
                    message: e.message,
                };
                out.rejections.push(r.clone());
                out.results.push(Planned {
                    seq: m.seq,
                    outcome: MutationOutcome::Rejected,
                    create: None,
                    rejection: Some(r),
                });
            }
        }
    }
    out
}

fn workflow_error(e: workflow::WorkflowError) -> FieldError {
    FieldError {
        code: e.rejection_code(),
        field: e.field().map(str::to_owned),
        message: e.to_string(),
    }
}

/// The complaint a resident mutation names, which the device must have reported.
fn own_complaint<'c>(ctx: &'c PushContext<'_>, id: &str) -> Result<&'c ComplaintState, FieldError> {
    validate::uuid("complaint_id", id)?;
    let c = ctx.complaints.get(id).ok_or_else(|| {
        FieldError::new(
            rc::UNKNOWN_COMPLAINT,
            "complaint_id",
            "no such complaint in this jurisdiction",
        )
    })?;
    let same_phone =
        matches!((c.reporter_phone.as_deref(), ctx.phone), (Some(a), Some(b)) if a == b);
    if c.reporter_device != ctx.client_id && !same_phone {
        return Err(FieldError::new(
            rc::NOT_ALLOWED,
            "complaint_id",
            "only the reporter may do this",
        ));
    }
    Ok(c)
}

fn fresh_event_id(ctx: &PushContext<'_>, out: &PushPlan, id: &str) -> Result<(), FieldError> {
    validate::uuid("event_id", id)?;
    if ctx.taken_event_ids.contains(id) || out.events.iter().any(|e| e.id == id) {
        return Err(FieldError::new(
            rc::DUPLICATE_ID,
            "event_id",
            "this event id is already used",
        ));
    }
    Ok(())
}

/// A resident's action through the workflow, appended to the plan.
fn resident_action(
    ctx: &mut PushContext<'_>,
    out: &mut PushPlan,
    complaint_id: &str,
    event_id: &str,
    action: workflow::Action,
) -> Result<(), FieldError> {
    let c = own_complaint(ctx, complaint_id)?;
    fresh_event_id(ctx, out, event_id)?;
    let t = workflow::apply(&c.state, &Actor::Reporter, &action, ctx.now, ctx.calendar)
        .map_err(workflow_error)?;
    let changed = t.state != c.state;
    out.events.push(EventRecord::from_workflow(
        event_id.to_owned(),
        complaint_id,
        ctx.now,
        t.event,
        None,
    ));
    if changed {
        out.set_state(complaint_id, t.state.clone());
        if let Some(c) = ctx.complaints.get_mut(complaint_id) {
            c.state = t.state;
        }
    } else {
        out.touch(complaint_id);
    }
    Ok(())
}

fn apply_one(
    ctx: &mut PushContext<'_>,
    out: &mut PushPlan,
    m: &Mutation,
) -> Result<Option<usize>, FieldError> {
    match m.name.as_str() {
        mutation::COMPLAINT_CREATE_V1 => {
            let c: ComplaintCreate = parse(&m.args)?;
            let checked = validate::create(
                &c,
                |k| ctx.categories.contains_key(k),
                |a| ctx.known_areas.contains(a),
            )?;
            if ctx.complaints.contains_key(&c.id) || ctx.taken_event_ids.contains(&c.id) {
                return Err(FieldError::new(
                    rc::DUPLICATE_ID,
                    "id",
                    "a complaint with this id already exists",
                ));
            }
            // Without a verified phone (or by choice) nobody can be reached or held to
            // account: such complaints are rate-limited per device.
            let reporter_phone = if c.anonymous {
                None
            } else {
                ctx.phone.map(str::to_owned)
            };
            if reporter_phone.is_none() {
                if ctx.anonymous_last_day >= ctx.anonymous_per_day {
                    return Err(FieldError {
                        code: rc::RATE_LIMITED,
                        field: None,
                        message: format!(
                            "at most {} complaints a day without a verified phone number",
                            ctx.anonymous_per_day
                        ),
                    });
                }
                ctx.anonymous_last_day += 1;
            }
            let agency = ctx.categories.get(&c.category).cloned().unwrap_or_default();
            let state = workflow::State::received(&agency, ctx.now, ctx.calendar);
            // The created event's id derives from the complaint's: replays cannot
            // produce a second one, and no extra id travels on the wire.
            out.events.push(EventRecord {
                id: format!("{}.created", c.id),
                complaint_id: c.id.clone(),
                at: ctx.now,
                kind: "created".into(),
                actor: pati_protocol::EventActor::Resident,
                actor_name: None,
                status: Some(pati_protocol::ComplaintStatus::Received),
                agency: Some(agency),
                text: None,
                rating: None,
                internal: false,
            });
            ctx.complaints.insert(
                c.id.clone(),
                ComplaintState {
                    id: c.id.clone(),
                    reporter_device: ctx.client_id.to_owned(),
                    reporter_phone: reporter_phone.clone(),
                    confidential: c.confidential,
                    state: state.clone(),
                },
            );
            out.creates.push(NewComplaint {
                id: c.id,
                category: c.category,
                title: checked.title,
                description: checked.description,
                location: checked.location,
                photos: checked.photos,
                anonymous: c.anonymous,
                confidential: c.confidential,
                reporter_device: ctx.client_id.to_owned(),
                reporter_phone,
                created_at: ctx.now,
                state,
            });
            Ok(Some(out.creates.len() - 1))
        }
        mutation::COMPLAINT_REPLY_V1 => {
            let r: ComplaintReply = parse(&m.args)?;
            resident_action(
                ctx,
                out,
                &r.complaint_id,
                &r.event_id,
                workflow::Action::Reply { text: r.text },
            )?;
            Ok(None)
        }
        mutation::COMPLAINT_RATE_V1 => {
            let r: ComplaintRate = parse(&m.args)?;
            resident_action(
                ctx,
                out,
                &r.complaint_id,
                &r.event_id,
                workflow::Action::Rate {
                    rating: r.rating,
                    comment: r.comment,
                },
            )?;
            Ok(None)
        }
        mutation::COMPLAINT_REOPEN_V1 => {
            let r: ComplaintReopen = parse(&m.args)?;
            resident_action(
                ctx,
                out,
                &r.complaint_id,
                &r.event_id,
                workflow::Action::Reopen { reason: r.reason },
            )?;
            Ok(None)
        }
        mutation::COMPLAINT_SUPPORT_V1 => {
            let s: ComplaintSupport = parse(&m.args)?;
            validate::uuid("complaint_id", &s.complaint_id)?;
            let visible = ctx.complaints.get(&s.complaint_id).filter(|c| {
                !c.confidential && c.state.status != pati_protocol::ComplaintStatus::Rejected
            });
            let Some(target) = visible else {
                // A confidential complaint is answered like a missing one: nothing leaks.
                return Err(FieldError::new(
                    rc::UNKNOWN_COMPLAINT,
                    "complaint_id",
                    "no such public complaint in this jurisdiction",
                ));
            };
            // The reporter's own support adds nothing.
            let own = target.reporter_device == ctx.client_id;
            let fresh = !own && !ctx.supported.contains(&s.complaint_id);
            if fresh {
                // Counted once per device: a second support is an applied no-op.
                ctx.supported.insert(s.complaint_id.clone());
                out.supports.push(s.complaint_id.clone());
                out.touch(&s.complaint_id);
            }
            Ok(None)
        }
        _ => Err(FieldError {
            code: rc::UNKNOWN_MUTATION,
            field: Some("name".into()),
            message: "this server does not know that mutation".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pati_protocol::ComplaintStatus as S;
    use serde_json::json;

    const NOW: i64 = 1_790_000_000;
    const A: &str = "01920000-0000-7000-8000-00000000000a";
    const B: &str = "01920000-0000-7000-8000-00000000000b";
    const E1: &str = "01920000-0000-7000-8000-0000000000e1";

    fn ctx(cal: &Calendar) -> PushContext<'_> {
        PushContext {
            jurisdiction: "pati",
            now: NOW,
            client_id: "dev-1",
            phone: None,
            categories: [("jalan-rusak".to_owned(), "dputr".to_owned())].into(),
            known_areas: HashSet::new(),
            complaints: HashMap::new(),
            supported: HashSet::new(),
            taken_event_ids: HashSet::new(),
            anonymous_last_day: 0,
            anonymous_per_day: 10,
            calendar: cal,
        }
    }

    fn m(seq: i64, name: &str, args: serde_json::Value) -> Mutation {
        Mutation {
            seq,
            name: name.into(),
            args,
            client_time: None,
        }
    }

    fn create(seq: i64, id: &str) -> Mutation {
        m(
            seq,
            mutation::COMPLAINT_CREATE_V1,
            json!({"id": id, "category": "jalan-rusak", "title": "Jalan berlubang",
                   "description": "Lubang besar di depan SD", "location": {"lat": -6.75, "lon": 111.04}}),
        )
    }

    #[test]
    fn create_then_reply_in_one_push() {
        let cal = Calendar::default();
        let mut c = ctx(&cal);
        let p = plan(
            &mut c,
            &[
                create(1, A),
                m(
                    2,
                    mutation::COMPLAINT_REPLY_V1,
                    json!({"complaint_id": A, "event_id": E1, "text": "Tambahan: dekat pasar"}),
                ),
            ],
        );
        assert_eq!(p.creates.len(), 1);
        assert_eq!(p.creates[0].state.agency.as_deref(), Some("dputr"));
        assert_eq!(p.events.len(), 2);
        assert!(
            p.touched.is_empty(),
            "a new complaint gets its version on insert"
        );
        assert!(p
            .results
            .iter()
            .all(|r| r.outcome == MutationOutcome::Applied));
        assert_eq!(p.results[0].create, Some(0));
    }

    #[test]
    fn rejections_name_code_and_field() {
        let cal = Calendar::default();
        let mut c = ctx(&cal);
        let mut bad = create(1, A);
        bad.args["category"] = json!("nope");
        let p = plan(
            &mut c,
            &[
                bad,
                m(2, "complaint.teleport.v9", json!({})),
                m(3, mutation::COMPLAINT_CREATE_V1, json!({"id": 5})),
                m(
                    4,
                    mutation::COMPLAINT_RATE_V1,
                    json!({"complaint_id": B, "event_id": E1, "rating": 5}),
                ),
            ],
        );
        let codes: Vec<_> = p
            .rejections
            .iter()
            .map(|r| (r.seq, r.code.as_str(), r.field.as_deref()))
            .collect();
        assert_eq!(
            codes,
            vec![
                (1, rc::UNKNOWN_CATEGORY, Some("category")),
                (2, rc::UNKNOWN_MUTATION, Some("name")),
                (3, rc::INVALID_FIELD, Some("id")),
                (4, rc::UNKNOWN_COMPLAINT, Some("complaint_id")),
            ]
        );
        assert_eq!(p.rejections[0].entity_id.as_deref(), Some(A));
        assert!(p.creates.is_empty() && p.events.is_empty());
    }

    #[test]
    fn only_the_reporter_acts_and_support_counts_once() {
        let cal = Calendar::default();
        let mut c = ctx(&cal);
        c.complaints.insert(
            B.into(),
            ComplaintState {
                id: B.into(),
                reporter_device: "dev-2".into(),
                reporter_phone: Some("+6281234567890".into()),
                confidential: false,
                state: workflow::State::received("dputr", NOW, &cal),
            },
        );
        let sup = |seq| {
            m(
                seq,
                mutation::COMPLAINT_SUPPORT_V1,
                json!({"complaint_id": B}),
            )
        };
        let reply = m(
            3,
            mutation::COMPLAINT_REPLY_V1,
            json!({"complaint_id": B, "event_id": E1, "text": "Saya juga"}),
        );
        let p = plan(&mut c, &[sup(1), sup(2), reply.clone()]);
        assert_eq!(p.supports, vec![B.to_owned()]);
        assert_eq!(p.results[1].outcome, MutationOutcome::Applied, "no-op");
        assert_eq!(p.rejections[0].code, rc::NOT_ALLOWED);
        // The same verified phone on a new device is the reporter.
        let mut c = ctx(&cal);
        c.phone = Some("+6281234567890");
        c.complaints = HashMap::from([(
            B.to_owned(),
            ComplaintState {
                id: B.into(),
                reporter_device: "dev-2".into(),
                reporter_phone: Some("+6281234567890".into()),
                confidential: true,
                state: workflow::State::received("dputr", NOW, &cal),
            },
        )]);
        let p = plan(&mut c, &[reply, sup(4)]);
        let mut own = ctx(&cal);
        own.client_id = "dev-2";
        own.complaints = c.complaints.clone();
        if let Some(x) = own.complaints.get_mut(B) {
            x.confidential = false;
        }
        let mine = plan(&mut own, &[sup(5)]);
        assert!(
            mine.supports.is_empty() && mine.rejections.is_empty(),
            "own: no-op"
        );
        assert_eq!(p.results[0].outcome, MutationOutcome::Applied);
        assert_eq!(p.rejections[0].code, rc::UNKNOWN_COMPLAINT, "confidential");
        assert_eq!(p.touched, vec![B.to_owned()]);
    }

    #[test]
    fn anonymous_creations_are_limited_per_day() {
        let cal = Calendar::default();
        let mut c = ctx(&cal);
        c.anonymous_per_day = 2;
        c.anonymous_last_day = 1;
        let ids = [A, B, "01920000-0000-7000-8000-00000000000c"];
        let muts: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| create(i as i64 + 1, id))
            .collect();
        let p = plan(&mut c, &muts);
        assert_eq!(p.creates.len(), 1);
        assert_eq!(p.rejections.len(), 2);
        assert!(p.rejections.iter().all(|r| r.code == rc::RATE_LIMITED));
        // A verified phone lifts the limit, unless the complaint is anonymous.
        let mut c = ctx(&cal);
        c.phone = Some("+6281234567890");
        c.anonymous_per_day = 0;
        let mut anon = create(2, B);
        anon.args["anonymous"] = json!(true);
        let p = plan(&mut c, &[create(1, A), anon]);
        assert_eq!(p.creates.len(), 1);
        assert_eq!(
            p.creates[0].reporter_phone.as_deref(),
            Some("+6281234567890")
        );
        assert_eq!(p.rejections[0].code, rc::RATE_LIMITED);
    }

    #[test]
    fn duplicate_ids_are_rejected_not_crashed_on() {
        let cal = Calendar::default();
        let mut c = ctx(&cal);
        let p = plan(&mut c, &[create(1, A), create(2, A)]);
        assert_eq!(p.creates.len(), 1);
        assert_eq!(p.rejections[0].code, rc::DUPLICATE_ID);
        let reply = |seq| {
            m(
                seq,
                mutation::COMPLAINT_REPLY_V1,
                json!({"complaint_id": A, "event_id": E1, "text": "Tambahan"}),
            )
        };
        let mut c = ctx(&cal);
        let p = plan(&mut c, &[create(1, A), reply(2), reply(3)]);
        assert_eq!(p.events.len(), 2);
        assert_eq!(p.rejections[0].code, rc::DUPLICATE_ID);
    }

    #[test]
    fn reopen_and_rate_go_through_the_workflow() {
        let cal = Calendar::default();
        let mut c = ctx(&cal);
        let mut st = workflow::State::received("dputr", NOW - 10, &cal);
        st.status = S::Resolved;
        st.resolved_at = Some(NOW - 10);
        st.reopen_until = Some(NOW - 1);
        c.complaints.insert(
            A.into(),
            ComplaintState {
                id: A.into(),
                reporter_device: "dev-1".into(),
                reporter_phone: None,
                confidential: false,
                state: st,
            },
        );
        let p = plan(
            &mut c,
            &[
                m(
                    1,
                    mutation::COMPLAINT_REOPEN_V1,
                    json!({"complaint_id": A, "event_id": E1, "reason": "Belum beres"}),
                ),
                m(
                    2,
                    mutation::COMPLAINT_RATE_V1,
                    json!({"complaint_id": A, "event_id": B, "rating": 2}),
                ),
            ],
        );
        assert_eq!(p.rejections[0].code, rc::REOPEN_WINDOW_CLOSED);
        assert_eq!(p.results[1].outcome, MutationOutcome::Applied);
        assert_eq!(p.state_changes.len(), 1);
        assert!(p.state_changes[0].1.rated);
    }

    #[test]
    fn references_are_collected_once() {
        let r = references(&[
            create(1, A),
            m(
                2,
                mutation::COMPLAINT_SUPPORT_V1,
                json!({"complaint_id": B}),
            ),
            m(
                3,
                mutation::COMPLAINT_SUPPORT_V1,
                json!({"complaint_id": B}),
            ),
        ]);
        assert_eq!(r.complaint_ids, vec![A.to_owned(), B.to_owned()]);
    }
}
