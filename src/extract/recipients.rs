//! Recipients named in prose: the organisations a sentence says data goes to, whether or not the
//! SDK registry knows them.
//!
//! A recipient stands in the slot of a sharing construction: 「与/和/向 X 分享/共享/提供/披露」 or
//! 「提供给/分享给/发送给/披露给/路由到 … X」 (the object may stand between the verb and 给, and X may
//! follow its role: 「发送营销数据给我们的分析供应商 X」). X is a run of names joined by 和、及、与、或、「、」 or
//! 「/」, each a Latin-script name (as written, so 「Amazon」 keeps its capitals) or the affiliates
//! (关联方/关联公司, one party: 关联方), optionally followed by a bracketed description. A
//! construction after a negation in its clause (「不会与任何第三方分享」) names no recipient, and the
//! first party (words of the title or the controller's name) is never one. A role may give its
//! members in brackets (「与手机厂商（甲、乙等）共享」); the user's own organisation can be the place
//! of a disclosure, and a named platform the way data is made available (see `docs/design.md`).

use super::{Context, Unit};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The canonical name of the controller's affiliates as a recipient.
pub const AFFILIATES: &str = "关联方";

/// One name in a recipient slot (comparison form): Latin words, or the affiliates, with an
/// optional bracketed description. Unbounded repetitions only: a counted repetition of a large
/// class multiplies the automaton compiled in every process.
const NAME: &str = r"(?:[a-z][a-z0-9&\-]*(?:\.[a-z]+)?(?: [a-z][a-z0-9&\-]*)*|关联方|关联公司|关联企业)(?: ?\([^()]*\))?";
/// Role nouns a recipient's name may follow in apposition (「我们的分析供应商 X」).
const ROLES: &str = "供应商|服务商|提供商|业者|合作伙伴|合作方";
/// What joins names in one slot.
const JOINER: &str = r" ?(?:和|及|与|或|,|/) ?";

/// The sharing constructions, built around [`NAME`]: one capture group, the slot.
fn constructions() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let names = format!("({NAME}(?:{JOINER}{NAME})*)");
        let before = format!(r"(?:与|和|同|向) ?{names} ?(?:分享|共享|提供|披露|发送|传输|交换|合作)");
        // The verb and its 给 may hold the object between them (「发送营销数据给 X」), and the
        // name may follow an example marker or the recipient's role (「给我们的分析供应商 X」).
        let after = format!(
            r"(?:(?:提供|分享|共享|发送|传送|披露|传输|转移)[^,.;]*?给|提供予|路由到|路由至|发送到|发送至|传输到|传输至|传送到|上传到|上传至)(?:[^,.;]*?(?:如|包括|例如|{ROLES}) ?)? ?{names}"
        );
        Regex::new(&format!("{before}|{after}")).ok()
    })
    .as_ref()
}

/// Two more slots, each one capture group: the user's own organisation as the place of a
/// disclosure (「在您所属的单位内公开」: a role recipient, named by its role), and a platform or
/// organisation through which the data is made available (「这些数据将可通过 Xyz 开放平台获取」).
fn role_and_platform() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let own = r"(?:在|向|与|和|给) ?(?:您|你)?(?:的)?((?:所属|所在)的?(?:组织|单位|团队|群组|企业|机构|学校|班级|社群|社团|部门))(?:内部|内|中)?(?:的成员)?(?:进行|予以)?(?:披露|公开|公示|共享|分享|展示|提供)";
        let platform = r"(?:信息|数据|资料)[^,.;]*?(?:可|将|会|能)[^,.;]*?通过 ?((?:[a-z][a-z0-9&\-]*(?: [a-z][a-z0-9&\-]*)* ?)?\p{Han}*?(?:平台|机构|中心))(?: ?\([^()]*\))? ?(?:进行)?(?:访问|获取|查阅|下载|公开|发布)";
        Regex::new(&format!("{own}|{platform}")).ok()
    })
    .as_ref()
}

