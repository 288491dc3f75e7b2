//! PostgreSQL statements for devices, complaints and uploads. Lock order, the same
//! everywhere so concurrent transactions cannot deadlock: the client's `device` row,
//! then complaint rows (by id), then the jurisdiction's `complaint_counter` row,
//! which is taken last and held until commit so versions become visible in order.

use std::collections::{HashMap, HashSet};

use deadpool_postgres::{GenericClient, Pool, Transaction};
use pati_protocol::{Holiday, Rejection};
use tokio_postgres::{IsolationLevel, Row};

use super::complaints::*;
use crate::complaints::plan::{self, ComplaintState, PushContext};
use crate::error::{Error, Result};
use crate::workflow::{self, Action, Actor};

fn complaint_row(r: &Row) -> Result<ComplaintRow> {
    Ok(ComplaintRow {
        id: r.try_get(0)?,
        tracking_number: r.try_get(1)?,
        category: r.try_get(2)?,
        agency: r.try_get(3)?,
        title: r.try_get(4)?,
        description: r.try_get(5)?,
        lat: r.try_get(6)?,
        lon: r.try_get(7)?,
        kecamatan: r.try_get(8)?,
        desa: r.try_get(9)?,
        address: r.try_get(10)?,
        anonymous: r.try_get(11)?,
        confidential: r.try_get(12)?,
        status: r.try_get(13)?,
        reporter_device: r.try_get(14)?,
        reporter_phone: r.try_get(15)?,
        created_at: r.try_get(16)?,
        updated_at: r.try_get(17)?,
        due_at: r.try_get(18)?,
        resolved_at: r.try_get(19)?,
        reopen_until: r.try_get(20)?,
        rated: r.try_get(21)?,
        support_count: r.try_get(22)?,
        version: r.try_get(23)?,
        channel: r.try_get(24)?,
    })
}

pub(super) fn records(rows: Vec<Row>) -> Result<Vec<ComplaintRecord>> {
    rows.iter()
        .map(|r| complaint_row(r)?.into_record())
        .collect()
}

pub(super) fn event_row(r: &Row) -> Result<EventRecord> {
    EventRow {
        complaint_id: r.try_get(0)?,
        id: r.try_get(1)?,
        at: r.try_get(2)?,
        kind: r.try_get(3)?,
        actor: r.try_get(4)?,
        actor_name: r.try_get(5)?,
        status: r.try_get(6)?,
        agency: r.try_get(7)?,
        text: r.try_get(8)?,
        rating: r.try_get::<_, Option<i16>>(9)?.map(i64::from),
        internal: r.try_get(10)?,
    }
    .into_record()
}

pub(super) async fn load_details<C: GenericClient>(
    c: &C,
    j: &str,
    records: &mut [ComplaintRecord],
    with_events: bool,
) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let mut events = Vec::new();
    if with_events {
        let stmt = c
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM complaint_event
                 WHERE jurisdiction = $1 AND complaint_id = ANY($2) ORDER BY seq"
            ))
            .await?;
        for r in c.query(&stmt, &[&j, &ids]).await? {
            events.push(event_row(&r)?);
        }
    }
    let stmt = c
        .prepare_cached(
            "SELECT p.complaint_id, p.sha256, b.sha256 IS NOT NULL FROM complaint_photo p
             LEFT JOIN blob b ON b.jurisdiction = p.jurisdiction AND b.sha256 = p.sha256
             WHERE p.jurisdiction = $1 AND p.complaint_id = ANY($2) ORDER BY p.complaint_id, p.position",
        )
        .await?;
    let photos = c
        .query(&stmt, &[&j, &ids])
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<Result<Vec<_>>>()?;
    attach(records, events, photos);
    Ok(())
}

