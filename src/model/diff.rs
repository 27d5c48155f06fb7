//! What `diff` reports about two versions of a policy: the JSON of `policydiff diff`.

use super::{ClauseKind, Format, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The comparison of two versions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DiffReport {
    /// JSON schema version.
    pub schema_version: u32,
    /// True when at least one change is a 重大变更 (severity `major`).
    pub major: bool,
    /// One entry per reason code present among the major changes, in the fixed code order.
    pub major_reasons: Vec<MajorReason>,
    /// Every change that is not `unchanged`, in new-document order (removed clauses at their old place).
    pub changes: Vec<Change>,
    /// Counts by kind, severity and reason code.
    pub stats: Stats,
    /// The old version: title, dates, source.
    pub old_meta: VersionMeta,
    /// The new version: title, dates, source.
    pub new_meta: VersionMeta,
    /// Limits that were hit and the cheaper result used instead (empty when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallbacks: Vec<Fallback>,
}

impl Stats {
    /// How many changes have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity
            .get(severity.as_str())
            .copied()
            .unwrap_or(0)
    }
}

impl DiffReport {
    /// True when any change is more than editorial (decides exit code 1).
    pub fn has_substantive_changes(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.severity != Severity::Editorial)
    }
}

/// Why the new version is a 重大变更, for one reason code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MajorReason {
    /// The reason code.
    pub code: ReasonCode,
    /// One line in Chinese: the joined rationales of the changes behind it (at most three, then a count).
    pub rationale: String,
    /// The provisions the code rests on (「GB/T 35273-2020 附录D；个人信息保护法第…条」), each once.
    #[serde(default)]
    pub citation: String,
    /// Indices into [`DiffReport::changes`] of the changes carrying this code.
    pub changes: Vec<usize>,
    /// Each major finding behind the code, with the sentences it rests on.
    #[serde(default)]
    pub evidence: Vec<ReasonEvidence>,
}

/// One major finding of a reason code and the exact sentences of each version it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonEvidence {
    /// Index into [`DiffReport::changes`] of the change holding the finding.
    pub change: usize,
    /// The finding's rationale.
    pub rationale: String,
    /// What the old version said about it; `None` when it did not mention it.
    pub old: Option<Quote>,
    /// What the new version says; `None` for a removal.
    pub new: Option<Quote>,
}

/// A sentence of one version quoted as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Id of the clause holding it.
    pub clause: String,
    /// Span of the sentence in that version's decoded input.
    pub span: Span,
    /// The sentence as written.
    pub text: String,
    /// Id of the practice statement extraction read from the sentence (`extract`'s
    /// `statements[].id`), when it read one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

/// The fixed list of 重大变更 reason codes (GB/T 35273-2020 Appendix D; PIPL arts. 14, 17, 22–24, 28–31, 38–39).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// New personal-information items processed, or an item newly sensitive.
    DataCategory,
    /// New purpose, or a commitment not to use data for something withdrawn.
    Purpose,
    /// Manner of processing: retention lengthened, storage or cross-border, profiling, background collection.
    Processing,
    /// New recipients (third parties, SDKs) or what they receive.
    ThirdParty,
    /// The personal-information handler (controller) changed.
    Controller,
    /// A right removed or narrowed, its channel changed, its time limit lengthened.
    Rights,
    /// Responsible department, contact methods or complaint channels changed.
    Contact,
}

impl ReasonCode {
    /// Every code, in report order.
    pub const ALL: [ReasonCode; 7] = [
        ReasonCode::DataCategory,
        ReasonCode::Purpose,
        ReasonCode::Processing,
        ReasonCode::ThirdParty,
        ReasonCode::Controller,
        ReasonCode::Rights,
        ReasonCode::Contact,
    ];

    /// The code as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::DataCategory => "data_category",
            ReasonCode::Purpose => "purpose",
            ReasonCode::Processing => "processing",
            ReasonCode::ThirdParty => "third_party",
            ReasonCode::Controller => "controller",
            ReasonCode::Rights => "rights",
            ReasonCode::Contact => "contact",
        }
    }

    /// A short Chinese label for reports.
    pub fn label(self) -> &'static str {
        match self {
            ReasonCode::DataCategory => "个人信息类型",
            ReasonCode::Purpose => "处理目的",
            ReasonCode::Processing => "处理方式",
            ReasonCode::ThirdParty => "共享对象",
            ReasonCode::Controller => "控制者",
            ReasonCode::Rights => "用户权利",
            ReasonCode::Contact => "联系方式",
        }
    }
}

/// How much a change matters.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Noise: punctuation, width, whitespace, numbering, moves, typo-sized edits, rewording without new facts.
    #[default]
    Editorial,
    /// A real but not major change (a removal, a date, a rewording with new content words).
    Minor,
    /// A 重大变更 that requires notifying users again.
    Major,
}

impl Severity {
    /// The severity as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Editorial => "editorial",
            Severity::Minor => "minor",
            Severity::Major => "major",
        }
    }
}