/// Role nouns whose members a bracket may list (「手机厂商（甲、乙等）」).
const BRACKET_ROLES: &[&str] = &[
    "制造商",
    "厂商",
    "服务商",
    "供应商",
    "提供商",
    "提供方",
    "合作方",
    "合作伙伴",
    "伙伴",
    "平台",
    "机构",
    "公司",
    "运营商",
    "品牌",
];

/// Verbs of a sharing construction that follow its slot (「与 X 共享」).
const AFTER_SLOT: &[&str] = &["分享", "共享", "提供", "披露", "发送", "传输"];

/// Verbs of a sharing construction that run on to 给 before its slot (「发送…给 X」).
const BEFORE_GIVE: &[&str] = &[
    "提供", "分享", "共享", "发送", "传送", "披露", "传输", "转移",
];

/// Sharing constructions whose slot is a role with its members in brackets: 「与终端制造商（甲、乙
/// 等）共享」, 「提供给合作伙伴（如 X、Y）」. Each as (start of the construction, start and end of
/// the bracketed list). Read by hand, not by a pattern: the classes such a pattern needs cost more
/// to compile in every process than the search saves.
fn role_brackets(n: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for (open, _) in n.match_indices('(') {
        let inner_start = open + 1;
        let Some(close) = n.get(inner_start..).and_then(|r| r.find(')')) else {
            continue;
        };
        let close = inner_start + close;
        let inner = n.get(inner_start..close).unwrap_or("");
        if inner.contains('(') {
            continue;
        }
        let cs = super::clause_start(n, open);
        let head = n.get(cs..open).unwrap_or("").trim_end();
        if !BRACKET_ROLES.iter().any(|r| head.ends_with(r)) {
            continue;
        }
        // The list after an example marker.
        let mut list_start = inner_start;
        let trimmed = inner.trim_start();
        list_start += inner.len() - trimmed.len();
        if let Some(m) = EXAMPLE_MARKERS.iter().find(|m| trimmed.starts_with(*m)) {
            let rest = trimmed.get(m.len()..).unwrap_or("");
            let rest_trimmed = rest.trim_start_matches([':', ' ']);
            list_start += m.len() + rest.len() - rest_trimmed.len();
        }
        if list_start >= close {
            continue;
        }
        let after = n.get(close + 1..).unwrap_or("").trim_start_matches(' ');
        let after = after.strip_prefix("进行").unwrap_or(after);
        let preposition = ["与", "和", "同", "向"]
            .iter()
            .filter_map(|w| head.rfind(w).map(|i| cs + i))
            .max();
        let start = if let Some(p) =
            preposition.filter(|_| AFTER_SLOT.iter().any(|v| after.starts_with(v)))
        {
            p
        } else {
            // 「…发送…给 ROLE（…）」 or 「提供予 ROLE（…）」.
            let Some(give) = head.rfind(['给', '予']) else {
                continue;
            };
            let Some(verb) = BEFORE_GIVE
                .iter()
                .filter_map(|v| head.get(..give).and_then(|h| h.find(v)))
                .min()
            else {
                continue;
            };
            cs + verb
        };
        out.push((start, list_start, close));
    }
    out
}

/// Builds the patterns (see [`super::prepare`]).
pub(super) const PREPARE: &[fn()] = &[|| _ = constructions(), || _ = role_and_platform()];

/// What may open a role's bracketed list of examples.
const EXAMPLE_MARKERS: [&str; 4] = ["如", "例如", "包括", "比如"];

/// Openings of a bracketed member that is no name (a short-form note, an example marker, the
/// tail of a clause).
const MEMBER_OPENERS: &[&str] = &["以下", "简称", "下称", "例如", "如", "者", "其"];

/// Endings of a member that is itself a role or a kind of party (「政府部门」「承包商」「资讯平台」),
/// not a name; a company's full name is read as a company elsewhere.
const ROLE_ENDINGS: &[&str] = &[
    "部门", "机构", "公司", "平台", "商", "方", "者", "人员", "伙伴", "集团", "代理", "站点",
    "单位", "组织",
];