/// Takes `n` versions and `c` tracking numbers; returns the last of each.
async fn bump_counter(tx: &Transaction<'_>, j: &str, n: i64, c: i64) -> Result<(i64, i64)> {
    let stmt = tx
        .prepare_cached(
            "INSERT INTO complaint_counter(jurisdiction, version, tracking) VALUES ($1, $2, $3)
             ON CONFLICT(jurisdiction) DO UPDATE SET version = complaint_counter.version + $2,
                 tracking = complaint_counter.tracking + $3
             RETURNING version, tracking",
        )
        .await?;
    let row = tx.query_one(&stmt, &[&j, &n, &c]).await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

async fn insert_events(tx: &Transaction<'_>, j: &str, events: &[EventRecord]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let col = |f: fn(&EventRecord) -> Option<String>| events.iter().map(f).collect::<Vec<_>>();
    let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    let cids: Vec<&str> = events.iter().map(|e| e.complaint_id.as_str()).collect();
    let at: Vec<i64> = events.iter().map(|e| e.at).collect();
    let kind: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    let actor: Vec<&str> = events
        .iter()
        .map(|e| crate::complaints::actor_str(e.actor))
        .collect();
    let actor_name = col(|e| e.actor_name.clone());
    let status = col(|e| e.status.map(|s| s.as_str().to_owned()));
    let agency = col(|e| e.agency.clone());
    let text = col(|e| e.text.clone());
    let rating: Vec<Option<i16>> = events.iter().map(|e| e.rating.map(i16::from)).collect();
    let internal: Vec<bool> = events.iter().map(|e| e.internal).collect();
    let stmt = tx
        .prepare_cached(
            "INSERT INTO complaint_event(jurisdiction, id, complaint_id, at, kind, actor, actor_name, status, agency, text, rating, internal)
             SELECT $1, id, cid, at, kind, actor, actor_name, status, agency, text, rating, internal
             FROM UNNEST($2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::text[],
                 $8::text[], $9::text[], $10::text[], $11::int2[], $12::bool[])
                 WITH ORDINALITY AS u(id, cid, at, kind, actor, actor_name, status, agency, text, rating, internal, n)
             ORDER BY n",
        )
        .await?;
    tx.execute(
        &stmt,
        &[
            &j,
            &ids,
            &cids,
            &at,
            &kind,
            &actor,
            &actor_name,
            &status,
            &agency,
            &text,
            &rating,
            &internal,
        ],
    )
    .await?;
    // Events that stop a clock or carry a rating are few (none in a batch of
    // creates): one update each, in order, on rows this transaction already holds.
    let facts: Vec<_> = events
        .iter()
        .filter_map(|e| EventFacts::of(e).map(|f| (e, f)))
        .collect();
    if !facts.is_empty() {
        let stmt = tx
            .prepare_cached(&facts_update_sql([
                "$1",
                "$2",
                "$3::int8",
                "$4::int8",
                "$5::int8",
                "$6::int8",
                "$7::int8",
                "$8::int8",
                "$9::int8",
                "$10::int8",
                "$11::int8",
            ]))
            .await?;
        for (e, f) in facts {
            let [r1, r2, r3, r4, r5] = f.ratings;
            tx.execute(
                &stmt,
                &[
                    &j,
                    &e.complaint_id,
                    &f.assigned_at,
                    &f.rejected_at,
                    &f.followed_up_at,
                    &f.resolved_at,
                    &r1,
                    &r2,
                    &r3,
                    &r4,
                    &r5,
                ],
            )
            .await?;
        }
    }
    Ok(())
}

async fn update_complaint(
    tx: &Transaction<'_>,
    j: &str,
    id: &str,
    state: Option<&workflow::State>,
    version: i64,
    now: i64,
) -> Result<()> {
    match state {
        Some(s) => {
            let stmt = tx
                .prepare_cached(
                    "UPDATE complaint SET status = $3, agency = $4, due_at = $5, resolved_at = $6,
                        reopen_until = $7, rated = $8, version = $9, updated_at = $10
                     WHERE jurisdiction = $1 AND id = $2",
                )
                .await?;
            tx.execute(
                &stmt,
                &[
                    &j,
                    &id,
                    &s.status.as_str(),
                    &s.agency,
                    &s.due_at,
                    &s.resolved_at,
                    &s.reopen_until,
                    &s.rated,
                    &version,
                    &now,
                ],
            )
            .await?;
        }
        None => {
            let stmt = tx
                .prepare_cached(
                    "UPDATE complaint SET version = $3, updated_at = $4 WHERE jurisdiction = $1 AND id = $2",
                )
                .await?;
            tx.execute(&stmt, &[&j, &id, &version, &now]).await?;
        }
    }
    Ok(())
}

/// Supports (rows of complaints already locked by this transaction).
async fn write_supports(
    tx: &Transaction<'_>,
    j: &str,
    client_id: &str,
    now: i64,
    supports: &[String],
) -> Result<()> {
    for id in supports {
        let stmt = tx
            .prepare_cached(
                "INSERT INTO complaint_support(jurisdiction, complaint_id, client_id, at) VALUES ($1, $2, $3, $4)",
            )
            .await?;
        tx.execute(&stmt, &[&j, id, &client_id, &now]).await?;
        let stmt = tx
            .prepare_cached(
                "UPDATE complaint SET support_count = support_count + 1 WHERE jurisdiction = $1 AND id = $2",
            )
            .await?;
        tx.execute(&stmt, &[&j, id]).await?;
    }
    Ok(())
}

/// Writes a numbered plan with one statement per table (arrays through UNNEST), so
/// a batch of creates costs a handful of round trips whatever its size.
async fn write_plan(
    tx: &Transaction<'_>,
    j: &str,
    client_id: &str,
    now: i64,
    n: &Numbered<'_>,
) -> Result<()> {
    let plan = n.plan;
    if !plan.creates.is_empty() {
        let cs = &plan.creates;
        let s = |f: fn(&NewComplaint) -> &str| cs.iter().map(f).collect::<Vec<&str>>();
        let o = |f: fn(&NewComplaint) -> Option<String>| cs.iter().map(f).collect::<Vec<_>>();
        let f = |f: fn(&NewComplaint) -> Option<f64>| cs.iter().map(f).collect::<Vec<_>>();
        let i = |f: fn(&NewComplaint) -> Option<i64>| cs.iter().map(f).collect::<Vec<_>>();
        let b = |f: fn(&NewComplaint) -> bool| cs.iter().map(f).collect::<Vec<_>>();
        let ids = s(|c| &c.id);
        let category = s(|c| &c.category);
        let agency = o(|c| c.state.agency.clone());
        let title = s(|c| &c.title);
        let description = s(|c| &c.description);
        let lat = f(|c| c.location.lat);
        let lon = f(|c| c.location.lon);
        let kecamatan = o(|c| c.location.kecamatan.clone());
        let desa = o(|c| c.location.desa.clone());
        let address = o(|c| c.location.address.clone());
        let anonymous = b(|c| c.anonymous);
        let confidential = b(|c| c.confidential);
        let status = s(|c| c.state.status.as_str());
        let reporter = s(|c| &c.reporter_device);
        let phone = o(|c| c.reporter_phone.clone());
        let created: Vec<i64> = cs.iter().map(|c| c.created_at).collect();
        let due = i(|c| c.state.due_at);
        let resolved = i(|c| c.state.resolved_at);
        let reopen = i(|c| c.state.reopen_until);
        let rated = b(|c| c.state.rated);
        let stmt = tx
            .prepare_cached(
                "INSERT INTO complaint(jurisdiction, id, tracking_number, category, agency, title, description,
                    lat, lon, kecamatan, desa, address, anonymous, confidential, status, reporter_device,
                    reporter_phone, created_at, updated_at, due_at, resolved_at, reopen_until, rated,
                    support_count, version, channel)
                 SELECT $1, id, tn, cat, ag, ti, de, la, lo, ke, ds, ad, an, co, st, rd, rp, ca, ca, du, re, ro, ra, 0, ve,
                    (SELECT d.platform FROM device d WHERE d.jurisdiction = $1 AND d.client_id = u.rd)
                 FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::float8[], $9::float8[], $10::text[], $11::text[], $12::text[], $13::bool[], $14::bool[],
                    $15::text[], $16::text[], $17::text[], $18::int8[], $19::int8[], $20::int8[], $21::int8[],
                    $22::bool[], $23::int8[])
                    AS u(id, tn, cat, ag, ti, de, la, lo, ke, ds, ad, an, co, st, rd, rp, ca, du, re, ro, ra, ve)",
            )
            .await?;
        tx.execute(
            &stmt,
            &[
                &j,
                &ids,
                &n.tracking,
                &category,
                &agency,
                &title,
                &description,
                &lat,
                &lon,
                &kecamatan,
                &desa,
                &address,
                &anonymous,
                &confidential,
                &status,
                &reporter,
                &phone,
                &created,
                &due,
                &resolved,
                &reopen,
                &rated,
                &n.create_versions,
            ],
        )
        .await?;
        let mut p_ids = Vec::new();
        let mut p_sha = Vec::new();
        let mut p_pos = Vec::new();
        for c in cs {
            for (pos, sha) in c.photos.iter().enumerate() {
                p_ids.push(c.id.as_str());
                p_sha.push(sha.as_str());
                p_pos.push(pos as i64);
            }
        }
        if !p_ids.is_empty() {
            let stmt = tx
                .prepare_cached(
                    "INSERT INTO complaint_photo(jurisdiction, complaint_id, sha256, position)
                     SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::int8[])",
                )
                .await?;
            tx.execute(&stmt, &[&j, &p_ids, &p_sha, &p_pos]).await?;
        }
    }
    insert_events(tx, j, &plan.events).await?;
    let states: HashMap<&str, &workflow::State> = plan
        .state_changes
        .iter()
        .map(|(id, s)| (id.as_str(), s))
        .collect();
    for (id, version) in plan.touched.iter().zip(&n.touched_versions) {
        update_complaint(tx, j, id, states.get(id.as_str()).copied(), *version, now).await?;
    }
    if !plan.rejections.is_empty() {
        let rs = &plan.rejections;
        let seq: Vec<i64> = rs.iter().map(|r| r.seq).collect();
        let mutation: Vec<&str> = rs.iter().map(|r| r.mutation.as_str()).collect();
        let entity: Vec<Option<String>> = rs.iter().map(|r| r.entity_id.clone()).collect();
        let code: Vec<&str> = rs.iter().map(|r| r.code.as_str()).collect();
        let field: Vec<Option<String>> = rs.iter().map(|r| r.field.clone()).collect();
        let message: Vec<&str> = rs.iter().map(|r| r.message.as_str()).collect();
        let stmt = tx
            .prepare_cached(
                "INSERT INTO rejection(jurisdiction, client_id, seq, mutation, entity_id, code, field, message, version, at)
                 SELECT $1, $2, seq, mu, en, co, fi, me, ve, $3
                 FROM UNNEST($4::int8[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int8[])
                    AS u(seq, mu, en, co, fi, me, ve)",
            )
            .await?;
        tx.execute(
            &stmt,
            &[
                &j,
                &client_id,
                &now,
                &seq,
                &mutation,
                &entity,
                &code,
                &field,
                &message,
                &n.rejection_versions,
            ],
        )
        .await?;
    }
    Ok(())
}

