//! Complaints on the server, free of HTTP and SQL: the records storage reads and
//! writes, how a push is decided ([`plan`]), field checks ([`validate`]), phone
//! numbers ([`phone`]), near-duplicate ranking ([`similar`]) and the views each
//! audience may see ([`ComplaintRecord::resident_view`], [`ComplaintRecord::public`]).

pub mod phone;
pub mod plan;
pub mod similar;
pub mod validate;

use pati_protocol::{
    ComplaintEvent, ComplaintStatus, ComplaintView, EventActor, Location, PublicComplaint,
};

use crate::workflow;

/// A complaint to insert, decided by [`plan`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewComplaint {
    pub id: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub location: Location,
    pub photos: Vec<String>,
    pub anonymous: bool,
    pub confidential: bool,
    pub reporter_device: String,
    /// The device's verified phone, unless the complaint is anonymous.
    pub reporter_phone: Option<String>,
    pub created_at: i64,
    pub state: workflow::State,
}

/// One stored timeline entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub id: String,
    pub complaint_id: String,
    pub at: i64,
    pub kind: String,
    pub actor: EventActor,
    /// Console username for agency and coordinator events; never sent to residents.
    pub actor_name: Option<String>,
    pub status: Option<ComplaintStatus>,
    pub agency: Option<String>,
    pub text: Option<String>,
    pub rating: Option<u8>,
    pub internal: bool,
}

impl EventRecord {
    pub fn from_workflow(
        id: String,
        complaint_id: &str,
        at: i64,
        e: workflow::NewEvent,
        actor_name: Option<String>,
    ) -> EventRecord {
        EventRecord {
            id,
            complaint_id: complaint_id.to_owned(),
            at,
            kind: e.kind.to_owned(),
            actor: e.actor,
            actor_name,
            status: e.status,
            agency: e.agency,
            text: e.text,
            rating: e.rating,
            internal: e.internal,
        }
    }

    pub fn to_wire(&self) -> ComplaintEvent {
        ComplaintEvent {
            id: self.id.clone(),
            at: self.at,
            kind: self.kind.clone(),
            actor: self.actor,
            status: self.status,
            agency: self.agency.clone(),
            text: self.text.clone(),
            rating: self.rating,
        }
    }
}

pub fn actor_str(a: EventActor) -> &'static str {
    match a {
        EventActor::Resident => "resident",
        EventActor::Agency => "agency",
        EventActor::Coordinator => "coordinator",
        EventActor::System => "system",
    }
}

pub fn parse_actor(s: &str) -> Option<EventActor> {
    Some(match s {
        "resident" => EventActor::Resident,
        "agency" => EventActor::Agency,
        "coordinator" => EventActor::Coordinator,
        "system" => EventActor::System,
        _ => return None,
    })
}

/// A photo named by a complaint; `complete` once its upload finished and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRef {
    pub sha256: String,
    pub complete: bool,
}

/// A stored complaint with everything any audience might see; the `*_view`
/// methods cut it down per audience.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintRecord {
    pub id: String,
    pub tracking_number: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub location: Location,
    pub anonymous: bool,
    pub confidential: bool,
    pub reporter_device: String,
    pub reporter_phone: Option<String>,
    pub state: workflow::State,
    pub created_at: i64,
    pub updated_at: i64,
    pub support_count: i64,
    pub version: i64,
    /// The reporter's device platform when it was filed (migration 010): `android`,
    /// `desktop`, `kiosk`, `open311`; `None` when unknown.
    pub channel: Option<String>,
    /// In the order the reporter gave them.
    pub photos: Vec<PhotoRef>,
    /// Oldest first, internal notes included (empty when not loaded).
    pub events: Vec<EventRecord>,
}

/// The title a follower sees of a confidential complaint (Bahasa Indonesia / English,
/// like the other server-written texts residents see).
pub const CONFIDENTIAL_TITLE: &str = "Pengaduan rahasia / Confidential complaint";