/// Words that make a bracketed member a description rather than a name.
const NOT_MEMBERS: &[&str] = &[
    "的",
    "您",
    "我们",
    "信息",
    "数据",
    "服务",
    "功能",
    "类",
    "第三方",
    "相关",
    "其他",
];

/// The members of a role's bracketed list (see [`role_brackets`]) that are names: 2–16
/// characters, no word of [`NOT_MEMBERS`], not a data item or purpose of the dictionaries (「向
/// 服务商（支付、物流）提供」 lists kinds of service), not the first party.
fn role_members(unit: &Unit, first_party: &[String], out: &mut Vec<String>) {
    let n = unit.n();
    for (whole_start, list_start, list_end) in role_brackets(n) {
        if negated_before(n, whole_start) {
            continue;
        }
        // The role is a short phrase before the bracket, and the bracket a short list.
        let role_len = n
            .get(whole_start..list_start)
            .and_then(|s| s.rsplit(['给', '予']).next())
            .map_or(usize::MAX, |s| s.chars().count());
        let list_len = n.get(list_start..list_end).map_or(0, |s| s.chars().count());
        if role_len > 24 || list_len > 80 {
            continue;
        }
        let members = names_in(n, list_start, list_end);
        // One bracketed word after a name is its short form (「某某有限公司（某某）」), not a list.
        let marked = n
            .get(whole_start..list_start)
            .map(|head| head.trim_end_matches([' ', ':']))
            .is_some_and(|head| EXAMPLE_MARKERS.iter().any(|m| head.ends_with(m)));
        if members.len() < 2 && !marked {
            continue;
        }
        for (start, end) in members {
            let member = n.get(start..end).unwrap_or("");
            let bare = member.strip_suffix("等").unwrap_or(member).trim_end();
            let end = start + bare.len();
            let count = bare.chars().count();
            let dictionary_word = unit
                .items
                .iter()
                .chain(&unit.purposes)
                .any(|h| h.start < end && start < h.end);
            let latin = bare.starts_with(|c: char| c.is_ascii_alphabetic());
            if !(2..=16).contains(&count)
                || dictionary_word
                || NOT_MEMBERS.iter().any(|w| bare.contains(w))
                || bare.contains(['"', '\''])
                || MEMBER_OPENERS.iter().any(|w| bare.starts_with(w))
                || (!latin && ROLE_ENDINGS.iter().any(|w| bare.ends_with(w)))
                || NOT_NAMES.contains(&bare)
                || first_party.iter().any(|p| p.contains(bare))
            {
                continue;
            }
            let written = unit.original(start, end).trim();
            if !written.is_empty() {
                super::push_unique(out, written);
            }
        }
    }
}

/// Words that are never a recipient's name.
const NOT_NAMES: &[&str] = &[
    "sdk", "api", "app", "apps", "ip", "id", "url", "cookie", "cookies", "http", "https", "www",
    "android", "ios", "wifi", "gps", "dns", "ai", "we", "you", "the", "and", "or", "pc", "web",
];

/// The Latin-script names the document uses most (comparison form): the one held by the most
/// clauses, and any other held by at least half as many, each in at least one clause in twenty.
/// They are the product and brand of the first party (「Pocket」 in Pocket's policy; 「Firefox」
/// and its publisher 「Mozilla」 in Firefox's), which a policy titled only 「隐私政策」 names nowhere
/// else; a recipient named in passing (「Google」) falls far short.
pub(super) fn house_names(ctx: &Context) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for view in &ctx.clauses {
        let mut seen: HashSet<&str> = HashSet::new();
        let words = view
            .clause
            .text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 3 && w.starts_with(|c: char| c.is_ascii_uppercase()));
        for word in words {
            if seen.insert(word) {
                *counts.entry(word.to_ascii_lowercase()).or_default() += 1;
            }
        }
    }
    counts.retain(|w, count| {
        !NOT_NAMES.contains(&w.as_str()) && *count >= 3 && *count * 20 >= ctx.clauses.len()
    });
    let most = counts.values().copied().max().unwrap_or(0);
    let mut names: Vec<String> = counts
        .into_iter()
        .filter(|(_, count)| count * 2 >= most)
        .map(|(word, _)| word)
        .collect();
    names.sort_unstable();
    names
}