fn state_of(rec: ComplaintRecord) -> ComplaintState {
    ComplaintState {
        id: rec.id,
        reporter_device: rec.reporter_device,
        reporter_phone: rec.reporter_phone,
        confidential: rec.confidential,
        state: rec.state,
    }
}

pub(super) async fn push(pool: &Pool, p: PushInput) -> Result<PushOutcome> {
    let j = p.jurisdiction.as_str();
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let stmt = tx
        .prepare_cached(
            "SELECT last_seq, phone FROM device WHERE jurisdiction = $1 AND client_id = $2 FOR UPDATE",
        )
        .await?;
    let row = tx
        .query_opt(&stmt, &[&j, &p.client_id])
        .await?
        .ok_or_else(|| Error::NotFound(format!("device {}", p.client_id)))?;
    let last_seq: i64 = row.try_get(0)?;
    let phone: Option<String> = row.try_get(1)?;
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
    let creates = new
        .iter()
        .any(|m| m.name == pati_protocol::mutation::COMPLAINT_CREATE_V1);
    let mut known_areas = HashSet::new();
    if !refs.area_codes.is_empty() {
        let stmt = tx
            .prepare_cached(
                "SELECT key FROM content_item WHERE jurisdiction = $1 AND kind IN ('kecamatan', 'desa')
                 AND key = ANY($2) AND data IS NOT NULL",
            )
            .await?;
        for r in tx.query(&stmt, &[&j, &refs.area_codes]).await? {
            known_areas.insert(r.try_get::<_, String>(0)?);
        }
    }
    let mut complaints = HashMap::new();
    let mut supported = HashSet::new();
    if !refs.complaint_ids.is_empty() {
        let stmt = tx
            .prepare_cached(&format!(
                "SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = $1 AND id = ANY($2)
                 ORDER BY id FOR UPDATE"
            ))
            .await?;
        for rec in records(tx.query(&stmt, &[&j, &refs.complaint_ids]).await?)? {
            complaints.insert(rec.id.clone(), state_of(rec));
        }
        if !complaints.is_empty() {
            let stmt = tx
                .prepare_cached(
                    "SELECT complaint_id FROM complaint_support
                     WHERE jurisdiction = $1 AND client_id = $2 AND complaint_id = ANY($3)",
                )
                .await?;
            for r in tx
                .query(&stmt, &[&j, &p.client_id, &refs.complaint_ids])
                .await?
            {
                supported.insert(r.try_get::<_, String>(0)?);
            }
        }
    }
    let mut taken = HashSet::new();
    if !refs.event_ids.is_empty() {
        let stmt = tx
            .prepare_cached(
                "SELECT id FROM complaint_event WHERE jurisdiction = $1 AND id = ANY($2)",
            )
            .await?;
        for r in tx.query(&stmt, &[&j, &refs.event_ids]).await? {
            taken.insert(r.try_get::<_, String>(0)?);
        }
    }
    let (anonymous_last_day, categories) = if creates {
        let stmt = tx
            .prepare_cached(
                "SELECT COUNT(*) FROM complaint WHERE jurisdiction = $1 AND reporter_device = $2
                 AND reporter_phone IS NULL AND created_at > $3",
            )
            .await?;
        let n: i64 = tx
            .query_one(&stmt, &[&j, &p.client_id, &(p.now - 86_400)])
            .await?
            .try_get(0)?;
        let stmt = tx
            .prepare_cached(
                "SELECT data FROM content_item WHERE jurisdiction = $1 AND kind = 'complaint_category' AND data IS NOT NULL",
            )
            .await?;
        let rows = tx
            .query(&stmt, &[&j])
            .await?
            .iter()
            .map(|r| r.try_get::<_, String>(0))
            .collect::<Result<Vec<_>, _>>()?;
        (n, super::sqlite_complaints::category_map(rows)?)
    } else {
        (0, HashMap::new())
    };
    let mut ctx = PushContext {
        jurisdiction: j,
        now: p.now,
        client_id: &p.client_id,
        phone: phone.as_deref(),
        categories,
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
    // Writes that need no version come before the counter (the device row is ours
    // already): the counter's lock then covers only the versioned writes and the commit.
    let stmt = tx
        .prepare_cached(
            "UPDATE device SET last_seq = $3, updated_at = $4 WHERE jurisdiction = $1 AND client_id = $2",
        )
        .await?;
    tx.execute(&stmt, &[&j, &p.client_id, &new_last, &p.now])
        .await?;
    write_supports(&tx, j, &p.client_id, p.now, &planned.supports).await?;
    let (last_version, last_tracking) = if n > 0 {
        bump_counter(&tx, j, n, c).await?
    } else {
        (0, 0)
    };
    let numbered = number(&planned, j, p.now, last_version, last_tracking);
    write_plan(&tx, j, &p.client_id, p.now, &numbered).await?;
    let results = results(&dups, Some(&numbered));
    tx.commit().await?;
    Ok(PushOutcome::Done {
        last_seq: new_last,
        results,
    })
}

pub(super) async fn my_complaints(
    pool: &Pool,
    j: &str,
    client_id: &str,
    phone: Option<&str>,
    since: i64,
    limit: usize,
) -> Result<MinePage> {
    let mut client = pool.get().await?;
    // One snapshot for the counter and the rows.
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let current: i64 = tx
        .query_opt(
            "SELECT version FROM complaint_counter WHERE jurisdiction = $1",
            &[&j],
        )
        .await?
        .map(|r| r.try_get(0))
        .transpose()?
        .unwrap_or(0);
    if since > current {
        return Err(Error::bad_request(
            "invalid_cursor",
            "the cursor is newer than this server's data: pull again without a cursor",
        ));
    }
    let fetch = (limit + 1) as i64;
    let stmt = tx
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = $1 AND reporter_device = $2 AND version > $4
             UNION
             SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = $1 AND reporter_phone = $3 AND version > $4
             UNION
             {}
             ORDER BY version LIMIT $5",
            followed_sql(["$1", "$2", "$3", "$4"])
        ))
        .await?;
    let complaints = records(
        tx.query(&stmt, &[&j, &client_id, &phone, &since, &fetch])
            .await?,
    )?;
    let stmt = tx
        .prepare_cached(
            "SELECT seq, mutation, entity_id, code, field, message, version FROM rejection
             WHERE jurisdiction = $1 AND client_id = $2 AND version > $3 ORDER BY version LIMIT $4",
        )
        .await?;
    let rejections = tx
        .query(&stmt, &[&j, &client_id, &since, &fetch])
        .await?
        .iter()
        .map(|r| {
            Ok((
                Rejection {
                    seq: r.try_get(0)?,
                    mutation: r.try_get(1)?,
                    entity_id: r.try_get(2)?,
                    code: r.try_get(3)?,
                    field: r.try_get(4)?,
                    message: r.try_get(5)?,
                },
                r.try_get::<_, i64>(6)?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let cv: Vec<i64> = complaints.iter().map(|c| c.version).collect();
    let rv: Vec<i64> = rejections.iter().map(|r| r.1).collect();
    let (nc, nr, version, has_more) = cut_mine_page(&cv, &rv, limit, current);
    let mut complaints: Vec<_> = complaints.into_iter().take(nc).collect();
    load_details(&tx, j, &mut complaints, true).await?;
    tx.commit().await?;
    Ok(MinePage {
        complaints,
        rejections: rejections.into_iter().take(nr).map(|r| r.0).collect(),
        version,
        has_more,
    })
}

pub(super) async fn complaint(pool: &Pool, j: &str, id: &str) -> Result<Option<ComplaintRecord>> {
    let mut client = pool.get().await?;
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let stmt = tx
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = $1 AND id = $2"
        ))
        .await?;
    let mut list = records(tx.query(&stmt, &[&j, &id]).await?)?;
    load_details(&tx, j, &mut list, true).await?;
    tx.commit().await?;
    Ok(list.pop())
}

pub(super) async fn public_complaints(
    pool: &Pool,
    j: &str,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<ComplaintRecord>> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint
             WHERE jurisdiction = $1 AND NOT confidential AND status <> 'rejected' AND created_at < $2
             ORDER BY created_at DESC, id DESC LIMIT $3"
        ))
        .await?;
    let mut list = records(
        client
            .query(&stmt, &[&j, &before.unwrap_or(i64::MAX), &(limit as i64)])
            .await?,
    )?;
    load_details(&client, j, &mut list, false).await?;
    Ok(list)
}

