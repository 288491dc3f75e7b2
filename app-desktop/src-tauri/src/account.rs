//! Phone verification: the resident's number → a one-time code by SMS → a verified
//! number the complaints are sent with. Thin wrappers over [`pati_core::Core`]; the
//! verified number reaches the UI in the complaint sync state (`phone`), and a kiosk
//! forgets it with the rest of the visitor's session.

use std::sync::Arc;

use pati_core::PhoneChallengeInfo;
use tauri::State;

use crate::commands::AppState;
use crate::complaints::ComplaintSync;
use crate::error::CommandResult;

/// Asks the server to send a code to `phone`; answers the number as the server
/// normalised it and how long the code is valid.
#[tauri::command]
pub async fn start_phone_verification(
    state: State<'_, AppState>,
    phone: String,
) -> CommandResult<PhoneChallengeInfo> {
    Ok(state.core.start_phone_verification(phone.trim()).await?)
}

/// Checks the code; on success the device reports as this number from now on, and
/// the outbox is woken so waiting complaints go with it.
#[tauri::command]
pub async fn verify_phone(
    state: State<'_, AppState>,
    sync: State<'_, Arc<ComplaintSync>>,
    phone: String,
    code: String,
) -> CommandResult<String> {
    let verified = state.core.verify_phone(&phone, code.trim()).await?;
    sync.kick();
    Ok(verified)
}
