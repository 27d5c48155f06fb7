//! What `extract` finds in one policy: the JSON of `policydiff extract`.
//!
//! Field names are public interface (JSON keys) and the contract `diff` builds its semantic
//! comparison on: add fields freely, never rename. Every finding points back to the clause ids
//! (`Clause::id`) it was read from; lists are ordered deterministically (by first occurrence in
//! the document unless a field says otherwise).

use crate::model::Span;
use serde::{Deserialize, Serialize};

/// The data practices of one policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Practices {
    /// JSON schema version.
    pub schema_version: u32,
    /// The operator / personal-information handler's full name (e.g. 某某科技有限公司), if stated.
    pub controller: Option<String>,
    /// The controller's registered or office address, if stated.
    pub controller_address: Option<String>,
    /// Effective date (生效日期) as `YYYY-MM-DD`.
    pub effective_date: Option<String>,
    /// Last-updated date (更新日期) as `YYYY-MM-DD`.
    pub updated_date: Option<String>,
    /// Age below which the policy treats a user as a child needing guardian consent (14 for 不满14周岁).
    pub minor_age: Option<u32>,
    /// True when the policy says personal information is or may be stored or transferred outside
    /// mainland China (a promise of separate consent "if ever needed" alone does not count).
    pub cross_border: bool,
    /// Clauses that speak about cross-border storage or transfer (either way).
    pub cross_border_clauses: Vec<String>,
    /// Personal-information items the policy says are collected or processed, by canonical name,
    /// in order of first mention.
    pub data_items: Vec<DataItem>,
    /// Items the policy says it does not collect (「我们不会收集…」); never also in `data_items`.
    pub not_collected: Vec<NotCollected>,
    /// Third parties (SDKs, partners, processors, recipients), in order of first mention.
    pub third_parties: Vec<ThirdParty>,
    /// Purposes of processing stated anywhere in the policy, in order of first mention.
    pub purposes: Vec<Purpose>,
    /// Device permissions the app requests, with why.
    pub permissions: Vec<Permission>,
    /// Retention statements (periods, conditions), in document order.
    pub retention: Vec<Retention>,
    /// Where personal information is stored, in document order.
    pub storage_locations: Vec<StorageLocation>,
    /// Data-subject rights the policy grants, with channel and time limit, in order of first mention.
    pub rights: Vec<Right>,
    /// Contact points (email, phone, address …), in document order, deduplicated by kind and value.
    pub contacts: Vec<Contact>,
    /// The policy's own definition of 重大变更 (major change), when it gives one.
    pub major_change_definition: Option<MajorChangeDefinition>,
    /// The policy's sections recognised by topic (collection, sharing, rights, children …).
    pub sections: Vec<TopicSection>,
    /// What each sentence or table row states, in document order: the evidence every data item,
    /// third party and purpose above lists in its `statements`.
    #[serde(default)]
    pub statements: Vec<Statement>,
}

/// One practice statement: who does what with which data, why and under which condition, as one
/// sentence of prose or one table row states it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Statement {
    /// Stable id: the clause id and the statement's number within the clause (`"二/3#s1"`).
    pub id: String,
    /// Who acts: `"us"` (the first party), a third party's name (as in `third_parties`),
    /// `"affiliates"` (the first party's affiliates, third party 关联方), or `"device"` for
    /// processing that stays on the user's device.
    pub actor: String,
    /// What the actor does.
    pub action: Action,
    /// Canonical data-item names (for `permission`, the permissions' names).
    pub data: Vec<String>,
    /// Purpose codes (see `Purpose::code`).
    pub purposes: Vec<String>,
    /// The third party receiving the data (for `share`, `entrust`, `transfer`, `disclose`), named
    /// as `actor` names parties.
    pub recipient: Option<String>,
    /// The condition the sentence states, as written (「在您开启位置权限时」「经您同意后」).
    pub condition: Option<String>,
    /// The users or platforms the sentence limits the statement to (regions such as 「美国」
    /// 「中国大陆以外」, platforms such as 「iOS」「Android」), sorted; empty when it speaks of
    /// everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    /// `will` (stated as certain), `may` (「可能」) or `only_if_consent` (under a condition of
    /// consent or opt-in).
    pub modality: String,
    /// `negative` for the `not_*` actions, else `affirmative`.
    pub polarity: Polarity,
    /// Id of the clause holding the sentence or row.
    pub clause: String,
    /// Byte span of the sentence (or of the whole table row) in the decoded input.
    pub span: Span,
    /// The context model's category for the sentence (see `extract::context::Category::name`),
    /// preferring the one the action belongs to; `None` for table rows (their columns say what
    /// they hold) and sentences the model assigns none.
    pub category: Option<String>,
}