pub(super) async fn similar_candidates(
    pool: &Pool,
    q: SimilarQuery,
) -> Result<Vec<ComplaintRecord>> {
    let client = pool.get().await?;
    let (a, b, c, d) = q.bbox.unwrap_or((1.0, -1.0, 1.0, -1.0));
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint
             WHERE jurisdiction = $1 AND category = $2 AND NOT confidential
               AND status NOT IN ('rejected', 'closed')
               AND (desa = $3 OR (lat BETWEEN $4 AND $5 AND lon BETWEEN $6 AND $7))
             ORDER BY created_at DESC LIMIT $8"
        ))
        .await?;
    records(
        client
            .query(
                &stmt,
                &[
                    &q.jurisdiction,
                    &q.category,
                    &q.desa,
                    &a,
                    &b,
                    &c,
                    &d,
                    &(q.limit as i64),
                ],
            )
            .await?,
    )
}

pub(super) async fn admin_complaints(
    pool: &Pool,
    j: &str,
    f: AdminFilter,
) -> Result<Vec<ComplaintRecord>> {
    let client = pool.get().await?;
    let q = f.q.as_deref().map(like_pattern);
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint
             WHERE jurisdiction = $1
               AND ($2::text IS NULL OR status = $2)
               AND ($3::text IS NULL OR agency = $3)
               AND ($4::int8 IS NULL OR (due_at <= $4 AND status NOT IN ('resolved', 'closed', 'rejected')))
               AND ($5::text IS NULL OR lower(title) LIKE $5 OR lower(description) LIKE $5
                    OR lower(tracking_number) LIKE $5)
               AND (NOT $6 OR status IN ('assigned', 'in_progress', 'resolved', 'closed'))
               AND ($9::text IS NULL OR category = $9)
               AND ($10::text IS NULL OR kecamatan = $10)
             ORDER BY created_at DESC, id DESC LIMIT $7 OFFSET $8"
        ))
        .await?;
    let mut list = records(
        client
            .query(
                &stmt,
                &[
                    &j,
                    &f.status.map(|s| s.as_str()),
                    &f.agency,
                    &f.overdue_at,
                    &q,
                    &f.assigned_only,
                    &(f.limit as i64),
                    &(f.offset as i64),
                    &f.category,
                    &f.kecamatan,
                ],
            )
            .await?,
    )?;
    load_details(&client, j, &mut list, false).await?;
    Ok(list)
}

