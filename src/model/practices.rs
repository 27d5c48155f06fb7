//! What `extract` finds in one policy: the JSON of `policydiff extract`.

use serde::{Deserialize, Serialize};

/// The data practices of one policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Practices {
    /// JSON schema version.
    pub schema_version: u32,
}