impl ComplaintRecord {
    /// What the reporter's device sees: no internal notes, complete photos only.
    pub fn resident_view(&self, now: i64) -> ComplaintView {
        ComplaintView {
            id: self.id.clone(),
            tracking_number: self.tracking_number.clone(),
            category: self.category.clone(),
            agency: self.state.agency.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            location: self.location.clone(),
            photos: self.complete_photos(),
            anonymous: self.anonymous,
            confidential: self.confidential,
            status: self.state.status,
            created_at: self.created_at,
            updated_at: self.updated_at,
            support_count: self.support_count,
            due_at: self.state.due_at,
            overdue: self.state.overdue(now),
            reopen_until: self.state.reopen_until,
            events: self
                .events
                .iter()
                .filter(|e| !e.internal)
                .map(EventRecord::to_wire)
                .collect(),
            following: false,
        }
    }

    /// What a follower sees: the reporter of a duplicate merged into this complaint
    /// (migration 008). The progress — status, agency, deadline, and the public
    /// events of the koordinator, agencies and the system — but nothing that is the
    /// other reporter's: no photos, address or coordinates, none of their replies,
    /// ratings or reopen reasons, and no title or description when the complaint is
    /// confidential. No reopen window either: only the reporter may reopen.
    pub fn follower_view(&self, now: i64) -> ComplaintView {
        let mut v = self.resident_view(now);
        v.following = true;
        if self.confidential {
            v.title = CONFIDENTIAL_TITLE.to_owned();
            v.description = String::new();
        }
        v.location = Location {
            kecamatan: self.location.kecamatan.clone(),
            desa: self.location.desa.clone(),
            ..Default::default()
        };
        v.photos = Vec::new();
        v.reopen_until = None;
        v.events
            .retain(|e| e.actor != EventActor::Resident || e.kind == "created");
        for e in v.events.iter_mut().filter(|e| e.kind == "created") {
            e.text = None;
        }
        v
    }

    /// The public feed's view: no reporter identity, no address or coordinates.
    pub fn public(&self) -> PublicComplaint {
        PublicComplaint {
            id: self.id.clone(),
            tracking_number: self.tracking_number.clone(),
            category: self.category.clone(),
            agency: self.state.agency.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            kecamatan: self.location.kecamatan.clone(),
            desa: self.location.desa.clone(),
            status: self.state.status,
            created_at: self.created_at,
            support_count: self.support_count,
        }
    }

    pub fn complete_photos(&self) -> Vec<String> {
        self.photos
            .iter()
            .filter(|p| p.complete)
            .map(|p| p.sha256.clone())
            .collect()
    }

    /// Shown to anyone: not confidential and not rejected (rejections are often spam
    /// or outside the regency's remit).
    pub fn is_public(&self) -> bool {
        !self.confidential && self.state.status != ComplaintStatus::Rejected
    }

    /// Whether the device (and its verified phone, if any) reported this complaint.
    pub fn reported_by(&self, client_id: &str, phone: Option<&str>) -> bool {
        self.reporter_device == client_id
            || matches!((self.reporter_phone.as_deref(), phone), (Some(a), Some(b)) if a == b)
    }
}

/// `PATI-2026-000042`: the jurisdiction, the year (Jakarta time) and the
/// jurisdiction's running number.
pub fn tracking_number(jurisdiction: &str, now: i64, n: i64) -> String {
    use chrono::Datelike;
    let year = workflow::Calendar::local_date(now).year();
    format!("{}-{year}-{n:06}", jurisdiction.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_numbers_use_the_jakarta_year() {
        // 2026-12-31 17:30 UTC is already 2027 in Pati.
        let t = chrono::DateTime::parse_from_rfc3339("2026-12-31T17:30:00Z")
            .unwrap()
            .timestamp();
        assert_eq!(tracking_number("pati", t, 42), "PATI-2027-000042");
        assert_eq!(
            tracking_number("pekalongan", t - 3600, 1_234_567),
            "PEKALONGAN-2026-1234567"
        );
    }
}
