//! SQLite statements for devices, complaints and uploads. Each function runs on the
//! one writer connection inside its own transaction; IMMEDIATE transactions take the
//! database's write lock up front, which is SQLite's form of "lock the client's row"
//! and of the counter-row lock (writers are serialized, versions commit in order).

use std::collections::{HashMap, HashSet};

use pati_protocol::{ComplaintCategory, ContentItem, Holiday, Rejection};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

use super::complaints::*;
use crate::complaints::plan::{self, ComplaintState, PushContext};
use crate::error::{Error, Result};
use crate::workflow::{self, Action, Actor};

fn immediate(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

pub(super) fn complaint_row(r: &Row) -> rusqlite::Result<ComplaintRow> {
    Ok(ComplaintRow {
        id: r.get(0)?,
        tracking_number: r.get(1)?,
        category: r.get(2)?,
        agency: r.get(3)?,
        title: r.get(4)?,
        description: r.get(5)?,
        lat: r.get(6)?,
        lon: r.get(7)?,
        kecamatan: r.get(8)?,
        desa: r.get(9)?,
        address: r.get(10)?,
        anonymous: r.get(11)?,
        confidential: r.get(12)?,
        status: r.get(13)?,
        reporter_device: r.get(14)?,
        reporter_phone: r.get(15)?,
        created_at: r.get(16)?,
        updated_at: r.get(17)?,
        due_at: r.get(18)?,
        resolved_at: r.get(19)?,
        reopen_until: r.get(20)?,
        rated: r.get(21)?,
        support_count: r.get(22)?,
        version: r.get(23)?,
        channel: r.get(24)?,
    })
}

pub(super) fn event_row(r: &Row) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        complaint_id: r.get(0)?,
        id: r.get(1)?,
        at: r.get(2)?,
        kind: r.get(3)?,
        actor: r.get(4)?,
        actor_name: r.get(5)?,
        status: r.get(6)?,
        agency: r.get(7)?,
        text: r.get(8)?,
        rating: r.get(9)?,
        internal: r.get(10)?,
    })
}

pub(super) fn query_complaints(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<ComplaintRecord>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params, complaint_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(ComplaintRow::into_record).collect()
}

/// Loads events (when `with_events`) and photos of the records.
pub(super) fn load_details(
    conn: &Connection,
    j: &str,
    records: &mut [ComplaintRecord],
    with_events: bool,
) -> Result<()> {
    let mut events = Vec::new();
    let mut photos = Vec::new();
    let mut ev = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM complaint_event WHERE jurisdiction = ?1 AND complaint_id = ?2 ORDER BY rowid"
    ))?;
    let mut ph = conn.prepare_cached(
        "SELECT p.complaint_id, p.sha256, b.sha256 IS NOT NULL FROM complaint_photo p
         LEFT JOIN blob b ON b.jurisdiction = p.jurisdiction AND b.sha256 = p.sha256
         WHERE p.jurisdiction = ?1 AND p.complaint_id = ?2 ORDER BY p.position",
    )?;
    for r in records.iter() {
        if with_events {
            for e in ev.query_map(params![j, r.id], event_row)? {
                events.push(e?.into_record()?);
            }
        }
        for p in ph.query_map(params![j, r.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            photos.push(p?);
        }
    }
    attach(records, events, photos);
    Ok(())
}

/// Takes `n` versions and `c` tracking numbers; returns the last of each.
fn bump_counter(tx: &Transaction, j: &str, n: i64, c: i64) -> Result<(i64, i64)> {
    Ok(tx.query_row(
        "INSERT INTO complaint_counter(jurisdiction, version, tracking) VALUES (?1, ?2, ?3)
         ON CONFLICT(jurisdiction) DO UPDATE SET version = version + ?2, tracking = tracking + ?3
         RETURNING version, tracking",
        params![j, n, c],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

fn insert_event(tx: &Transaction, j: &str, e: &EventRecord) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO complaint_event(jurisdiction, id, complaint_id, at, kind, actor, actor_name, status, agency, text, rating, internal)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        j,
        e.id,
        e.complaint_id,
        e.at,
        e.kind,
        crate::complaints::actor_str(e.actor),
        e.actor_name,
        e.status.map(|s| s.as_str()),
        e.agency,
        e.text,
        e.rating.map(i64::from),
        e.internal
    ])?;
    if let Some(f) = EventFacts::of(e) {
        let sql = facts_update_sql([
            "?1", "?2", "?3", "?4", "?5", "?6", "?7", "?8", "?9", "?10", "?11",
        ]);
        let [r1, r2, r3, r4, r5] = f.ratings;
        tx.prepare_cached(&sql)?.execute(params![
            j,
            e.complaint_id,
            f.assigned_at,
            f.rejected_at,
            f.followed_up_at,
            f.resolved_at,
            r1,
            r2,
            r3,
            r4,
            r5
        ])?;
    }
    Ok(())
}

