//! [`PatiCore`]'s complaint methods: drafts, photos, submission, the resident's
//! complaints and actions, the sync engine, the public feed, phone verification and
//! the kiosk wipe — one-line forwards to [`pati_core::Core`], like `core_object.rs`.
//!
//! Reads and queued writes are blocking and local (call them off the main thread);
//! network work is `async` and stops when the calling coroutine is cancelled (the
//! Rust future is dropped; the core writes each step in its own transaction).

use std::sync::Arc;

use pati_core::{
    ActionView, ComplaintDetail, ComplaintSummary, Draft, DraftPatch, FieldError,
    PhoneChallengeInfo, PhotoInfo, PublicComplaintView, SyncListener, SyncReport, SyncState,
};

use crate::core_object::PatiCore;
use crate::error::Result;

#[uniffi::export(async_runtime = "tokio")]
impl PatiCore {
    // ------------------------------------------------------------ drafts

    /// Starts an empty draft (no account, no network needed).
    pub fn create_draft(&self) -> Result<Draft> {
        Ok(self.inner.create_draft()?)
    }

    /// Saves an edit at once (durable on return); `None` fields keep their value.
    pub fn update_draft(&self, id: String, patch: DraftPatch) -> Result<Draft> {
        Ok(self.inner.update_draft(&id, patch)?)
    }

    pub fn drafts(&self) -> Result<Vec<Draft>> {
        Ok(self.inner.drafts()?)
    }

    pub fn draft(&self, id: String) -> Result<Option<Draft>> {
        Ok(self.inner.draft(&id)?)
    }

    pub fn delete_draft(&self, id: String) -> Result<()> {
        Ok(self.inner.delete_draft(&id)?)
    }

    pub fn validate_draft(&self, id: String) -> Result<Vec<FieldError>> {
        Ok(self.inner.validate_draft(&id)?)
    }

    /// Decodes, turns upright, scales and re-encodes the photo without metadata
    /// (~200 ms for 12 MP: call it on a background dispatcher).
    pub fn add_draft_photo(&self, draft_id: String, bytes: Vec<u8>) -> Result<PhotoInfo> {
        Ok(self.inner.add_draft_photo(&draft_id, &bytes)?)
    }

    pub fn remove_draft_photo(&self, draft_id: String, sha256: String) -> Result<()> {
        Ok(self.inner.remove_draft_photo(&draft_id, &sha256)?)
    }

    /// The processed JPEG of a draft's or complaint's photo.
    pub fn photo(&self, sha256: String) -> Result<Option<Vec<u8>>> {
        Ok(self.inner.photo(&sha256)?)
    }

    // ------------------------------------------------------------ complaints

    /// Queues the draft as a complaint (offline is fine); `sync` delivers it once.
    pub fn submit_draft(&self, id: String) -> Result<ComplaintDetail> {
        Ok(self.inner.submit_draft(&id)?)
    }

    pub fn reply(&self, complaint_id: String, text: String) -> Result<ActionView> {
        Ok(self.inner.reply(&complaint_id, &text)?)
    }

    pub fn support(&self, complaint_id: String) -> Result<ActionView> {
        Ok(self.inner.support(&complaint_id)?)
    }

    pub fn rate(&self, complaint_id: String, rating: u8, comment: String) -> Result<ActionView> {
        Ok(self.inner.rate(&complaint_id, rating, &comment)?)
    }

    pub fn reopen(&self, complaint_id: String, reason: String) -> Result<ActionView> {
        Ok(self.inner.reopen(&complaint_id, &reason)?)
    }

    pub fn my_complaints(&self) -> Result<Vec<ComplaintSummary>> {
        Ok(self.inner.my_complaints()?)
    }

    pub fn complaint(&self, id: String) -> Result<Option<ComplaintDetail>> {
        Ok(self.inner.complaint(&id)?)
    }

    pub fn complaint_actions(&self, complaint_id: String) -> Result<Vec<ActionView>> {
        Ok(self.inner.complaint_actions(&complaint_id)?)
    }

    // ------------------------------------------------------------ sync

    /// One pass: register if needed, push the outbox, upload photos, pull complaints
    /// and content. A call during a running pass waits for it and gets its report.
    pub async fn sync(&self) -> Result<SyncReport> {
        Ok(self.inner.sync().await?)
    }

    pub fn sync_state(&self) -> Result<SyncState> {
        Ok(self.inner.sync_state()?)
    }

    /// Seconds until the next pass is due (`None`: nothing waits to be sent).
    pub fn next_sync_delay(&self) -> Result<Option<u64>> {
        Ok(self.inner.next_sync_delay()?)
    }

    /// The foreign listener told of every sync state change (progress included);
    /// `None` removes it.
    pub fn set_sync_listener(&self, listener: Option<Arc<dyn SyncListener>>) {
        self.inner.set_sync_listener(listener)
    }

    // ------------------------------------------------------------ online only

    /// Public complaints, newest first; `before` (unix seconds) pages back.
    pub async fn public_complaints(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<PublicComplaintView>> {
        Ok(self.inner.public_complaints(before, limit).await?)
    }

    /// Public complaints like this draft, to support instead of filing a duplicate.
    pub async fn similar_complaints(&self, draft_id: String) -> Result<Vec<PublicComplaintView>> {
        Ok(self.inner.similar_complaints(&draft_id).await?)
    }

    pub async fn start_phone_verification(&self, phone: String) -> Result<PhoneChallengeInfo> {
        Ok(self.inner.start_phone_verification(&phone).await?)
    }

    /// Returns the verified number as the server normalised it.
    pub async fn verify_phone(&self, phone: String, code: String) -> Result<String> {
        Ok(self.inner.verify_phone(&phone, &code).await?)
    }

    // ------------------------------------------------------------ kiosk

    /// Deletes everything personal and leaves no trace of it in the file.
    pub fn wipe_personal_data(&self) -> Result<()> {
        Ok(self.inner.wipe_personal_data()?)
    }
}