/// Words before a construction, in its clause, that negate it.
const NEGATIONS: &[&str] = &["不会", "不", "绝不", "禁止", "未", "无需", "并非"];

/// Recipients named in a unit's sharing constructions, as written, first party excluded.
/// `first_party` holds the comparison forms of the title and the controller's name.
pub(super) fn named(unit: &Unit, first_party: &[String]) -> Vec<String> {
    let Some(re) = constructions() else {
        return Vec::new();
    };
    let n = unit.n();
    let mut out: Vec<String> = Vec::new();
    for caps in re.captures_iter(n) {
        let Some(slot) = caps.get(1).or_else(|| caps.get(2)) else {
            continue;
        };
        let Some(whole) = caps.get(0) else { continue };
        if negated_before(n, whole.start()) {
            continue;
        }
        for (start, end) in names_in(n, slot.start(), slot.end()) {
            let folded = n.get(start..end).unwrap_or("").trim();
            if folded.starts_with("关联") {
                super::push_unique(&mut out, AFFILIATES);
                continue;
            }
            let bare = folded.split('.').next().unwrap_or(folded).trim();
            if bare.chars().count() < 2
                || NOT_NAMES.contains(&bare)
                || first_party.iter().any(|p| p.contains(bare))
            {
                continue;
            }
            let written = unit.original(start, start + bare.len()).trim();
            if !written.is_empty() {
                super::push_unique(&mut out, written);
            }
        }
    }
    if n.contains('(') {
        role_members(unit, first_party, &mut out);
    }
    if n.contains("通过") || n.contains("所属") || n.contains("所在") {
        roles_and_platforms(unit, first_party, &mut out);
    }
    out
}

/// Words that make a platform generic or the first party's own (「本平台」「第三方平台」).
const NOT_PLATFORMS: &[&str] = &[
    "本",
    "我",
    "您",
    "你",
    "该",
    "此",
    "其",
    "相关",
    "第三方",
    "上述",
    "这",
];

/// True when the clause before byte `at` of `n` holds a negation (「不会向…」): what follows is
/// denied, not done.
fn negated_before(n: &str, at: usize) -> bool {
    let lead = n.get(super::clause_start(n, at)..at).unwrap_or("");
    NEGATIONS.iter().any(|w| lead.contains(w))
}

/// Recipients of [`role_and_platform`] in a unit, pushed to `out`.
fn roles_and_platforms(unit: &Unit, first_party: &[String], out: &mut Vec<String>) {
    let Some(re) = role_and_platform() else {
        return;
    };
    let n = unit.n();
    for caps in re.captures_iter(n) {
        let Some(whole) = caps.get(0) else { continue };
        if negated_before(n, whole.start()) {
            continue;
        }
        if let Some(role) = caps.get(1) {
            let written = unit.original(role.start(), role.end()).trim();
            super::push_unique(out, written);
        } else if let Some(platform) = caps.get(2) {
            let name = platform.as_str().trim();
            // The data stands near its verb (the pattern has no counted repetition: each would
            // multiply the automaton compiled in every process).
            let near = n
                .get(whole.start()..platform.start())
                .is_some_and(|s| s.chars().count() <= 20);
            // A bare head (「平台」) or a generic or own platform names no one.
            let head_only = name.chars().count() <= 2;
            if !near
                || name.chars().count() > 24
                || head_only
                || NOT_PLATFORMS.iter().any(|w| name.starts_with(w))
                || first_party.iter().any(|p| p == name)
            {
                continue;
            }
            let written = unit.original(platform.start(), platform.end()).trim();
            super::push_unique(out, written);
        }
    }
}