/// What happened to a clause (or group of clauses) between the versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Same text (after normalisation), same relative place; counted, never listed.
    Unchanged,
    /// Differs only in punctuation, width, whitespace, markup, numbering or a typo-sized edit.
    Editorial,
    /// Text changed; `tokens` holds the word-level redline.
    Modified,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Same text, but its order relative to its neighbours changed.
    Moved,
    /// One old clause became several consecutive new clauses.
    Split,
    /// Several consecutive old clauses became one new clause.
    Merged,
    /// A change in the extracted practices whose evidence lies in no changed clause.
    Semantic,
}

impl ChangeKind {
    /// The kind as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Unchanged => "unchanged",
            ChangeKind::Editorial => "editorial",
            ChangeKind::Modified => "modified",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::Split => "split",
            ChangeKind::Merged => "merged",
            ChangeKind::Semantic => "semantic",
        }
    }
}

/// One change between the versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// How much it matters (the highest severity of its semantic changes and its text).
    pub severity: Severity,
    /// Reason codes when major, in the fixed code order; empty otherwise.
    pub codes: Vec<ReasonCode>,
    /// One line saying what changed (the rationales of its semantic changes, when it has any).
    pub summary: String,
    /// The old clause(s); `None` for added clauses.
    pub old: Option<ClauseRef>,
    /// The new clause(s); `None` for removed clauses.
    pub new: Option<ClauseRef>,
    /// True when the clause also changed place relative to its neighbours.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
    /// Word-level redline over jieba tokens, for modified, split and merged clauses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<TokenEdit>,
    /// Changes in the extracted practices this change carries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub semantic: Vec<SemanticChange>,
}

/// A clause (or a run of consecutive clauses, for splits and merges) of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseRef {
    /// The clause id (of the first clause, for a run).
    pub id: String,
    /// Every clause id of a run, in order (splits and merges); empty for a single clause.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub run: Vec<String>,
    /// The clause text as written; texts concatenated for a run.
    pub text: String,
    /// Span in the decoded input (covering the whole run).
    pub span: Span,
    /// Block kind (of the first clause of a run).
    pub kind: ClauseKind,
}

impl ClauseRef {
    /// The ids of every clause it covers: `id` alone, or each clause of the run.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let single = self.run.is_empty().then_some(self.id.as_str());
        single
            .into_iter()
            .chain(self.run.iter().map(String::as_str))
    }
}

/// What a redline token does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenOp {
    /// In both versions.
    Equal,
    /// Only in the new version.
    Insert,
    /// Only in the old version.
    Delete,
}

/// A run of tokens of the word-level redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenEdit {
    /// Equal, insert or delete.
    pub op: TokenOp,
    /// The text as written (the new version's for `equal` and `insert`, the old one's for `delete`).
    pub text: String,
    /// Byte range in the old clause text (`ClauseRef::text`), for `equal` and `delete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_span: Option<Span>,
    /// Byte range in the new clause text (`ClauseRef::text`), for `equal` and `insert`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_span: Option<Span>,
}

/// What changed in the extracted practices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SemanticKind {
    /// A data item newly collected (by us, or by a third party when `subject` names one).
    DataItemAdded,
    /// A newly named umbrella item (「设备信息」) whose category's specific items were already collected.
    DataItemSummarised,
    /// A newly worded item outside the dictionaries (open vocabulary) whose category the old
    /// version already collected, or that has no category: a description, not a new type of data.
    DataItemDescribed,
    /// A data item no longer collected.
    DataItemRemoved,
    /// A data item now treated as sensitive personal information.
    DataItemSensitive,
    /// A new third party (recipient, SDK, partner).
    ThirdPartyAdded,
    /// A third party no longer listed.
    ThirdPartyRemoved,
    /// A third party now receives more data or serves more purposes.
    ThirdPartyExpanded,
    /// A third party now receives less data or serves fewer purposes.
    ThirdPartyNarrowed,
    /// A new purpose of processing.
    PurposeAdded,
    /// A purpose no longer stated.
    PurposeRemoved,
    /// A business function (业务功能) processing personal information that the old version never
    /// mentions (「强国运动」功能, a new service section): a new purpose even when every item it
    /// uses was collected before.
    FunctionAdded,
    /// A business function processing personal information that the new version no longer mentions.
    FunctionRemoved,
    /// A commitment not to do something (「不会用于…」) was withdrawn.
    CommitmentWithdrawn,
    /// Retention period lengthened (or made open-ended).
    RetentionLengthened,
    /// Retention period shortened.
    RetentionShortened,
    /// Retention stated differently (not comparable as a length).
    RetentionChanged,
    /// Storage location changed.
    StorageChanged,
    /// Cross-border transfer added.
    CrossBorderAdded,
    /// Cross-border transfer removed.
    CrossBorderRemoved,
    /// Automated decision-making, profiling or background collection added.
    ProcessingAdded,
    /// Automated decision-making, profiling or background collection removed.
    ProcessingRemoved,
    /// A right of the data subject added.
    RightAdded,
    /// A right of the data subject removed.
    RightRemoved,
    /// The channel or time limit of a right changed.
    RightChanged,
    /// A contact (department, email, phone, address, complaint channel) added.
    ContactAdded,
    /// A contact removed.
    ContactRemoved,
    /// A contact replaced by another of the same kind (old and new value).
    ContactChanged,
    /// The controller (personal-information handler) changed.
    ControllerChanged,
    /// The age below which users count as minors changed.
    MinorAgeChanged,
    /// A device permission newly requested.
    PermissionAdded,
    /// A device permission no longer requested.
    PermissionRemoved,
    /// The effective or update date changed.
    DateChanged,
}

