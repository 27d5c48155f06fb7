//! Recipients named in prose: the organisations a sentence says data goes to, whether or not the
//! SDK registry knows them.
//!
//! A recipient stands in the slot of a sharing construction: 「与/和/向 X 分享/共享/提供/披露」 or
//! 「提供给/分享给/发送给/披露给/路由到 … X」 (the object may stand between the verb and 给, and X may
//! follow its role: 「发送营销数据给我们的分析供应商 X」). X is a run of names joined by 和、及、与、或、「、」 or
//! 「/」, each a Latin-script name (as written, so 「Amazon」 keeps its capitals) or the affiliates
//! (关联方/关联公司, one party: 关联方), optionally followed by a bracketed description. A
//! construction after a negation in its clause (「不会与任何第三方分享」) names no recipient, and the
//! first party (words of the title or the controller's name) is never one.

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
        let platform = r"(?:信息|数据|资料)[^,.;]{0,8}?(?:可|将|会|能)[^,.;]{0,4}?通过 ?((?:[a-z][a-z0-9&\-]*(?: [a-z][a-z0-9&\-]*)* ?)?\p{Han}{0,8}?(?:平台|机构|中心))(?: ?\([^()]*\))? ?(?:进行)?(?:访问|获取|查阅|下载|公开|发布)";
        Regex::new(&format!("{own}|{platform}")).ok()
    })
    .as_ref()
}

/// Builds the patterns (see [`super::prepare`]).
pub(super) const PREPARE: &[fn()] = &[|| _ = constructions(), || _ = role_and_platform()];

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
        let lead = n
            .get(super::clause_start(n, whole.start())..whole.start())
            .unwrap_or("");
        if NEGATIONS.iter().any(|w| lead.contains(w)) {
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

/// Recipients of [`role_and_platform`] in a unit, pushed to `out`.
fn roles_and_platforms(unit: &Unit, first_party: &[String], out: &mut Vec<String>) {
    let Some(re) = role_and_platform() else {
        return;
    };
    let n = unit.n();
    for caps in re.captures_iter(n) {
        let Some(whole) = caps.get(0) else { continue };
        let lead = n
            .get(super::clause_start(n, whole.start())..whole.start())
            .unwrap_or("");
        if NEGATIONS.iter().any(|w| lead.contains(w)) {
            continue;
        }
        if let Some(role) = caps.get(1) {
            let written = unit.original(role.start(), role.end()).trim();
            super::push_unique(out, written);
        } else if let Some(platform) = caps.get(2) {
            let name = platform.as_str().trim();
            // A bare head (「平台」) or a generic or own platform names no one.
            let head_only = name.chars().count() <= 2;
            if head_only
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
    fn negated_generic_and_first_party_are_not_recipients() {
        assert!(recipients("我们不会与任何第三方分享这些数据。").is_empty());
        assert!(recipients("我们不会向 Nimbus 提供您的邮箱。").is_empty());
        assert!(recipients("您可以与 ExampleCorp 分享反馈。").is_empty());
        assert!(recipients("数据会发送到 SDK 的服务器。").is_empty());
    }
}
