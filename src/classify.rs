//! Classification stage: gives each change a severity and the 重大变更 reason codes, with rationale and evidence.