pub(super) async fn complaint_facts(
    pool: &Pool,
    j: &str,
    q: FactsQuery,
) -> Result<Vec<ComplaintFacts>> {
    let client = pool.get().await?;
    let sql = super::complaints::facts_sql(["$1", "$2::int8", "$3::int8", "$4::text"]);
    let stmt = client.prepare_cached(&sql).await?;
    let rows = client
        .query(&stmt, &[&j, &q.from, &q.to, &q.agency])
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let status: String = r.try_get(4)?;
        let mut ratings = [0i64; 5];
        for (i, slot) in ratings.iter_mut().enumerate() {
            *slot = r.try_get(10 + i)?;
        }
        out.push(ComplaintFacts {
            created_at: r.try_get(0)?,
            category: r.try_get(1)?,
            agency: r.try_get(2)?,
            kecamatan: r.try_get(3)?,
            status: parse_status(&status)?,
            due_at: r.try_get(5)?,
            assigned_at: r.try_get(6)?,
            rejected_at: r.try_get(7)?,
            followed_up_at: r.try_get(8)?,
            resolved_at: r.try_get(9)?,
            ratings,
            channel: r.try_get(15)?,
        });
    }
    Ok(out)
}

/// Applies one workflow transition to a complaint: locks its row, decides, appends
/// the event, takes a version, writes the state.
#[allow(clippy::too_many_arguments)]
async fn transition(
    tx: &Transaction<'_>,
    j: &str,
    id: &str,
    actor: &Actor,
    action: &Action,
    actor_name: Option<String>,
    now: i64,
    cal: &workflow::Calendar,
) -> Result<ActionResult> {
    let stmt = tx
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = $1 AND id = $2 FOR UPDATE"
        ))
        .await?;
    let current = records(tx.query(&stmt, &[&j, &id]).await?)?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("complaint {id}")))?;
    let t = workflow::apply(&current.state, actor, action, now, cal)?;
    let event = EventRecord::from_workflow(
        uuid::Uuid::now_v7().to_string(),
        id,
        now,
        t.event,
        actor_name,
    );
    insert_events(tx, j, std::slice::from_ref(&event)).await?;
    let (version, _) = bump_counter(tx, j, 1, 0).await?;
    update_complaint(tx, j, id, Some(&t.state), version, now).await?;
    Ok(ActionResult {
        state: t.state,
        event,
        version,
    })
}

