//! The complaint workflow as a pure state machine: who may do what in which status,
//! what the status becomes, which event is appended, and the service-level clocks.
//! No I/O here: storage loads a [`State`], asks [`apply`], and writes the result in
//! the same transaction, so every path (push, console, periodic close) obeys one table.
//!
//! ```text
//! received ─verify→ verified ─assign→ assigned ─(respond | in_progress)→ in_progress
//!    │  └──────────assign──────────────┘   ↑ forward (disposisi: new agency, clock restarts)
//!    └─reject→ rejected                     └──────── resolve ──→ resolved ─close / 10 wd→ closed
//!                                   in_progress ←─reopen by the reporter (≤ 10 wd)─┘
//! any open status ─merge (coordinator, duplicate of another open/resolved one)→ rejected
//! ```

pub mod calendar;

pub use calendar::Calendar;

use pati_protocol::{ComplaintStatus, EventActor};

/// Working days Diskominfo has to verify and assign a new complaint.
pub const VERIFY_WORKING_DAYS: u32 = 3;
/// Working days an agency has to follow up (answer) after assignment, forwarding or
/// a reopen: the national LAPOR! standard.
pub const FOLLOW_UP_WORKING_DAYS: u32 = 5;
/// Working days after resolution during which the reporter may reopen; then the
/// complaint closes by itself.
pub const REOPEN_WORKING_DAYS: u32 = 10;

/// What the workflow needs to know about a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub status: ComplaintStatus,
    /// Agency currently responsible.
    pub agency: Option<String>,
    /// Deadline of the running service-level clock (unix seconds).
    pub due_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub reopen_until: Option<i64>,
    pub rated: bool,
}

impl State {
    /// A complaint just received, routed to its category's agency. Diskominfo's
    /// verify-and-assign clock starts.
    pub fn received(agency: &str, now: i64, cal: &Calendar) -> State {
        State {
            status: ComplaintStatus::Received,
            agency: Some(agency.to_owned()),
            due_at: Some(cal.add_working_days(now, VERIFY_WORKING_DAYS)),
            resolved_at: None,
            reopen_until: None,
            rated: false,
        }
    }

    /// The service-level clock ran out and nobody has acted.
    pub fn overdue(&self, now: i64) -> bool {
        self.due_at.is_some_and(|d| now >= d) && is_open(self.status)
    }
}

/// Statuses in which someone still owes the resident something.
pub fn is_open(s: ComplaintStatus) -> bool {
    !matches!(
        s,
        ComplaintStatus::Resolved | ComplaintStatus::Closed | ComplaintStatus::Rejected
    )
}

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Diskominfo: verifies, routes, rejects, and may do everything agencies do.
    Coordinator,
    /// An agency admin, for complaints currently assigned to that agency.
    Agency(String),
    /// Read-only console role.
    Viewer,
    /// The reporter's device (or the same verified phone).
    Reporter,
    /// The server itself (automatic close).
    System,
}

/// What is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Verify,
    Assign {
        agency: String,
    },
    /// Disposisi: hand over to another agency with a note.
    Forward {
        agency: String,
        note: String,
    },
    /// An answer the resident sees.
    Respond {
        text: String,
    },
    /// `in_progress` or `resolved`, with an optional text the resident sees.
    SetStatus {
        status: ComplaintStatus,
        text: Option<String>,
    },
    Reject {
        reason: String,
    },
    /// Internal note: never leaves the console.
    Note {
        text: String,
    },
    Close {
        text: Option<String>,
    },
    Reply {
        text: String,
    },
    Rate {
        rating: u8,
        comment: String,
    },
    Reopen {
        reason: String,
    },
    AutoClose,
    /// The coordinator closes this complaint as a duplicate of another one of the
    /// same jurisdiction (`target_id`, shown to the resident by `target_tracking`).
    ///
    /// The duplicate ends **rejected**, not closed: in this state machine `closed`
    /// means "resolved, and the reopen window passed or the reporter was satisfied"
    /// (it comes only from `resolved`, keeps the rating and the reopen rule, and the
    /// dashboard counts it as work done), whereas `rejected` is the terminal status of
    /// a complaint that will not be handled on its own — which is what a duplicate is.
    /// The event kind is `merged` (devices show unknown kinds by their text), public,
    /// with a text naming the target's tracking number. Any open status may be
    /// merged; the target is checked by [`check_merge_target`] in the same
    /// transaction, and storage adds one to the target's support count.
    MergeInto {
        target_id: String,
        target_tracking: String,
    },
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::Verify => "verify",
            Action::Assign { .. } => "assign",
            Action::Forward { .. } => "forward",
            Action::Respond { .. } => "respond",
            Action::SetStatus { .. } => "set_status",
            Action::Reject { .. } => "reject",
            Action::Note { .. } => "note",
            Action::Close { .. } => "close",
            Action::Reply { .. } => "reply",
            Action::Rate { .. } => "rate",
            Action::Reopen { .. } => "reopen",
            Action::AutoClose => "auto_close",
            Action::MergeInto { .. } => "merge",
        }
    }
}