/// Writes a complaint's new state (or only its version) after a change.
fn update_complaint(
    tx: &Transaction,
    j: &str,
    id: &str,
    state: Option<&workflow::State>,
    version: i64,
    now: i64,
) -> Result<()> {
    match state {
        Some(s) => tx
            .prepare_cached(
                "UPDATE complaint SET status = ?3, agency = ?4, due_at = ?5, resolved_at = ?6, reopen_until = ?7,
                        rated = ?8, version = ?9, updated_at = ?10
                 WHERE jurisdiction = ?1 AND id = ?2",
            )?
            .execute(params![
                j,
                id,
                s.status.as_str(),
                s.agency,
                s.due_at,
                s.resolved_at,
                s.reopen_until,
                s.rated,
                version,
                now
            ])?,
        None => tx
            .prepare_cached(
                "UPDATE complaint SET version = ?3, updated_at = ?4 WHERE jurisdiction = ?1 AND id = ?2",
            )?
            .execute(params![j, id, version, now])?,
    };
    Ok(())
}

fn write_plan(tx: &Transaction, j: &str, client_id: &str, now: i64, n: &Numbered) -> Result<()> {
    let plan = n.plan;
    for ((c, version), tracking) in plan.creates.iter().zip(&n.create_versions).zip(&n.tracking) {
        tx.prepare_cached(
            "INSERT INTO complaint(jurisdiction, id, tracking_number, category, agency, title, description,
                lat, lon, kecamatan, desa, address, anonymous, confidential, status, reporter_device,
                reporter_phone, created_at, updated_at, due_at, resolved_at, reopen_until, rated,
                support_count, version, channel)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18,
                ?19, ?20, ?21, ?22, 0, ?23,
                (SELECT platform FROM device WHERE jurisdiction = ?1 AND client_id = ?16))",
        )?
        .execute(params![
            j,
            c.id,
            tracking,
            c.category,
            c.state.agency,
            c.title,
            c.description,
            c.location.lat,
            c.location.lon,
            c.location.kecamatan,
            c.location.desa,
            c.location.address,
            c.anonymous,
            c.confidential,
            c.state.status.as_str(),
            c.reporter_device,
            c.reporter_phone,
            c.created_at,
            c.state.due_at,
            c.state.resolved_at,
            c.state.reopen_until,
            c.state.rated,
            version
        ])?;
        for (pos, sha) in c.photos.iter().enumerate() {
            tx.prepare_cached(
                "INSERT INTO complaint_photo(jurisdiction, complaint_id, sha256, position) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![j, c.id, sha, pos as i64])?;
        }
    }
    for e in &plan.events {
        insert_event(tx, j, e)?;
    }
    for id in &plan.supports {
        tx.prepare_cached(
            "INSERT INTO complaint_support(jurisdiction, complaint_id, client_id, at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![j, id, client_id, now])?;
        tx.prepare_cached(
            "UPDATE complaint SET support_count = support_count + 1 WHERE jurisdiction = ?1 AND id = ?2",
        )?
        .execute(params![j, id])?;
    }
    let states: HashMap<&str, &workflow::State> = plan
        .state_changes
        .iter()
        .map(|(id, s)| (id.as_str(), s))
        .collect();
    for (id, version) in plan.touched.iter().zip(&n.touched_versions) {
        update_complaint(tx, j, id, states.get(id.as_str()).copied(), *version, now)?;
    }
    for (r, version) in plan.rejections.iter().zip(&n.rejection_versions) {
        tx.prepare_cached(
            "INSERT INTO rejection(jurisdiction, client_id, seq, mutation, entity_id, code, field, message, version, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            j, client_id, r.seq, r.mutation, r.entity_id, r.code, r.field, r.message, version, now
        ])?;
    }
    Ok(())
}