impl SemanticKind {
    /// Every kind, in declaration order (the rules table has a rule for each).
    pub const ALL: [SemanticKind; 33] = [
        SemanticKind::DataItemAdded,
        SemanticKind::DataItemSummarised,
        SemanticKind::DataItemDescribed,
        SemanticKind::DataItemRemoved,
        SemanticKind::DataItemSensitive,
        SemanticKind::ThirdPartyAdded,
        SemanticKind::ThirdPartyRemoved,
        SemanticKind::ThirdPartyExpanded,
        SemanticKind::ThirdPartyNarrowed,
        SemanticKind::PurposeAdded,
        SemanticKind::PurposeRemoved,
        SemanticKind::FunctionAdded,
        SemanticKind::FunctionRemoved,
        SemanticKind::CommitmentWithdrawn,
        SemanticKind::RetentionLengthened,
        SemanticKind::RetentionShortened,
        SemanticKind::RetentionChanged,
        SemanticKind::StorageChanged,
        SemanticKind::CrossBorderAdded,
        SemanticKind::CrossBorderRemoved,
        SemanticKind::ProcessingAdded,
        SemanticKind::ProcessingRemoved,
        SemanticKind::RightAdded,
        SemanticKind::RightRemoved,
        SemanticKind::RightChanged,
        SemanticKind::ContactAdded,
        SemanticKind::ContactRemoved,
        SemanticKind::ContactChanged,
        SemanticKind::ControllerChanged,
        SemanticKind::MinorAgeChanged,
        SemanticKind::PermissionAdded,
        SemanticKind::PermissionRemoved,
        SemanticKind::DateChanged,
    ];
}

/// One change in the extracted practices, with the clauses it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SemanticChange {
    /// What changed.
    pub kind: SemanticKind,
    /// What it is about (data item, third party, purpose, right …) as written.
    pub subject: String,
    /// The old value, when one applies (a retention period, a channel, a date …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_value: Option<String>,
    /// The new value, when one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_value: Option<String>,
    /// How much it matters.
    pub severity: Severity,
    /// Reason codes when major.
    pub codes: Vec<ReasonCode>,
    /// One line in Chinese saying what changed (without the legal citation).
    pub rationale: String,
    /// The provisions a major change rests on (see `compare::rules`); empty when not major.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub citation: String,
    /// Old clauses the old fact came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub old_evidence: Vec<ClauseRef>,
    /// New clauses the new fact came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_evidence: Vec<ClauseRef>,
    /// For a major change: the sentence of each version it rests on (`old` is `None` when the
    /// old version did not mention the subject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

impl SemanticChange {
    /// A finding of `kind` about `subject`, not yet classified (minor, no codes, no rationale)
    /// and without values or evidence: callers set what applies.
    pub fn new(kind: SemanticKind, subject: impl Into<String>) -> Self {
        SemanticChange {
            kind,
            subject: subject.into(),
            old_value: None,
            new_value: None,
            severity: Severity::Minor,
            codes: Vec::new(),
            rationale: String::new(),
            citation: String::new(),
            old_evidence: Vec::new(),
            new_evidence: Vec::new(),
            evidence: None,
        }
    }
}

/// The sentences of the two versions a finding rests on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// The old version's sentence about the subject; `None` when it did not mention it.
    pub old: Option<Quote>,
    /// The new version's sentence; `None` for a removal.
    pub new: Option<Quote>,
}

/// Counts over the changes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Number of changes of each kind (`unchanged` counts aligned clauses that did not change).
    pub by_kind: BTreeMap<String, usize>,
    /// Number of changes of each severity.
    pub by_severity: BTreeMap<String, usize>,
    /// Number of changes carrying each reason code.
    pub by_code: BTreeMap<String, usize>,
    /// Clauses in the old version.
    pub old_clauses: usize,
    /// Clauses in the new version.
    pub new_clauses: usize,
}

/// What identifies one version in a report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VersionMeta {
    /// The policy title, when recognised.
    pub title: Option<String>,
    /// Dated metadata lines (生效日期, 更新日期 …): label → value as written.
    pub dates: BTreeMap<String, String>,
    /// The effective date as `YYYY-MM-DD`, when the policy states one (from extraction).
    pub effective_date: Option<String>,
    /// The updated date as `YYYY-MM-DD`, when the policy states one (from extraction).
    pub updated_date: Option<String>,
    /// The path given on the command line.
    pub path: String,
    /// The format the input was parsed as.
    pub format: Option<Format>,
}

/// A limit that was hit, and how often the cheaper result was used instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fallback {
    /// Why, e.g. `word_diff_deadline` (whole-clause replace used).
    pub reason: String,
    /// How many times.
    pub count: usize,
}
