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

/// Builds the pattern (see [`super::prepare`]).
pub(super) const PREPARE: &[fn()] = &[|| _ = constructions()];

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
    out
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
    fn negated_generic_and_first_party_are_not_recipients() {
        assert!(recipients("我们不会与任何第三方分享这些数据。").is_empty());
        assert!(recipients("我们不会向 Nimbus 提供您的邮箱。").is_empty());
        assert!(recipients("您可以与 ExampleCorp 分享反馈。").is_empty());
        assert!(recipients("数据会发送到 SDK 的服务器。").is_empty());
    }
}