fn categories(tx: &Transaction, j: &str) -> Result<HashMap<String, String>> {
    let mut stmt = tx.prepare_cached(
        "SELECT data FROM content_item WHERE jurisdiction = ?1 AND kind = 'complaint_category' AND data IS NOT NULL",
    )?;
    let rows = stmt
        .query_map([j], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    category_map(rows)
}

pub(crate) fn category_map(rows: Vec<String>) -> Result<HashMap<String, String>> {
    rows.into_iter()
        .map(|d| match serde_json::from_str::<ContentItem>(&d) {
            Ok(ContentItem::ComplaintCategory(ComplaintCategory { id, agency, .. })) => {
                Ok((id, agency))
            }
            _ => Err(Error::Corrupt("complaint_category row".into())),
        })
        .collect()
}

fn complaint_state(tx: &Transaction, j: &str, id: &str) -> Result<Option<ComplaintState>> {
    let row = tx
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = ?1 AND id = ?2"
        ))?
        .query_row(params![j, id], complaint_row)
        .optional()?;
    row.map(|r| {
        let rec = r.into_record()?;
        Ok(ComplaintState {
            id: rec.id,
            reporter_device: rec.reporter_device,
            reporter_phone: rec.reporter_phone,
            confidential: rec.confidential,
            state: rec.state,
        })
    })
    .transpose()
}

pub(super) fn push(conn: &mut Connection, p: PushInput) -> Result<PushOutcome> {
    let j = p.jurisdiction.as_str();
    let tx = immediate(conn)?;
    let (last_seq, phone): (i64, Option<String>) = tx
        .query_row(
            "SELECT last_seq, phone FROM device WHERE jurisdiction = ?1 AND client_id = ?2",
            params![j, p.client_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("device {}", p.client_id)))?;
    let (dups, new) = match split_push(p.mutations, last_seq) {
        Ok(x) => x,
        Err(gap) => return Ok(gap),
    };
    let Some(new_last) = new.last().map(|m| m.seq) else {
        return Ok(PushOutcome::Done {
            last_seq,
            results: results(&dups, None),
        });
    };
    let refs = plan::references(&new);
    let mut known_areas = HashSet::new();
    for code in &refs.area_codes {
        let found = tx
            .prepare_cached(
                "SELECT 1 FROM content_item WHERE jurisdiction = ?1 AND kind IN ('kecamatan', 'desa')
                 AND key = ?2 AND data IS NOT NULL",
            )?
            .exists(params![j, code])?;
        if found {
            known_areas.insert(code.clone());
        }
    }
    let mut complaints = HashMap::new();
    let mut supported = HashSet::new();
    for id in &refs.complaint_ids {
        if let Some(c) = complaint_state(&tx, j, id)? {
            complaints.insert(id.clone(), c);
        }
        if tx
            .prepare_cached(
                "SELECT 1 FROM complaint_support WHERE jurisdiction = ?1 AND complaint_id = ?2 AND client_id = ?3",
            )?
            .exists(params![j, id, p.client_id])?
        {
            supported.insert(id.clone());
        }
    }
    let mut taken = HashSet::new();
    for id in &refs.event_ids {
        if tx
            .prepare_cached("SELECT 1 FROM complaint_event WHERE jurisdiction = ?1 AND id = ?2")?
            .exists(params![j, id])?
        {
            taken.insert(id.clone());
        }
    }
    let creates = new
        .iter()
        .any(|m| m.name == pati_protocol::mutation::COMPLAINT_CREATE_V1);
    let anonymous_last_day = if creates {
        tx.prepare_cached(
            "SELECT COUNT(*) FROM complaint WHERE jurisdiction = ?1 AND reporter_device = ?2
             AND reporter_phone IS NULL AND created_at > ?3",
        )?
        .query_row(params![j, p.client_id, p.now - 86_400], |r| r.get(0))?
    } else {
        0
    };
    let mut ctx = PushContext {
        jurisdiction: j,
        now: p.now,
        client_id: &p.client_id,
        phone: phone.as_deref(),
        categories: if creates {
            categories(&tx, j)?
        } else {
            HashMap::new()
        },
        known_areas,
        complaints,
        supported,
        taken_event_ids: taken,
        anonymous_last_day,
        anonymous_per_day: p.anonymous_per_day,
        calendar: &p.calendar,
    };
    let planned = plan::plan(&mut ctx, &new);
    let (n, c) = planned.needs();
    let (last_version, last_tracking) = if n > 0 {
        bump_counter(&tx, j, n, c)?
    } else {
        (0, 0)
    };
    let numbered = number(&planned, j, p.now, last_version, last_tracking);
    write_plan(&tx, j, &p.client_id, p.now, &numbered)?;
    tx.execute(
        "UPDATE device SET last_seq = ?3, updated_at = ?4 WHERE jurisdiction = ?1 AND client_id = ?2",
        params![j, p.client_id, new_last, p.now],
    )?;
    let results = results(&dups, Some(&numbered));
    tx.commit()?;
    Ok(PushOutcome::Done {
        last_seq: new_last,
        results,
    })
}