/// What a statement's actor does with the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Collects or obtains it (收集、获取、读取、填写 …); for a third party, collects it itself (SDK).
    #[default]
    Collect,
    /// Obtains it through a device permission (`data` holds the permissions).
    Permission,
    /// Uses or processes it (使用、处理、用于 …); with actor `device`, on the device only.
    Use,
    /// Shares or provides it to a recipient (共享、分享、提供给 …).
    Share,
    /// Entrusts a processor with it (委托处理).
    Entrust,
    /// Transfers it (转让, e.g. in a merger).
    Transfer,
    /// Discloses it publicly (公开披露).
    Disclose,
    /// Stores it (存储、保存), or says where it is stored.
    Store,
    /// Retains it for a period or until a condition.
    Retain,
    /// Stores or transfers it outside mainland China.
    TransferAbroad,
    /// Says it does not collect it.
    NotCollect,
    /// Says it does not share or provide it.
    NotShare,
    /// Says it does not use it in some way (「不会将…用于广告」).
    NotUse,
    /// Only defines it or gives it as an example (名词解释): no practice.
    Define,
}

impl Action {
    /// `negative` for the `not_*` actions, else `affirmative`.
    pub fn polarity(self) -> Polarity {
        match self {
            Action::NotCollect | Action::NotShare | Action::NotUse => Polarity::Negative,
            _ => Polarity::Affirmative,
        }
    }

    /// The snake_case code (as in JSON).
    pub fn code(self) -> &'static str {
        match self {
            Action::Collect => "collect",
            Action::Permission => "permission",
            Action::Use => "use",
            Action::Share => "share",
            Action::Entrust => "entrust",
            Action::Transfer => "transfer",
            Action::Disclose => "disclose",
            Action::Store => "store",
            Action::Retain => "retain",
            Action::TransferAbroad => "transfer_abroad",
            Action::NotCollect => "not_collect",
            Action::NotShare => "not_share",
            Action::NotUse => "not_use",
            Action::Define => "define",
        }
    }
}

/// Whether a statement affirms or denies its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// The actor does it.
    #[default]
    Affirmative,
    /// The actor says it does not.
    Negative,
}

/// One personal-information item (canonical dictionary name) and how the policy treats it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DataItem {
    /// Canonical name from the data-item dictionary (e.g. 手机号码 for 手机号/电话号码).
    pub name: String,
    /// GB/T 35273-2020 Appendix A category (e.g. 个人常用设备信息).
    pub category: String,
    /// Sensitive personal information (GB/T 35273 Appendix B, PIPL art. 28, GB/T 45574-2025).
    pub sensitive: bool,
    /// The words the policy used for it, distinct, in order of first use.
    pub as_written: Vec<String>,
    /// Ids of the clauses mentioning it.
    pub clauses: Vec<String>,
    /// Byte spans of the mentions in the decoded input.
    pub spans: Vec<Span>,
    /// Who collects it: `"us"` (the operator) and/or third-party names.
    pub collected_by: Vec<String>,
    /// Purpose codes stated next to it (see `Purpose::code`).
    pub purposes: Vec<String>,
    /// `Some(true)` when stated to be required (必要/必须), `Some(false)` when optional (可选/附加功能).
    pub required: Option<bool>,
    /// `will` when stated as certain in some sentence, `may` when only ever 「可能会」.
    pub modality: String,
    /// True when every mention is only a definition or example (名词解释, 「例如」 in a definition):
    /// such an item is listed for completeness but is not a stated collection.
    pub definition_only: bool,
    /// True for an item no dictionary lists, read as the object of a practice (open vocabulary):
    /// `name` is its wording in comparison form and `category` comes from its head words
    /// (「未分类」 when none fits). Absent (false) for dictionary items.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open: bool,
    /// Ids of the statements it comes from (see `Practices::statements`).
    #[serde(default)]
    pub statements: Vec<String>,
}

/// An item the policy says it does not collect.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NotCollected {
    /// Canonical name from the data-item dictionary.
    pub name: String,
    /// Ids of the clauses saying so.
    pub clauses: Vec<String>,
    /// Ids of the statements it comes from (see `Practices::statements`).
    #[serde(default)]
    pub statements: Vec<String>,
}