pub(super) async fn complaint_action(pool: &Pool, a: StaffAction) -> Result<ActionResult> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let j = a.jurisdiction.as_str();
    if let Action::MergeInto { target_id, .. } = &a.action {
        // Lock both rows in id order, so two opposite merges cannot deadlock.
        let mut ids = vec![a.complaint_id.clone(), target_id.clone()];
        ids.sort_unstable();
        let stmt = tx
            .prepare_cached(
                "SELECT id FROM complaint WHERE jurisdiction = $1 AND id = ANY($2) ORDER BY id FOR UPDATE",
            )
            .await?;
        tx.query(&stmt, &[&j, &ids]).await?;
        let stmt = tx
            .prepare_cached(&format!(
                "SELECT {COMPLAINT_COLUMNS} FROM complaint WHERE jurisdiction = $1 AND id = $2"
            ))
            .await?;
        let target = records(tx.query(&stmt, &[&j, target_id]).await?)?
            .pop()
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
    )
    .await?;
    if let Action::MergeInto { target_id, .. } = &a.action {
        // The duplicate's reporter counts as one more supporter of the target, whose
        // new version lets devices pull the new count.
        let stmt = tx
            .prepare_cached(
                "UPDATE complaint SET support_count = support_count + 1 WHERE jurisdiction = $1 AND id = $2",
            )
            .await?;
        tx.execute(&stmt, &[&j, target_id]).await?;
        // The duplicate's reporter, and whoever followed the duplicate, now follow
        // the target (migration 008).
        let stmt = tx
            .prepare_cached(
                "INSERT INTO complaint_follower(jurisdiction, complaint_id, follower_id, at)
                 SELECT $1::text, $2::text, $3::text, $4::int8
                 UNION
                 SELECT jurisdiction, $2::text, follower_id, $4::int8 FROM complaint_follower
                 WHERE jurisdiction = $1 AND complaint_id = $3 AND follower_id <> $2
                 ON CONFLICT DO NOTHING",
            )
            .await?;
        tx.execute(&stmt, &[&j, target_id, &a.complaint_id, &a.now])
            .await?;
        let (version, _) = bump_counter(&tx, j, 1, 0).await?;
        update_complaint(&tx, j, target_id, None, version, a.now).await?;
    }
    super::postgres::insert_audit(&tx, &a.audit, a.now).await?;
    tx.commit().await?;
    Ok(r)
}

pub(super) async fn auto_close(
    pool: &Pool,
    j: &str,
    now: i64,
    cal: &workflow::Calendar,
) -> Result<Vec<String>> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let ids: Vec<String> = tx
        .query(
            "SELECT id FROM complaint WHERE jurisdiction = $1 AND status = 'resolved' AND reopen_until <= $2
             ORDER BY id FOR UPDATE",
            &[&j, &now],
        )
        .await?
        .iter()
        .map(|r| r.try_get(0))
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
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ids)
}

// ------------------------------------------------------------------ devices

pub(super) async fn register_device(pool: &Pool, d: NewDevice) -> Result<bool> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let n = tx
        .execute(
            "INSERT INTO device(jurisdiction, client_id, platform, app_version, refresh_hash, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING",
            &[&d.jurisdiction, &d.client_id, &d.platform, &d.app_version, &d.refresh_hash, &d.now],
        )
        .await?;
    if n == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO access_token(jurisdiction, token_hash, client_id, expires_at) VALUES ($1, $2, $3, $4)",
        &[&d.jurisdiction, &d.access_hash, &d.client_id, &d.access_expires_at],
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn refresh_device(pool: &Pool, r: DeviceRefresh) -> Result<bool> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // The UPDATE locks the row, so two refreshes apply one after the other.
    // Three tokens stay valid so neither a lost answer nor a duplicated request
    // (both answered, one delivered) costs the device its identity:
    // - the current one: using it retires the others;
    // - the previous one (a refresh whose answer may have been lost): using it mints
    //   a new current and keeps the replaced, unused current as `older`, since the
    //   device may hold either answer;
    // - `older`: using it retires the others, like the current one.
    let n = tx
        .execute(
            "UPDATE device SET
                older_refresh_hash = CASE WHEN prev_refresh_hash = $3 THEN refresh_hash ELSE NULL END,
                prev_refresh_hash = CASE WHEN prev_refresh_hash = $3 THEN prev_refresh_hash ELSE $3 END,
                refresh_hash = $4, updated_at = $5
             WHERE jurisdiction = $1 AND client_id = $2
               AND $3 IN (refresh_hash, prev_refresh_hash, older_refresh_hash)",
            &[&r.jurisdiction, &r.client_id, &r.presented_hash, &r.new_refresh_hash, &r.now],
        )
        .await?;
    if n == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO access_token(jurisdiction, token_hash, client_id, expires_at) VALUES ($1, $2, $3, $4)",
        &[&r.jurisdiction, &r.access_hash, &r.client_id, &r.access_expires_at],
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn access_token(
    pool: &Pool,
    j: &str,
    hash: &str,
    now: i64,
) -> Result<TokenLookup> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(
            "SELECT t.client_id, t.expires_at, d.phone FROM access_token t
             JOIN device d ON d.jurisdiction = t.jurisdiction AND d.client_id = t.client_id
             WHERE t.jurisdiction = $1 AND t.token_hash = $2",
        )
        .await?;
    let Some(row) = client.query_opt(&stmt, &[&j, &hash]).await? else {
        return Ok(TokenLookup::Unknown);
    };
    if row.try_get::<_, i64>(1)? <= now {
        return Ok(TokenLookup::Expired);
    }
    Ok(TokenLookup::Valid(DeviceAuth {
        jurisdiction: j.to_owned(),
        client_id: row.try_get(0)?,
        phone: row.try_get(2)?,
    }))
}