pub(super) fn my_complaints(
    conn: &mut Connection,
    j: &str,
    client_id: &str,
    phone: Option<&str>,
    since: i64,
    limit: usize,
) -> Result<MinePage> {
    // One read transaction: the counter and the rows come from one snapshot.
    let tx = conn.transaction()?;
    let current: i64 = tx
        .query_row(
            "SELECT version FROM complaint_counter WHERE jurisdiction = ?1",
            [j],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    if since > current {
        return Err(Error::bad_request(
            "invalid_cursor",
            "the cursor is newer than this server's data: pull again without a cursor",
        ));
    }
    let fetch = (limit + 1) as i64;
    let complaints = query_complaints(
        &tx,
        &format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = ?1 AND reporter_device = ?2 AND version > ?4
             UNION
             SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = ?1 AND reporter_phone = ?3 AND version > ?4
             UNION
             {}
             ORDER BY version LIMIT ?5",
            followed_sql(["?1", "?2", "?3", "?4"])
        ),
        params![j, client_id, phone, since, fetch],
    )?;
    let rejections: Vec<(Rejection, i64)> = tx
        .prepare_cached(
            "SELECT seq, mutation, entity_id, code, field, message, version FROM rejection
             WHERE jurisdiction = ?1 AND client_id = ?2 AND version > ?3 ORDER BY version LIMIT ?4",
        )?
        .query_map(params![j, client_id, since, fetch], |r| {
            Ok((
                Rejection {
                    seq: r.get(0)?,
                    mutation: r.get(1)?,
                    entity_id: r.get(2)?,
                    code: r.get(3)?,
                    field: r.get(4)?,
                    message: r.get(5)?,
                },
                r.get(6)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let cv: Vec<i64> = complaints.iter().map(|c| c.version).collect();
    let rv: Vec<i64> = rejections.iter().map(|r| r.1).collect();
    let (nc, nr, version, has_more) = cut_mine_page(&cv, &rv, limit, current);
    let mut complaints: Vec<_> = complaints.into_iter().take(nc).collect();
    load_details(&tx, j, &mut complaints, true)?;
    Ok(MinePage {
        complaints,
        rejections: rejections.into_iter().take(nr).map(|r| r.0).collect(),
        version,
        has_more,
    })
}

pub(super) fn complaint(
    conn: &mut Connection,
    j: &str,
    id: &str,
) -> Result<Option<ComplaintRecord>> {
    let tx = conn.transaction()?;
    let mut list = query_complaints(
        &tx,
        &format!("SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = ?1 AND id = ?2"),
        params![j, id],
    )?;
    load_details(&tx, j, &mut list, true)?;
    Ok(list.pop())
}

pub(super) fn public_complaints(
    conn: &mut Connection,
    j: &str,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<ComplaintRecord>> {
    let mut list = query_complaints(
        conn,
        &format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint
             WHERE jurisdiction = ?1 AND confidential = 0 AND status <> 'rejected' AND created_at < ?2
             ORDER BY created_at DESC, id DESC LIMIT ?3"
        ),
        params![j, before.unwrap_or(i64::MAX), limit as i64],
    )?;
    load_details(conn, j, &mut list, false)?;
    Ok(list)
}

pub(super) fn similar_candidates(
    conn: &mut Connection,
    q: SimilarQuery,
) -> Result<Vec<ComplaintRecord>> {
    let (a, b, c, d) = q.bbox.unwrap_or((1.0, -1.0, 1.0, -1.0));
    query_complaints(
        conn,
        &format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint
             WHERE jurisdiction = ?1 AND category = ?2 AND confidential = 0
               AND status NOT IN ('rejected', 'closed')
               AND (desa = ?3 OR (lat BETWEEN ?4 AND ?5 AND lon BETWEEN ?6 AND ?7))
             ORDER BY created_at DESC LIMIT ?8"
        ),
        params![
            q.jurisdiction,
            q.category,
            q.desa,
            a,
            b,
            c,
            d,
            q.limit as i64
        ],
    )
}

pub(super) fn admin_complaints(
    conn: &mut Connection,
    j: &str,
    f: AdminFilter,
) -> Result<Vec<ComplaintRecord>> {
    let q = f.q.as_deref().map(like_pattern);
    let mut list = query_complaints(
        conn,
        &format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint
             WHERE jurisdiction = ?1
               AND (?2 IS NULL OR status = ?2)
               AND (?3 IS NULL OR agency = ?3)
               AND (?4 IS NULL OR (due_at <= ?4 AND status NOT IN ('resolved', 'closed', 'rejected')))
               AND (?5 IS NULL OR lower(title) LIKE ?5 ESCAPE '\\' OR lower(description) LIKE ?5 ESCAPE '\\'
                    OR lower(tracking_number) LIKE ?5 ESCAPE '\\')
               AND (?6 = 0 OR status IN ('assigned', 'in_progress', 'resolved', 'closed'))
               AND (?9 IS NULL OR category = ?9)
               AND (?10 IS NULL OR kecamatan = ?10)
             ORDER BY created_at DESC, id DESC LIMIT ?7 OFFSET ?8"
        ),
        params![
            j,
            f.status.map(|s| s.as_str()),
            f.agency,
            f.overdue_at,
            q,
            f.assigned_only,
            f.limit as i64,
            f.offset as i64,
            f.category,
            f.kecamatan
        ],
    )?;
    load_details(conn, j, &mut list, false)?;
    Ok(list)
}

pub(super) fn complaint_facts(
    conn: &mut Connection,
    j: &str,
    q: FactsQuery,
) -> Result<Vec<ComplaintFacts>> {
    let sql = super::complaints::facts_sql(["?1", "?2", "?3", "?4"]);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![j, q.from, q.to, q.agency], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<i64>>(5)?,
            [r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
            [r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?, r.get(14)?],
            r.get::<_, Option<String>>(15)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (created_at, category, agency, kecamatan, status, due_at, t, ratings, channel) = row?;
        let [assigned_at, rejected_at, followed_up_at, resolved_at]: [Option<i64>; 4] = t;
        out.push(ComplaintFacts {
            created_at,
            category,
            agency,
            kecamatan,
            status: parse_status(&status)?,
            due_at,
            assigned_at,
            rejected_at,
            followed_up_at,
            resolved_at,
            ratings,
            channel,
        });
    }
    Ok(out)
}

/// Applies one workflow transition to a locked complaint: event, state, version.
#[allow(clippy::too_many_arguments)]
fn transition(
    tx: &Transaction,
    j: &str,
    id: &str,
    actor: &Actor,
    action: &Action,
    actor_name: Option<String>,
    now: i64,
    cal: &workflow::Calendar,
) -> Result<ActionResult> {
    let current =
        complaint_state(tx, j, id)?.ok_or_else(|| Error::NotFound(format!("complaint {id}")))?;
    let t = workflow::apply(&current.state, actor, action, now, cal)?;
    let event = EventRecord::from_workflow(
        uuid::Uuid::now_v7().to_string(),
        id,
        now,
        t.event,
        actor_name,
    );
    insert_event(tx, j, &event)?;
    let (version, _) = bump_counter(tx, j, 1, 0)?;
    update_complaint(tx, j, id, Some(&t.state), version, now)?;
    Ok(ActionResult {
        state: t.state,
        event,
        version,
    })
}

pub(super) fn complaint_action(conn: &mut Connection, a: StaffAction) -> Result<ActionResult> {
    let tx = immediate(conn)?;
    let j = a.jurisdiction.as_str();
    if let Action::MergeInto { target_id, .. } = &a.action {
        let target = complaint_state(&tx, j, target_id)?
            .ok_or_else(|| Error::NotFound(format!("complaint {target_id}")))?;
        workflow::check_merge_target(&a.complaint_id, target_id, target.state.status)?;
    }
    let r = transition(
        &tx,
        &a.jurisdiction,
        &a.complaint_id,
        &a.actor,
        &a.action,
        Some(a.actor_name.clone()),
        a.now,
        &a.calendar,
    )?;
    if let Action::MergeInto { target_id, .. } = &a.action {
        // The duplicate's reporter counts as one more supporter of the target, whose
        // new version lets devices pull the new count.
        tx.prepare_cached(
            "UPDATE complaint SET support_count = support_count + 1 WHERE jurisdiction = ?1 AND id = ?2",
        )?
        .execute(params![j, target_id])?;
        // The duplicate's reporter, and whoever followed the duplicate, now follow
        // the target (migration 008).
        tx.prepare_cached(
            "INSERT OR IGNORE INTO complaint_follower(jurisdiction, complaint_id, follower_id, at)
             SELECT ?1, ?2, ?3, ?4
             UNION
             SELECT jurisdiction, ?2, follower_id, ?4 FROM complaint_follower
             WHERE jurisdiction = ?1 AND complaint_id = ?3 AND follower_id <> ?2",
        )?
        .execute(params![j, target_id, a.complaint_id, a.now])?;
        let (version, _) = bump_counter(&tx, j, 1, 0)?;
        update_complaint(&tx, j, target_id, None, version, a.now)?;
    }
    super::sqlite::insert_audit(&tx, &a.audit, a.now)?;
    tx.commit()?;
    Ok(r)
}

pub(super) fn auto_close(
    conn: &mut Connection,
    j: &str,
    now: i64,
    cal: &workflow::Calendar,
) -> Result<Vec<String>> {
    let tx = immediate(conn)?;
    let ids: Vec<String> = tx
        .prepare_cached(
            "SELECT id FROM complaint WHERE jurisdiction = ?1 AND status = 'resolved' AND reopen_until <= ?2 ORDER BY id",
        )?
        .query_map(params![j, now], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in &ids {
        transition(
            &tx,
            j,
            id,
            &Actor::System,
            &Action::AutoClose,
            None,
            now,
            cal,
        )?;
    }
    tx.commit()?;
    Ok(ids)
}

// ------------------------------------------------------------------ devices

pub(super) fn register_device(conn: &mut Connection, d: NewDevice) -> Result<bool> {
    let tx = immediate(conn)?;
    let n = tx.execute(
        "INSERT INTO device(jurisdiction, client_id, platform, app_version, refresh_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT DO NOTHING",
        params![d.jurisdiction, d.client_id, d.platform, d.app_version, d.refresh_hash, d.now],
    )?;
    if n == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO access_token(jurisdiction, token_hash, client_id, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![d.jurisdiction, d.access_hash, d.client_id, d.access_expires_at],
    )?;
    tx.commit()?;
    Ok(true)
}

pub(super) fn refresh_device(conn: &mut Connection, r: DeviceRefresh) -> Result<bool> {
    let tx = immediate(conn)?;
    // Three tokens stay valid so neither a lost answer nor a duplicated request
    // (both answered, one delivered) costs the device its identity:
    // - the current one: using it retires the others;
    // - the previous one (a refresh whose answer may have been lost): using it mints
    //   a new current and keeps the replaced, unused current as `older`, since the
    //   device may hold either answer;
    // - `older`: using it retires the others, like the current one.
    let n = tx.execute(
        "UPDATE device SET
            older_refresh_hash = CASE WHEN prev_refresh_hash = ?3 THEN refresh_hash ELSE NULL END,
            prev_refresh_hash = CASE WHEN prev_refresh_hash = ?3 THEN prev_refresh_hash ELSE ?3 END,
            refresh_hash = ?4, updated_at = ?5
         WHERE jurisdiction = ?1 AND client_id = ?2
           AND ?3 IN (refresh_hash, prev_refresh_hash, older_refresh_hash)",
        params![
            r.jurisdiction,
            r.client_id,
            r.presented_hash,
            r.new_refresh_hash,
            r.now
        ],
    )?;
    if n == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO access_token(jurisdiction, token_hash, client_id, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![r.jurisdiction, r.access_hash, r.client_id, r.access_expires_at],
    )?;
    tx.commit()?;
    Ok(true)
}

pub(super) fn access_token(
    conn: &mut Connection,
    j: &str,
    hash: &str,
    now: i64,
) -> Result<TokenLookup> {
    let row: Option<(String, i64, Option<String>)> = conn
        .prepare_cached(
            "SELECT t.client_id, t.expires_at, d.phone FROM access_token t
             JOIN device d ON d.jurisdiction = t.jurisdiction AND d.client_id = t.client_id
             WHERE t.jurisdiction = ?1 AND t.token_hash = ?2",
        )?
        .query_row(params![j, hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(match row {
        None => TokenLookup::Unknown,
        Some((_, exp, _)) if exp <= now => TokenLookup::Expired,
        Some((client_id, _, phone)) => TokenLookup::Valid(DeviceAuth {
            jurisdiction: j.to_owned(),
            client_id,
            phone,
        }),
    })
}

pub(super) fn start_phone_challenge(conn: &mut Connection, c: NewPhoneChallenge) -> Result<()> {
    conn.execute(
        "INSERT INTO phone_challenge(jurisdiction, client_id, phone, salt, code_hash, attempts, expires_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)
         ON CONFLICT(jurisdiction, client_id) DO UPDATE SET phone = excluded.phone, salt = excluded.salt,
            code_hash = excluded.code_hash, attempts = 0, expires_at = excluded.expires_at, created_at = excluded.created_at",
        params![c.jurisdiction, c.client_id, c.phone, c.salt, c.code_hash, c.expires_at, c.now],
    )?;
    Ok(())
}

pub(super) fn verify_phone(
    conn: &mut Connection,
    j: &str,
    client_id: &str,
    phone: &str,
    code: &str,
    now: i64,
    max_attempts: i64,
) -> Result<PhoneCheck> {
    let tx = immediate(conn)?;
    let row: Option<(String, String, String, i64, i64)> = tx
        .query_row(
            "SELECT phone, salt, code_hash, attempts, expires_at FROM phone_challenge
             WHERE jurisdiction = ?1 AND client_id = ?2",
            params![j, client_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((c_phone, salt, hash, attempts, expires_at)) = row else {
        return Ok(PhoneCheck::NoChallenge);
    };
    if c_phone != phone {
        return Ok(PhoneCheck::NoChallenge);
    }
    if attempts >= max_attempts {
        return Ok(PhoneCheck::TooManyAttempts);
    }
    if expires_at <= now {
        return Ok(PhoneCheck::Expired);
    }
    if !crate::accounts::constant_time_eq(&otp_hash(&salt, code), &hash) {
        tx.execute(
            "UPDATE phone_challenge SET attempts = attempts + 1 WHERE jurisdiction = ?1 AND client_id = ?2",
            params![j, client_id],
        )?;
        tx.commit()?;
        return Ok(PhoneCheck::Wrong {
            remaining: max_attempts - attempts - 1,
        });
    }
    tx.execute(
        "DELETE FROM phone_challenge WHERE jurisdiction = ?1 AND client_id = ?2",
        params![j, client_id],
    )?;
    tx.execute(
        "UPDATE device SET phone = ?3, phone_verified_at = ?4, updated_at = ?4 WHERE jurisdiction = ?1 AND client_id = ?2",
        params![j, client_id, phone, now],
    )?;
    tx.commit()?;
    Ok(PhoneCheck::Verified)
}

pub(super) fn device(
    conn: &mut Connection,
    j: &str,
    client_id: &str,
) -> Result<Option<DeviceInfo>> {
    Ok(conn
        .query_row(
            "SELECT client_id, platform, app_version, last_seq, phone, created_at FROM device
             WHERE jurisdiction = ?1 AND client_id = ?2",
            params![j, client_id],
            |r| {
                Ok(DeviceInfo {
                    client_id: r.get(0)?,
                    platform: r.get(1)?,
                    app_version: r.get(2)?,
                    last_seq: r.get(3)?,
                    phone: r.get(4)?,
                    created_at: r.get(5)?,
                })
            },
        )
        .optional()?)
}

// ------------------------------------------------------------------ holidays

pub(super) fn set_holidays(conn: &mut Connection, j: &str, holidays: Vec<Holiday>) -> Result<()> {
    let tx = immediate(conn)?;
    tx.execute("DELETE FROM holiday WHERE jurisdiction = ?1", [j])?;
    for h in holidays {
        tx.execute(
            "INSERT INTO holiday(jurisdiction, date, name) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![j, h.date, h.name],
        )?;
    }
    tx.commit()?;
    Ok(())
}

pub(super) fn holidays(conn: &mut Connection, j: &str) -> Result<Vec<Holiday>> {
    let mut stmt = conn
        .prepare_cached("SELECT date, name FROM holiday WHERE jurisdiction = ?1 ORDER BY date")?;
    let rows = stmt
        .query_map([j], |r| {
            Ok(Holiday {
                date: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

// ------------------------------------------------------------------ uploads

fn upload_state_in(conn: &Connection, j: &str, sha: &str) -> Result<UploadState> {
    if let Some(length) = conn
        .query_row(
            "SELECT length FROM blob WHERE jurisdiction = ?1 AND sha256 = ?2",
            params![j, sha],
            |r| r.get(0),
        )
        .optional()?
    {
        return Ok(UploadState::Complete { length });
    }
    Ok(conn
        .query_row(
            "SELECT length, received FROM upload WHERE jurisdiction = ?1 AND sha256 = ?2",
            params![j, sha],
            |r| {
                Ok(UploadState::Partial {
                    length: r.get(0)?,
                    offset: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or(UploadState::Missing))
}

pub(super) fn upload_state(conn: &mut Connection, j: &str, sha: &str) -> Result<UploadState> {
    upload_state_in(conn, j, sha)
}

pub(super) fn upload_create(
    conn: &mut Connection,
    j: &str,
    sha: &str,
    length: i64,
    client_id: &str,
    now: i64,
) -> Result<UploadState> {
    let tx = immediate(conn)?;
    match upload_state_in(&tx, j, sha)? {
        UploadState::Missing => {
            tx.execute(
                "INSERT INTO upload(jurisdiction, sha256, length, received, client_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, ?5)",
                params![j, sha, length, client_id, now],
            )?;
            tx.commit()?;
            Ok(UploadState::Partial { length, offset: 0 })
        }
        UploadState::Partial { length: l, .. } if l != length => Err(length_mismatch(l)),
        s => Ok(s),
    }
}

pub(crate) fn length_mismatch(l: i64) -> Error {
    Error::api(
        axum::http::StatusCode::CONFLICT,
        "length_mismatch",
        format!("an upload of this blob with length {l} is in progress"),
    )
}

pub(super) fn upload_append(
    conn: &mut Connection,
    j: &str,
    sha: &str,
    offset: i64,
    data: Vec<u8>,
    now: i64,
) -> Result<UploadState> {
    let tx = immediate(conn)?;
    match upload_state_in(&tx, j, sha)? {
        UploadState::Missing => Err(Error::NotFound(format!("upload {sha}"))),
        UploadState::Complete { length } => Err(Error::UploadOffset { offset: length }),
        UploadState::Partial { offset: at, .. } if at != offset => {
            Err(Error::UploadOffset { offset: at })
        }
        UploadState::Partial { length, offset: at } => {
            let end = at + data.len() as i64;
            if end > length {
                return Err(Error::api(
                    axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    "the chunk goes past the upload's length",
                ));
            }
            if !data.is_empty() {
                tx.execute(
                    "INSERT INTO upload_chunk(jurisdiction, sha256, \"offset\", data) VALUES (?1, ?2, ?3, ?4)",
                    params![j, sha, at, data],
                )?;
            }
            tx.execute(
                "UPDATE upload SET received = ?3, updated_at = ?4 WHERE jurisdiction = ?1 AND sha256 = ?2",
                params![j, sha, end, now],
            )?;
            tx.commit()?;
            Ok(UploadState::Partial {
                length,
                offset: end,
            })
        }
    }
}

pub(super) fn upload_bytes(conn: &mut Connection, j: &str, sha: &str) -> Result<Vec<u8>> {
    let mut stmt = conn.prepare_cached(
        "SELECT data FROM upload_chunk WHERE jurisdiction = ?1 AND sha256 = ?2 ORDER BY \"offset\"",
    )?;
    let mut out = Vec::new();
    for chunk in stmt.query_map(params![j, sha], |r| r.get::<_, Vec<u8>>(0))? {
        out.extend_from_slice(&chunk?);
    }
    Ok(out)
}

pub(super) fn upload_discard(conn: &mut Connection, j: &str, sha: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM upload WHERE jurisdiction = ?1 AND sha256 = ?2",
        params![j, sha],
    )?;
    Ok(())
}

pub(super) fn blob_complete(conn: &mut Connection, b: BlobInfo) -> Result<()> {
    let tx = immediate(conn)?;
    let j = b.jurisdiction.as_str();
    let inserted = tx.execute(
        "INSERT INTO blob(jurisdiction, sha256, length, content_type, width, height, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
        params![
            j,
            b.sha256,
            b.length,
            b.content_type,
            b.width,
            b.height,
            b.created_at
        ],
    )?;
    tx.execute(
        "DELETE FROM upload WHERE jurisdiction = ?1 AND sha256 = ?2",
        params![j, b.sha256],
    )?;
    if inserted > 0 {
        let ids: Vec<String> = tx
            .prepare_cached(
                "SELECT DISTINCT complaint_id FROM complaint_photo WHERE jurisdiction = ?1 AND sha256 = ?2 ORDER BY complaint_id",
            )?
            .query_map(params![j, b.sha256], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if !ids.is_empty() {
            let (last, _) = bump_counter(&tx, j, ids.len() as i64, 0)?;
            let first = last - ids.len() as i64 + 1;
            for (i, id) in ids.iter().enumerate() {
                update_complaint(&tx, j, id, None, first + i as i64, b.created_at)?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

pub(super) fn blob(conn: &mut Connection, j: &str, sha: &str) -> Result<Option<BlobInfo>> {
    Ok(conn
        .query_row(
            "SELECT length, content_type, width, height, created_at FROM blob WHERE jurisdiction = ?1 AND sha256 = ?2",
            params![j, sha],
            |r| {
                Ok(BlobInfo {
                    jurisdiction: j.to_owned(),
                    sha256: sha.to_owned(),
                    length: r.get(0)?,
                    content_type: r.get(1)?,
                    width: r.get(2)?,
                    height: r.get(3)?,
                    created_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

pub(super) fn purge_uploads(conn: &mut Connection, before: i64) -> Result<u64> {
    Ok(conn.execute("DELETE FROM upload WHERE updated_at < ?1", [before])? as u64)
}

pub(super) fn purge_access_tokens(conn: &mut Connection, before: i64) -> Result<u64> {
    Ok(conn.execute("DELETE FROM access_token WHERE expires_at < ?1", [before])? as u64)
}