/// An event to append, as the workflow decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub kind: &'static str,
    pub actor: EventActor,
    pub status: Option<ComplaintStatus>,
    pub agency: Option<String>,
    pub text: Option<String>,
    pub rating: Option<u8>,
    /// Internal notes are shown to console roles only.
    pub internal: bool,
}

/// The result of an allowed action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub state: State,
    pub event: NewEvent,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("{0}")]
    Forbidden(String),
    #[error("cannot {action} a complaint that is {status}")]
    InvalidState {
        action: &'static str,
        status: &'static str,
    },
    #[error("the reopen window of {REOPEN_WORKING_DAYS} working days after resolution has passed")]
    ReopenWindowClosed,
    #[error("the complaint was already rated")]
    AlreadyRated,
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

impl WorkflowError {
    /// The rejection code a device sees for a refused resident mutation.
    pub fn rejection_code(&self) -> &'static str {
        use pati_protocol::rejection_code as rc;
        match self {
            WorkflowError::Forbidden(_) => rc::NOT_ALLOWED,
            WorkflowError::InvalidState { .. } => rc::INVALID_STATE,
            WorkflowError::ReopenWindowClosed => rc::REOPEN_WINDOW_CLOSED,
            WorkflowError::AlreadyRated => rc::ALREADY_RATED,
            WorkflowError::Invalid { .. } => rc::INVALID_FIELD,
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            WorkflowError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

fn need_text(field: &'static str, s: &str) -> Result<String, WorkflowError> {
    let t = s.trim();
    let n = t.chars().count();
    if n == 0 || n > pati_protocol::limits::MAX_REPLY_CHARS {
        return Err(WorkflowError::Invalid {
            field,
            message: format!(
                "must have 1 to {} characters",
                pati_protocol::limits::MAX_REPLY_CHARS
            ),
        });
    }
    Ok(t.to_owned())
}

fn opt_text(field: &'static str, s: &Option<String>) -> Result<Option<String>, WorkflowError> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => need_text(field, t).map(Some),
    }
}

/// The public text of a merge event (the resident's app shows it as is).
pub fn merge_text(target_tracking: &str) -> String {
    format!(
        "Digabungkan sebagai duplikat dari pengaduan {target_tracking}. / Merged as a duplicate of complaint {target_tracking}."
    )
}

/// Whether a complaint may be merged into `target`: not itself, and not a complaint
/// that was rejected or closed (nobody would follow it up).
pub fn check_merge_target(
    duplicate_id: &str,
    target_id: &str,
    target_status: ComplaintStatus,
) -> Result<(), WorkflowError> {
    if duplicate_id == target_id {
        return Err(WorkflowError::Invalid {
            field: "target",
            message: "a complaint cannot be merged into itself".into(),
        });
    }
    if matches!(
        target_status,
        ComplaintStatus::Rejected | ComplaintStatus::Closed
    ) {
        return Err(WorkflowError::Invalid {
            field: "target",
            message: format!(
                "the target complaint is {}: merge into an open one",
                target_status.as_str()
            ),
        });
    }
    Ok(())
}

/// Whether `actor` may act on this complaint at all (before looking at the action).
fn check_actor(state: &State, actor: &Actor, action: &Action) -> Result<(), WorkflowError> {
    let resident = matches!(
        action,
        Action::Reply { .. } | Action::Rate { .. } | Action::Reopen { .. }
    );
    match actor {
        Actor::Viewer => Err(WorkflowError::Forbidden(
            "viewers cannot change complaints".into(),
        )),
        Actor::System if matches!(action, Action::AutoClose) => Ok(()),
        Actor::System => Err(WorkflowError::Forbidden(
            "the system only closes resolved complaints".into(),
        )),
        Actor::Reporter if resident => Ok(()),
        Actor::Reporter => Err(WorkflowError::Forbidden(
            "residents may only reply, rate and reopen".into(),
        )),
        _ if resident || matches!(action, Action::AutoClose) => Err(WorkflowError::Forbidden(
            "only the reporter may reply, rate or reopen".into(),
        )),
        Actor::Coordinator => Ok(()),
        Actor::Agency(a) => {
            let assigned = state.agency.as_deref() == Some(a.as_str())
                && matches!(
                    state.status,
                    ComplaintStatus::Assigned
                        | ComplaintStatus::InProgress
                        | ComplaintStatus::Resolved
                        | ComplaintStatus::Closed
                );
            if !assigned {
                return Err(WorkflowError::Forbidden(
                    "the complaint is not assigned to your agency".into(),
                ));
            }
            match action {
                Action::Respond { .. }
                | Action::SetStatus { .. }
                | Action::Note { .. }
                | Action::Forward { .. } => Ok(()),
                _ => Err(WorkflowError::Forbidden(format!(
                    "only the coordinator may {}",
                    action.name()
                ))),
            }
        }
    }
}

/// Decides one action. `now` is the server clock; `cal` the jurisdiction's calendar.
pub fn apply(
    state: &State,
    actor: &Actor,
    action: &Action,
    now: i64,
    cal: &Calendar,
) -> Result<Transition, WorkflowError> {
    use ComplaintStatus as S;
    check_actor(state, actor, action)?;
    let invalid = || WorkflowError::InvalidState {
        action: action.name(),
        status: state.status.as_str(),
    };
    let ev_actor = match actor {
        Actor::Coordinator => EventActor::Coordinator,
        Actor::Agency(_) => EventActor::Agency,
        Actor::Reporter => EventActor::Resident,
        Actor::Viewer | Actor::System => EventActor::System,
    };
    let mut next = state.clone();
    let event = |kind, status: Option<S>, agency: Option<String>, text: Option<String>| NewEvent {
        kind,
        actor: ev_actor,
        status,
        agency,
        text,
        rating: None,
        internal: false,
    };
    let ev = match action {
        Action::Verify => {
            if state.status != S::Received {
                return Err(invalid());
            }
            next.status = S::Verified;
            event("status", Some(S::Verified), None, None)
        }
        Action::Assign { agency } => {
            if !matches!(state.status, S::Received | S::Verified) {
                return Err(invalid());
            }
            next.status = S::Assigned;
            next.agency = Some(agency.clone());
            next.due_at = Some(cal.add_working_days(now, FOLLOW_UP_WORKING_DAYS));
            event("status", Some(S::Assigned), Some(agency.clone()), None)
        }
        Action::Forward { agency, note } => {
            if !matches!(state.status, S::Assigned | S::InProgress) {
                return Err(invalid());
            }
            if state.agency.as_deref() == Some(agency.as_str()) {
                return Err(WorkflowError::Invalid {
                    field: "agency",
                    message: "the complaint is already with this agency".into(),
                });
            }
            let note = need_text("note", note)?;
            next.status = S::Assigned;
            next.agency = Some(agency.clone());
            next.due_at = Some(cal.add_working_days(now, FOLLOW_UP_WORKING_DAYS));
            event(
                "forwarded",
                Some(S::Assigned),
                Some(agency.clone()),
                Some(note),
            )
        }
        Action::Respond { text } => {
            if !matches!(state.status, S::Assigned | S::InProgress) {
                return Err(invalid());
            }
            let text = need_text("text", text)?;
            // An answer is the follow-up the clock waited for.
            next.status = S::InProgress;
            next.due_at = None;
            event(
                "response",
                Some(S::InProgress),
                state.agency.clone(),
                Some(text),
            )
        }
        Action::SetStatus { status, text } => {
            let text = opt_text("text", text)?;
            match (state.status, *status) {
                (S::Assigned, S::InProgress) => {
                    next.status = S::InProgress;
                    next.due_at = None;
                }
                (S::Assigned | S::InProgress, S::Resolved) => {
                    next.status = S::Resolved;
                    next.due_at = None;
                    next.resolved_at = Some(now);
                    next.reopen_until = Some(cal.add_working_days(now, REOPEN_WORKING_DAYS));
                }
                (_, S::InProgress | S::Resolved) => return Err(invalid()),
                _ => {
                    return Err(WorkflowError::Invalid {
                        field: "status",
                        message: "set_status takes in_progress or resolved".into(),
                    })
                }
            }
            event("status", Some(next.status), state.agency.clone(), text)
        }
        Action::Reject { reason } => {
            if !matches!(state.status, S::Received | S::Verified) {
                return Err(invalid());
            }
            let reason = need_text("reason", reason)?;
            next.status = S::Rejected;
            next.due_at = None;
            event("rejected", Some(S::Rejected), None, Some(reason))
        }
        Action::Note { text } => {
            let text = need_text("text", text)?;
            let mut e = event("note", None, None, Some(text));
            e.internal = true;
            e
        }
        Action::Close { text } => {
            if state.status != S::Resolved {
                return Err(invalid());
            }
            let text = opt_text("text", text)?;
            next.status = S::Closed;
            event("status", Some(S::Closed), None, text)
        }
        Action::AutoClose => {
            if state.status != S::Resolved || state.reopen_until.is_none_or(|u| now < u) {
                return Err(invalid());
            }
            next.status = S::Closed;
            event("status", Some(S::Closed), None, None)
        }
        Action::Reply { text } => {
            if matches!(state.status, S::Closed | S::Rejected) {
                return Err(invalid());
            }
            event("reply", None, None, Some(need_text("text", text)?))
        }
        Action::Rate { rating, comment } => {
            let after_resolution = state.status == S::Resolved
                || (state.status == S::Closed && state.resolved_at.is_some());
            if !after_resolution {
                return Err(invalid());
            }
            if state.rated {
                return Err(WorkflowError::AlreadyRated);
            }
            if !(1..=5).contains(rating) {
                return Err(WorkflowError::Invalid {
                    field: "rating",
                    message: "must be 1 to 5".into(),
                });
            }
            next.rated = true;
            let mut e = event(
                "rating",
                None,
                None,
                opt_text("comment", &Some(comment.clone()))?,
            );
            e.rating = Some(*rating);
            e
        }
        Action::MergeInto {
            target_tracking, ..
        } => {
            if !is_open(state.status) {
                return Err(invalid());
            }
            next.status = S::Rejected;
            next.due_at = None;
            event(
                "merged",
                Some(S::Rejected),
                None,
                Some(merge_text(target_tracking)),
            )
        }
        Action::Reopen { reason } => {
            let reason = need_text("reason", reason)?;
            match state.status {
                S::Resolved if state.reopen_until.is_some_and(|u| now < u) => {}
                S::Resolved | S::Closed if state.resolved_at.is_some() => {
                    return Err(WorkflowError::ReopenWindowClosed)
                }
                _ => return Err(invalid()),
            }
            next.status = S::InProgress;
            next.resolved_at = None;
            next.reopen_until = None;
            next.rated = false;
            next.due_at = Some(cal.add_working_days(now, FOLLOW_UP_WORKING_DAYS));
            event(
                "reopened",
                Some(S::InProgress),
                state.agency.clone(),
                Some(reason),
            )
        }
    };
    Ok(Transition {
        state: next,
        event: ev,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComplaintStatus as S;

    const NOW: i64 = 1_790_000_000; // 2026-09-21 (a Monday), 21:33 Jakarta

    fn cal() -> Calendar {
        Calendar::default()
    }

    fn run(state: &State, actor: Actor, action: Action) -> Result<Transition, WorkflowError> {
        apply(state, &actor, &action, NOW, &cal())
    }

    fn received() -> State {
        State::received("dputr", NOW - 100, &cal())
    }

    fn assigned() -> State {
        run(
            &received(),
            Actor::Coordinator,
            Action::Assign {
                agency: "dputr".into(),
            },
        )
        .unwrap()
        .state
    }

    fn resolved() -> State {
        run(
            &assigned(),
            Actor::Agency("dputr".into()),
            Action::SetStatus {
                status: S::Resolved,
                text: Some("Sudah diperbaiki".into()),
            },
        )
        .unwrap()
        .state
    }

    #[test]
    fn merge_rejects_the_duplicate_with_a_public_event() {
        let merge = || Action::MergeInto {
            target_id: "t".into(),
            target_tracking: "MINI-2026-000002".into(),
        };
        for state in [received(), assigned()] {
            let t = run(&state, Actor::Coordinator, merge()).unwrap();
            assert_eq!(t.state.status, S::Rejected);
            assert_eq!(t.state.due_at, None);
            assert_eq!(t.event.kind, "merged");
            assert!(!t.event.internal);
            assert!(t.event.text.unwrap().contains("MINI-2026-000002"));
        }
        assert!(matches!(
            run(&resolved(), Actor::Coordinator, merge()),
            Err(WorkflowError::InvalidState { .. })
        ));
        assert!(matches!(
            run(&assigned(), Actor::Agency("dputr".into()), merge()),
            Err(WorkflowError::Forbidden(_))
        ));
        assert!(matches!(
            run(&received(), Actor::Viewer, merge()),
            Err(WorkflowError::Forbidden(_))
        ));
        assert!(check_merge_target("a", "a", S::Received).is_err());
        assert!(check_merge_target("a", "b", S::Rejected).is_err());
        assert!(check_merge_target("a", "b", S::Closed).is_err());
        assert!(check_merge_target("a", "b", S::Resolved).is_ok());
        assert!(check_merge_target("a", "b", S::InProgress).is_ok());
    }

    #[test]
    fn the_happy_path_runs_the_clocks() {
        let r = received();
        assert_eq!(r.status, S::Received);
        assert!(r.due_at.is_some());
        let v = run(&r, Actor::Coordinator, Action::Verify).unwrap();
        assert_eq!(v.state.status, S::Verified);
        assert_eq!(
            v.state.due_at, r.due_at,
            "verify and assign share one clock"
        );
        let a = run(
            &v.state,
            Actor::Coordinator,
            Action::Assign {
                agency: "dputr".into(),
            },
        )
        .unwrap();
        assert_eq!(a.state.status, S::Assigned);
        assert_eq!(
            a.state.due_at,
            Some(cal().add_working_days(NOW, FOLLOW_UP_WORKING_DAYS))
        );
        let p = run(
            &a.state,
            Actor::Agency("dputr".into()),
            Action::Respond {
                text: "Tim kami akan cek".into(),
            },
        )
        .unwrap();
        assert_eq!((p.state.status, p.state.due_at), (S::InProgress, None));
        assert_eq!(p.event.kind, "response");
        assert_eq!(p.event.actor, EventActor::Agency);
        let done = run(
            &p.state,
            Actor::Agency("dputr".into()),
            Action::SetStatus {
                status: S::Resolved,
                text: None,
            },
        )
        .unwrap();
        assert_eq!(done.state.resolved_at, Some(NOW));
        assert_eq!(
            done.state.reopen_until,
            Some(cal().add_working_days(NOW, REOPEN_WORKING_DAYS))
        );
        let closed = apply(
            &done.state,
            &Actor::System,
            &Action::AutoClose,
            done.state.reopen_until.unwrap(),
            &cal(),
        )
        .unwrap();
        assert_eq!(closed.state.status, S::Closed);
    }

    #[test]
    fn auto_close_waits_for_the_window() {
        let r = resolved();
        let err = apply(
            &r,
            &Actor::System,
            &Action::AutoClose,
            r.reopen_until.unwrap() - 1,
            &cal(),
        );
        assert!(matches!(err, Err(WorkflowError::InvalidState { .. })));
    }

    #[test]
    fn reject_only_before_assignment_and_with_a_reason() {
        let r = run(
            &received(),
            Actor::Coordinator,
            Action::Reject {
                reason: "Bukan kewenangan Pemkab".into(),
            },
        )
        .unwrap();
        assert_eq!(r.state.status, S::Rejected);
        assert_eq!(r.event.kind, "rejected");
        assert!(run(
            &received(),
            Actor::Coordinator,
            Action::Reject {
                reason: "  ".into()
            }
        )
        .is_err());
        assert!(matches!(
            run(
                &assigned(),
                Actor::Coordinator,
                Action::Reject { reason: "x".into() }
            ),
            Err(WorkflowError::InvalidState { .. })
        ));
    }

    #[test]
    fn forwarding_keeps_history_and_restarts_the_clock() {
        let f = run(
            &assigned(),
            Actor::Agency("dputr".into()),
            Action::Forward {
                agency: "dishub".into(),
                note: "Ini wewenang Dishub (PJU)".into(),
            },
        )
        .unwrap();
        assert_eq!(f.state.agency.as_deref(), Some("dishub"));
        assert_eq!(f.state.status, S::Assigned);
        assert_eq!(f.event.kind, "forwarded");
        assert_eq!(f.event.agency.as_deref(), Some("dishub"));
        // The old agency has lost it.
        assert!(matches!(
            run(
                &f.state,
                Actor::Agency("dputr".into()),
                Action::Respond { text: "x".into() }
            ),
            Err(WorkflowError::Forbidden(_))
        ));
        // A note is required.
        assert!(run(
            &assigned(),
            Actor::Agency("dputr".into()),
            Action::Forward {
                agency: "dishub".into(),
                note: "".into()
            }
        )
        .is_err());
    }

    #[test]
    fn roles_are_enforced() {
        let dishub = Actor::Agency("dishub".into());
        assert!(matches!(
            run(&assigned(), dishub, Action::Respond { text: "x".into() }),
            Err(WorkflowError::Forbidden(_))
        ));
        assert!(matches!(
            run(
                &received(),
                Actor::Agency("dputr".into()),
                Action::Note { text: "x".into() }
            ),
            Err(WorkflowError::Forbidden(_)),
        ));
        assert!(matches!(
            run(&received(), Actor::Agency("dputr".into()), Action::Verify),
            Err(WorkflowError::Forbidden(_))
        ));
        assert!(matches!(
            run(
                &assigned(),
                Actor::Viewer,
                Action::Note { text: "x".into() }
            ),
            Err(WorkflowError::Forbidden(_))
        ));
        assert!(matches!(
            run(&assigned(), Actor::Reporter, Action::Verify),
            Err(WorkflowError::Forbidden(_))
        ));
        assert!(matches!(
            run(
                &resolved(),
                Actor::Coordinator,
                Action::Reopen { reason: "x".into() }
            ),
            Err(WorkflowError::Forbidden(_))
        ));
        let note = run(
            &assigned(),
            Actor::Agency("dputr".into()),
            Action::Note {
                text: "cek anggaran".into(),
            },
        )
        .unwrap();
        assert!(note.event.internal);
        assert_eq!(note.state, assigned());
    }

    #[test]
    fn residents_rate_once_after_resolution_and_reopen_within_the_window() {
        assert!(matches!(
            run(
                &assigned(),
                Actor::Reporter,
                Action::Rate {
                    rating: 5,
                    comment: String::new()
                }
            ),
            Err(WorkflowError::InvalidState { .. })
        ));
        let rated = run(
            &resolved(),
            Actor::Reporter,
            Action::Rate {
                rating: 4,
                comment: "Terima kasih".into(),
            },
        )
        .unwrap();
        assert_eq!(rated.event.rating, Some(4));
        assert!(matches!(
            run(
                &rated.state,
                Actor::Reporter,
                Action::Rate {
                    rating: 5,
                    comment: String::new()
                }
            ),
            Err(WorkflowError::AlreadyRated)
        ));
        assert!(run(
            &resolved(),
            Actor::Reporter,
            Action::Rate {
                rating: 6,
                comment: String::new()
            }
        )
        .is_err());
        let reopened = run(
            &resolved(),
            Actor::Reporter,
            Action::Reopen {
                reason: "Masih berlubang".into(),
            },
        )
        .unwrap();
        assert_eq!(reopened.state.status, S::InProgress);
        assert!(reopened.state.due_at.is_some());
        let r = resolved();
        let late = apply(
            &r,
            &Actor::Reporter,
            &Action::Reopen { reason: "x".into() },
            r.reopen_until.unwrap(),
            &cal(),
        );
        assert_eq!(late, Err(WorkflowError::ReopenWindowClosed));
        assert!(matches!(
            run(
                &assigned(),
                Actor::Reporter,
                Action::Reopen { reason: "x".into() }
            ),
            Err(WorkflowError::InvalidState { .. })
        ));
    }

    #[test]
    fn overdue_only_while_someone_owes_an_answer() {
        let r = received();
        let due = r.due_at.unwrap();
        assert!(!r.overdue(due - 1));
        assert!(r.overdue(due));
        assert!(!resolved().overdue(i64::MAX));
    }
}
