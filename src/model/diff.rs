//! What `diff` reports about two versions of a policy: the JSON of `policydiff diff`.

use serde::{Deserialize, Serialize};

/// The comparison of two versions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DiffReport {
    /// JSON schema version.
    pub schema_version: u32,
}

impl DiffReport {
    /// True when any change is more than editorial (decides exit code 1).
    pub fn has_substantive_changes(&self) -> bool {
        todo!("DiffReport::has_substantive_changes")
    }
}
