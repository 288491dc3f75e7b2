//! Open311 API keys: random 256-bit strings shown once; only their SHA-256 is
//! stored (migration 004). Each key acts through its own device row, so its
//! requests go through the same push as a resident's.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::storage::{NewAuditEntry, NewOpen311Key, Open311Key, Storage};

/// Prefix of every key, so a leaked one is recognisable in logs and scanners.
pub const KEY_PREFIX: &str = "pm311_";

/// Hex SHA-256 of a presented key.
pub fn key_hash(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new key, shown once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedKey {
    pub key: Open311Key,
    /// The secret: give it to the client's operator; it cannot be shown again.
    pub api_key: String,
}

/// Creates a key for `name` in a hosted jurisdiction, audited as `actor`.
pub async fn issue(
    storage: &dyn Storage,
    jurisdiction: &str,
    name: &str,
    actor: &str,
) -> Result<IssuedKey> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::bad_request(
            "invalid_field",
            "the key's name must have 1 to 100 characters",
        ));
    }
    let hosted = storage
        .jurisdictions()
        .await?
        .into_iter()
        .any(|j| j.id == jurisdiction);
    if !hosted {
        return Err(Error::NotFound(format!("jurisdiction {jurisdiction}")));
    }
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let api_key = format!(
        "{KEY_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
    );
    let now = chrono::Utc::now().timestamp();
    let id = uuid::Uuid::now_v7().to_string();
    storage
        .create_open311_key(NewOpen311Key {
            jurisdiction: jurisdiction.to_owned(),
            id: id.clone(),
            name: name.to_owned(),
            key_hash: key_hash(&api_key),
            now,
        })
        .await?;
    storage
        .append_audit(NewAuditEntry {
            jurisdiction: jurisdiction.to_owned(),
            actor: actor.to_owned(),
            action: "open311.key.create".into(),
            target: format!("open311_key/{id}"),
            detail: name.to_owned(),
        })
        .await?;
    Ok(IssuedKey {
        key: Open311Key {
            jurisdiction: jurisdiction.to_owned(),
            id,
            name: name.to_owned(),
            created_at: now,
            revoked_at: None,
            last_used_at: None,
        },
        api_key,
    })
}

/// Revokes a key (audited); false if there was no such live key.
pub async fn revoke(
    storage: &dyn Storage,
    jurisdiction: &str,
    id: &str,
    actor: &str,
) -> Result<bool> {
    let now = chrono::Utc::now().timestamp();
    let done = storage.revoke_open311_key(jurisdiction, id, now).await?;
    if done {
        storage
            .append_audit(NewAuditEntry {
                jurisdiction: jurisdiction.to_owned(),
                actor: actor.to_owned(),
                action: "open311.key.revoke".into(),
                target: format!("open311_key/{id}"),
                detail: String::new(),
            })
            .await?;
    }
    Ok(done)
}