pub(super) async fn purge_access_tokens(pool: &Pool, before: i64) -> Result<u64> {
    let client = pool.get().await?;
    Ok(client
        .execute("DELETE FROM access_token WHERE expires_at < $1", &[&before])
        .await?)
}

pub(super) async fn start_phone_challenge(pool: &Pool, c: NewPhoneChallenge) -> Result<()> {
    let client = pool.get().await?;
    client
        .execute(
            "INSERT INTO phone_challenge(jurisdiction, client_id, phone, salt, code_hash, attempts, expires_at, created_at)
             VALUES ($1, $2, $3, $4, $5, 0, $6, $7)
             ON CONFLICT(jurisdiction, client_id) DO UPDATE SET phone = excluded.phone, salt = excluded.salt,
                code_hash = excluded.code_hash, attempts = 0, expires_at = excluded.expires_at,
                created_at = excluded.created_at",
            &[&c.jurisdiction, &c.client_id, &c.phone, &c.salt, &c.code_hash, &c.expires_at, &c.now],
        )
        .await?;
    Ok(())
}

pub(super) async fn verify_phone(
    pool: &Pool,
    j: &str,
    client_id: &str,
    phone: &str,
    code: &str,
    now: i64,
    max_attempts: i64,
) -> Result<PhoneCheck> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let Some(row) = tx
        .query_opt(
            "SELECT phone, salt, code_hash, attempts, expires_at FROM phone_challenge
             WHERE jurisdiction = $1 AND client_id = $2 FOR UPDATE",
            &[&j, &client_id],
        )
        .await?
    else {
        return Ok(PhoneCheck::NoChallenge);
    };
    let (c_phone, salt, hash, attempts, expires_at): (String, String, String, i64, i64) = (
        row.try_get(0)?,
        row.try_get(1)?,
        row.try_get(2)?,
        row.try_get(3)?,
        row.try_get(4)?,
    );
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
            "UPDATE phone_challenge SET attempts = attempts + 1 WHERE jurisdiction = $1 AND client_id = $2",
            &[&j, &client_id],
        )
        .await?;
        tx.commit().await?;
        return Ok(PhoneCheck::Wrong {
            remaining: max_attempts - attempts - 1,
        });
    }
    tx.execute(
        "DELETE FROM phone_challenge WHERE jurisdiction = $1 AND client_id = $2",
        &[&j, &client_id],
    )
    .await?;
    tx.execute(
        "UPDATE device SET phone = $3, phone_verified_at = $4, updated_at = $4 WHERE jurisdiction = $1 AND client_id = $2",
        &[&j, &client_id, &phone, &now],
    )
    .await?;
    tx.commit().await?;
    Ok(PhoneCheck::Verified)
}

pub(super) async fn device(pool: &Pool, j: &str, client_id: &str) -> Result<Option<DeviceInfo>> {
    let client = pool.get().await?;
    let row = client
        .query_opt(
            "SELECT client_id, platform, app_version, last_seq, phone, created_at FROM device
             WHERE jurisdiction = $1 AND client_id = $2",
            &[&j, &client_id],
        )
        .await?;
    row.map(|r| {
        Ok(DeviceInfo {
            client_id: r.try_get(0)?,
            platform: r.try_get(1)?,
            app_version: r.try_get(2)?,
            last_seq: r.try_get(3)?,
            phone: r.try_get(4)?,
            created_at: r.try_get(5)?,
        })
    })
    .transpose()
}

// ------------------------------------------------------------------ holidays