/// A third party that receives or collects personal information.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ThirdParty {
    /// Its name as the policy gives it (SDK or partner name); registry name when found in prose.
    pub name: String,
    /// The company providing it, from the policy or else from the SDK registry.
    pub company: Option<String>,
    /// Registry kind (push, analytics, advertising, map, payment, login, share, crash, storage, im …).
    pub kind: Option<String>,
    /// How the policy relates it: `sdk`, `sharing`, `entrusted`, `transfer`, `disclosure`, `partner`.
    pub relations: Vec<String>,
    /// Purpose codes stated for it.
    pub purposes: Vec<String>,
    /// The purpose / scenario text as written (table cells joined), when given.
    pub purpose_text: Option<String>,
    /// Canonical names of the data items it collects or receives.
    pub data_items: Vec<String>,
    /// Canonical names of the permissions it uses.
    pub permissions: Vec<String>,
    /// How data reaches it (共享方式 / 收集方式), as written.
    pub sharing_method: Option<String>,
    /// Its privacy-policy or website link, when given as a URL.
    pub privacy_url: Option<String>,
    /// Ids of the clauses naming it.
    pub clauses: Vec<String>,
    /// Ids of the statements it comes from (see `Practices::statements`).
    #[serde(default)]
    pub statements: Vec<String>,
    /// True when it (or its company) is of a foreign legal form (LLC, Inc., GmbH, Ltd. …): data
    /// provided to it leaves mainland China.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub foreign: bool,
}

/// A purpose of processing (canonical code plus its Chinese name).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Purpose {
    /// Canonical code, e.g. `registration_login`, `advertising`.
    pub code: String,
    /// Chinese name, e.g. 注册登录.
    pub name: String,
    /// Ids of the clauses stating it.
    pub clauses: Vec<String>,
    /// Ids of the statements it comes from (see `Practices::statements`).
    #[serde(default)]
    pub statements: Vec<String>,
}

/// A device permission the app requests.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Permission {
    /// Canonical Chinese name, e.g. 相机.
    pub name: String,
    /// Android permission names from the dictionary (android.permission.CAMERA …).
    pub android: Vec<String>,
    /// iOS usage-description keys from the dictionary (NSCameraUsageDescription …).
    pub ios: Vec<String>,
    /// Purpose codes stated for it.
    pub purposes: Vec<String>,
    /// Why, as written: the first sentence stating it outside tables.
    pub reason: Option<String>,
    /// Ids of the clauses naming it.
    pub clauses: Vec<String>,
}

/// A duration normalised to days (months count 30 days, years 365).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Duration {
    /// As written, e.g. 6个月.
    pub text: String,
    /// Length in days.
    pub days: u32,
}

/// A retention statement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Retention {
    /// The sentence as written.
    pub text: String,
    /// Fixed period stated, if any.
    pub period: Option<Duration>,
    /// True for 「实现目的所必需的最短时间/期间」-style periods.
    pub minimum_necessary: bool,
    /// Condition starting or ending the period (e.g. 账号注销后), when stated.
    pub condition: Option<String>,
    /// Canonical data items the statement names.
    pub data_items: Vec<String>,
    /// Id of the clause.
    pub clauses: Vec<String>,
}

/// Where personal information is stored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StorageLocation {
    /// `domestic` (mainland China) or `overseas`.
    pub region: String,
    /// The place as written (e.g. 中华人民共和国境内).
    pub place: String,
    /// Ids of the clauses stating it.
    pub clauses: Vec<String>,
}

/// A time limit normalised to a number and unit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TimeLimit {
    /// As written, e.g. 十五个工作日.
    pub text: String,
    /// The number, e.g. 15.
    pub amount: u32,
    /// `working_day`, `day`, `hour`, `week` or `month`.
    pub unit: String,
}

/// A data-subject right.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Right {
    /// Canonical code: access, correction, deletion, withdraw_consent, account_cancellation,
    /// copy_portability, complaint, refuse_automated_decision, explanation, restrict, …
    pub kind: String,
    /// Chinese name.
    pub name: String,
    /// Channels stated for exercising it (设置, 客服, email …), as canonical words.
    pub channels: Vec<String>,
    /// Response or completion time limit, when stated next to it.
    pub time_limit: Option<TimeLimit>,
    /// Ids of the clauses granting or describing it (for a right named only in a heading, the
    /// clause the heading introduces).
    pub clauses: Vec<String>,
}

/// A contact point.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    /// `email`, `phone`, `address`, `wechat`, `url`, `department` or `in_app` (feedback or
    /// customer service inside the product).
    pub kind: String,
    /// The value as written (trimmed; emails lower-cased).
    pub value: String,
    /// Ids of the clauses giving it (for a contact read in a heading, the clause the heading
    /// introduces).
    pub clauses: Vec<String>,
}

/// The policy's definition of 重大变更.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MajorChangeDefinition {
    /// The listed cases, as written (list markers removed).
    pub items: Vec<String>,
    /// Ids of the clauses holding the definition.
    pub clauses: Vec<String>,
}

/// A section recognised by topic.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TopicSection {
    /// Topic code: definitions, collection, cookies, sharing, protection, retention, rights,
    /// children, cross_border, update, contact.
    pub topic: String,
    /// Section id in the document.
    pub section_id: String,
    /// Heading text.
    pub title: String,
}