/// The names of a slot `n[start..end]`, without their bracketed descriptions.
fn names_in(n: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let slot = n.get(start..end).unwrap_or("");
    let mut out = Vec::new();
    let mut from = 0;
    let mut depth = 0usize;
    let mut push = |s: usize, e: usize| {
        let text = slot.get(s..e).unwrap_or("");
        let lead = text.len() - text.trim_start().len();
        let trimmed = text.trim();
        if !trimmed.is_empty() {
            out.push((start + s + lead, start + s + lead + trimmed.len()));
        }
    };
    let mut i = 0;
    while i < slot.len() {
        let rest = slot.get(i..).unwrap_or("");
        let Some(c) = rest.chars().next() else { break };
        match c {
            '(' => {
                if depth == 0 {
                    push(from, i);
                    from = slot.len();
                }
                depth += 1;
            }
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    from = i + 1;
                }
            }
            ',' | '/' | '和' | '及' | '与' | '或' if depth == 0 => {
                push(from, i);
                from = i + c.len_utf8();
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    if from < slot.len() {
        push(from, slot.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::unit;

    fn recipients(sentence: &str) -> Vec<String> {
        named(
            &unit(sentence),
            &["示例浏览器隐私声明".to_owned(), "examplecorp".to_owned()],
        )
    }

    #[test]
    fn names_in_sharing_constructions() {
        assert_eq!(
            recipients("点击磁贴时，我们将与 Nimbus 和 TileMart（推荐平台）分享您的国家。"),
            ["Nimbus", "TileMart"]
        );
        assert_eq!(
            recipients("我們會和 Nimbus 及 TileMart 分享點閱時間。"),
            ["Nimbus", "TileMart"]
        );
        assert_eq!(
            recipients("默认情况下，应用会发送推广活动数据给我们的统计供应商 Tallyho。"),
            ["Tallyho"]
        );
        assert_eq!(
            recipients("部分用户的请求会路由到 EdgeGuard 或 SafeResolve。"),
            ["EdgeGuard", "SafeResolve"]
        );
        assert_eq!(
            recipients("我们可能向关联公司披露您的账户信息。"),
            [AFFILIATES]
        );
    }

    #[test]
    fn own_organisation_and_platforms_are_recipients() {
        assert_eq!(
            recipients("开启打卡功能后，我们会把您的签到次数在您所在的单位内公示。"),
            ["所在的单位"]
        );
        assert_eq!(
            recipients("经您同意，这些练习数据将来可通过 Lumen 开放平台（下称“LOP”）获取。"),
            ["Lumen 开放平台"]
        );
        assert!(recipients("您的资料可通过本平台进行查阅。").is_empty());
        assert!(recipients("我们不会在您所属的团队内公开您的成绩。").is_empty());
        assert!(recipients("您可以通过设置页面访问您的信息。").is_empty());
    }

    #[test]
    fn members_of_a_role_in_brackets_are_recipients() {
        assert_eq!(
            recipients("为适配通知栏，我们会与手机厂商（甲牌、乙星、Zeta等）共享设备型号。"),
            ["甲牌", "乙星", "Zeta"]
        );
        assert_eq!(
            recipients("统计结果会发送给我们的合作伙伴（如 Quint、丙数）。"),
            ["Quint", "丙数"]
        );
        assert!(recipients("我们会向服务商（支付、物流等）提供订单信息。").is_empty());
        assert!(recipients("我们会与合作方（承包商、政府部门）共享账户信息。").is_empty());
        assert!(recipients(
            "认证由甲乙数码科技有限公司（以下简称“甲乙”）和丙丁通信有限公司（丙丁）提供。"
        )
        .is_empty());
        assert!(recipients("我们不会与广告平台（Quint）共享您的电话号码。").is_empty());
    }

    #[test]
    fn negated_generic_and_first_party_are_not_recipients() {
        assert!(recipients("我们不会与任何第三方分享这些数据。").is_empty());
        assert!(recipients("我们不会向 Nimbus 提供您的邮箱。").is_empty());
        assert!(recipients("您可以与 ExampleCorp 分享反馈。").is_empty());
        assert!(recipients("数据会发送到 SDK 的服务器。").is_empty());
    }
}