pub(super) async fn set_holidays(pool: &Pool, j: &str, holidays: Vec<Holiday>) -> Result<()> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("DELETE FROM holiday WHERE jurisdiction = $1", &[&j])
        .await?;
    let dates: Vec<&str> = holidays.iter().map(|h| h.date.as_str()).collect();
    let names: Vec<&str> = holidays.iter().map(|h| h.name.as_str()).collect();
    tx.execute(
        "INSERT INTO holiday(jurisdiction, date, name) SELECT $1, * FROM UNNEST($2::text[], $3::text[])
         ON CONFLICT DO NOTHING",
        &[&j, &dates, &names],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn holidays(pool: &Pool, j: &str) -> Result<Vec<Holiday>> {
    let client = pool.get().await?;
    client
        .query(
            "SELECT date, name FROM holiday WHERE jurisdiction = $1 ORDER BY date",
            &[&j],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(Holiday {
                date: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        })
        .collect()
}

// ------------------------------------------------------------------ uploads

async fn blob_length<C: GenericClient>(c: &C, j: &str, sha: &str) -> Result<Option<i64>> {
    Ok(c.query_opt(
        "SELECT length FROM blob WHERE jurisdiction = $1 AND sha256 = $2",
        &[&j, &sha],
    )
    .await?
    .map(|r| r.try_get(0))
    .transpose()?)
}

async fn upload_state_in<C: GenericClient>(
    c: &C,
    j: &str,
    sha: &str,
    lock: bool,
) -> Result<UploadState> {
    if let Some(length) = blob_length(c, j, sha).await? {
        return Ok(UploadState::Complete { length });
    }
    let sql = if lock {
        "SELECT length, received FROM upload WHERE jurisdiction = $1 AND sha256 = $2 FOR UPDATE"
    } else {
        "SELECT length, received FROM upload WHERE jurisdiction = $1 AND sha256 = $2"
    };
    Ok(match c.query_opt(sql, &[&j, &sha]).await? {
        Some(r) => UploadState::Partial {
            length: r.try_get(0)?,
            offset: r.try_get(1)?,
        },
        // Each statement sees its own snapshot (READ COMMITTED): a finish that
        // committed between the two reads stored the blob and removed the upload
        // at once, so look for the blob again before calling it missing.
        None => match blob_length(c, j, sha).await? {
            Some(length) => UploadState::Complete { length },
            None => UploadState::Missing,
        },
    })
}

pub(super) async fn upload_state(pool: &Pool, j: &str, sha: &str) -> Result<UploadState> {
    let client = pool.get().await?;
    upload_state_in(&client, j, sha, false).await
}

pub(super) async fn upload_create(
    pool: &Pool,
    j: &str,
    sha: &str,
    length: i64,
    client_id: &str,
    now: i64,
) -> Result<UploadState> {
    let client = pool.get().await?;
    // ON CONFLICT makes concurrent starts of one blob meet on one row.
    client
        .execute(
            "INSERT INTO upload(jurisdiction, sha256, length, received, client_id, created_at, updated_at)
             SELECT $1, $2, $3, 0, $4, $5, $5
             WHERE NOT EXISTS (SELECT 1 FROM blob WHERE jurisdiction = $1 AND sha256 = $2)
             ON CONFLICT DO NOTHING",
            &[&j, &sha, &length, &client_id, &now],
        )
        .await?;
    match upload_state_in(&client, j, sha, false).await? {
        UploadState::Partial { length: l, .. } if l != length => {
            Err(super::sqlite_complaints::length_mismatch(l))
        }
        s => Ok(s),
    }
}

pub(super) async fn upload_append(
    pool: &Pool,
    j: &str,
    sha: &str,
    offset: i64,
    data: Vec<u8>,
    now: i64,
) -> Result<UploadState> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    match upload_state_in(&tx, j, sha, true).await? {
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
                    "INSERT INTO upload_chunk(jurisdiction, sha256, \"offset\", data) VALUES ($1, $2, $3, $4)",
                    &[&j, &sha, &at, &data],
                )
                .await?;
            }
            tx.execute(
                "UPDATE upload SET received = $3, updated_at = $4 WHERE jurisdiction = $1 AND sha256 = $2",
                &[&j, &sha, &end, &now],
            )
            .await?;
            tx.commit().await?;
            Ok(UploadState::Partial {
                length,
                offset: end,
            })
        }
    }
}

pub(super) async fn upload_bytes(pool: &Pool, j: &str, sha: &str) -> Result<Vec<u8>> {
    let client = pool.get().await?;
    let mut out = Vec::new();
    for r in client
        .query(
            "SELECT data FROM upload_chunk WHERE jurisdiction = $1 AND sha256 = $2 ORDER BY \"offset\"",
            &[&j, &sha],
        )
        .await?
    {
        out.extend_from_slice(r.try_get::<_, &[u8]>(0)?);
    }
    Ok(out)
}

pub(super) async fn upload_discard(pool: &Pool, j: &str, sha: &str) -> Result<()> {
    let client = pool.get().await?;
    client
        .execute(
            "DELETE FROM upload WHERE jurisdiction = $1 AND sha256 = $2",
            &[&j, &sha],
        )
        .await?;
    Ok(())
}

pub(super) async fn blob_complete(pool: &Pool, b: BlobInfo) -> Result<()> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let j = b.jurisdiction.as_str();
    let inserted = tx
        .execute(
            "INSERT INTO blob(jurisdiction, sha256, length, content_type, width, height, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            &[&j, &b.sha256, &b.length, &b.content_type, &b.width, &b.height, &b.created_at],
        )
        .await?;
    tx.execute(
        "DELETE FROM upload WHERE jurisdiction = $1 AND sha256 = $2",
        &[&j, &b.sha256],
    )
    .await?;
    if inserted > 0 {
        // Complaint rows before the counter (the lock order of this module).
        let ids: Vec<String> = tx
            .query(
                "SELECT id FROM complaint WHERE jurisdiction = $1 AND id IN
                    (SELECT complaint_id FROM complaint_photo WHERE jurisdiction = $1 AND sha256 = $2)
                 ORDER BY id FOR UPDATE",
                &[&j, &b.sha256],
            )
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        if !ids.is_empty() {
            let (last, _) = bump_counter(&tx, j, ids.len() as i64, 0).await?;
            let first = last - ids.len() as i64 + 1;
            for (i, id) in ids.iter().enumerate() {
                update_complaint(&tx, j, id, None, first + i as i64, b.created_at).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

pub(super) async fn blob(pool: &Pool, j: &str, sha: &str) -> Result<Option<BlobInfo>> {
    let client = pool.get().await?;
    let row = client
        .query_opt(
            "SELECT length, content_type, width, height, created_at FROM blob WHERE jurisdiction = $1 AND sha256 = $2",
            &[&j, &sha],
        )
        .await?;
    row.map(|r| {
        Ok(BlobInfo {
            jurisdiction: j.to_owned(),
            sha256: sha.to_owned(),
            length: r.try_get(0)?,
            content_type: r.try_get(1)?,
            width: r.try_get(2)?,
            height: r.try_get(3)?,
            created_at: r.try_get(4)?,
        })
    })
    .transpose()
}

pub(super) async fn purge_uploads(pool: &Pool, before: i64) -> Result<u64> {
    let client = pool.get().await?;
    Ok(client
        .execute("DELETE FROM upload WHERE updated_at < $1", &[&before])
        .await?)
}
