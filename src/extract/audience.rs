//! Audience: the users or platforms a sentence limits what it states to (「对于美国的部分用户」
//! 「Android 版本：」「Firefox for iOS」). A statement that drops such a limit, or names more
//! platforms than before, now applies to more people: the diff compares audiences of the same
//! statement across versions (`compare::statements`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

/// Regions that can limit a sentence's users (the longest name is taken: 「中国大陆」, not 「中国」).
const REGIONS: &[&str] = &[
    "中华人民共和国境内",
    "中国大陆地区",
    "中国大陆",
    "中国内地",
    "中国境内",
    "中国香港",
    "中国台湾",
    "中国澳门",
    "欧洲经济区",
    "美国",
    "欧盟",
    "欧洲",
    "英国",
    "加拿大",
    "日本",
    "韩国",
    "德国",
    "法国",
    "澳大利亚",
    "印度",
    "巴西",
    "俄罗斯",
    "新加坡",
    "香港",
    "台湾",
    "澳门",
    "中国",
    "境内",
    "境外",
    "海外",
    "国外",
];

/// Regions inside mainland China: users there are the policy's domestic audience.
const DOMESTIC: &[&str] = &[
    "中华人民共和国境内",
    "中国大陆地区",
    "中国大陆",
    "中国内地",
    "中国境内",
    "中国",
    "境内",
];

/// Platform words and the platforms each stands for (an umbrella word stands for several).
const PLATFORMS: &[(&str, &[&str])] = &[
    ("ipados", &["iOS"]),
    ("ios", &["iOS"]),
    ("iphone", &["iOS"]),
    ("android", &["Android"]),
    ("安卓", &["Android"]),
    ("harmonyos", &["HarmonyOS"]),
    ("鸿蒙", &["HarmonyOS"]),
    ("windows", &["Windows"]),
    ("macos", &["macOS"]),
    ("linux", &["Linux"]),
    ("移动端", &["Android", "iOS"]),
    ("移动版", &["Android", "iOS"]),
    ("手机端", &["Android", "iOS"]),
    ("桌面版", &["Windows", "macOS", "Linux"]),
    ("桌面端", &["Windows", "macOS", "Linux"]),
    ("电脑端", &["Windows", "macOS", "Linux"]),
    ("pc端", &["Windows", "macOS", "Linux"]),
    ("网页版", &["Web"]),
    ("网页端", &["Web"]),
];

/// What may follow a platform word when it names data, not an audience (「Android ID」
/// 「iOS 系统版本」「安卓设备标识」).
const DATA_AFTER_PLATFORM: &[&str] = &[
    "id",
    "广告",
    "设备",
    "系统",
    "版本号",
    "标识",
    "序列号",
    "用户名",
];

/// The canonical platforms every platform word of the audience stands for.
const CANONICAL_PLATFORMS: &[&str] = &[
    "iOS",
    "Android",
    "HarmonyOS",
    "Windows",
    "macOS",
    "Linux",
    "Web",
];

pub(super) const PREPARE: &[fn()] = &[|| _ = region_words(), || _ = platform_words()];

/// The audience a sentence limits itself to: the regions whose users it speaks of (「美国的部分用户」
/// → 美国; 「中国大陆以外的用户」 → 中国大陆以外) and the platforms it names (umbrella words
/// expanded: 移动端 → Android, iOS), sorted and without repeats. Words inside brackets are
/// examples or qualifiers of data, not the audience, and are skipped. Empty: everyone.
pub(super) fn audience(sentence: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut region_end = 0;
    for m in region_words()
        .into_iter()
        .flat_map(|a| a.find_iter(sentence))
    {
        // A region inside the qualifiers of the one before (「美国境内」) is part of it.
        if m.start() < region_end {
            continue;
        }
        let region = sentence.get(m.range()).unwrap_or("");
        let (outside, quantified, end) = region_qualifiers(sentence, m.end());
        region_end = end;
        let rest = sentence.get(end..).unwrap_or("");
        if !names_users(rest, quantified) || in_brackets(sentence, m.start()) {
            continue;
        }
        found.push(format!("{region}{}", if outside { "以外" } else { "" }));
    }
    for m in platform_words()
        .into_iter()
        .flat_map(|a| a.find_iter(sentence))
    {
        let before = sentence
            .get(..m.start())
            .and_then(|s| s.chars().next_back());
        let rest = sentence.get(m.end()..).unwrap_or("");
        let after = rest.chars().next();
        let word_edge = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphanumeric());
        if !word_edge(before) || !word_edge(after) || in_brackets(sentence, m.start()) {
            continue;
        }
        let rest = rest.trim_start().to_lowercase();
        if DATA_AFTER_PLATFORM.iter().any(|w| rest.starts_with(w)) {
            continue;
        }
        if let Some((_, platforms)) = PLATFORMS.get(m.pattern().as_usize()) {
            found.extend(platforms.iter().map(|p| (*p).to_owned()));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// True for an audience entry naming a platform (else it names a region).
pub(crate) fn is_platform(entry: &str) -> bool {
    CANONICAL_PLATFORMS.contains(&entry)
}

/// True for an audience entry naming users outside mainland China (「美国」「海外」「中国大陆以外」
/// are; 「境内」「中国大陆」 are not).
pub(crate) fn is_foreign_region(entry: &str) -> bool {
    !is_platform(entry) && (entry.ends_with("以外") || !DOMESTIC.contains(&entry))
}

/// True when byte offset `at` of `text` is inside round brackets (「县（如果位于美国）」).
fn in_brackets(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let depth = before.chars().fold(0i32, |depth, c| match c {
        '（' | '(' => depth + 1,
        '）' | ')' => (depth - 1).max(0),
        _ => depth,
    });
    depth > 0
}

/// Words for the users a region qualifies.
const USERS: &[&str] = &["用户", "居民", "消费者"];

/// Characters that end a product name: a preposition, conjunction or verb inside would make it a
/// clause (「美国的伙伴向用户…」).
const NOT_IN_NAME: &str = "向与和及的为对给把将由从在是，。；：,;:、（）()";

/// True when the text after a region (and its 的/quantifier) names users: directly, or after a
/// product name — in Latin letters (「 Acme 用户」), or in at most six Chinese characters when a
/// 的 or quantifier came before (「的部分晴雨天气用户」).
fn names_users(rest: &str, quantified: bool) -> bool {
    let starts_users = |s: &str| USERS.iter().any(|u| s.starts_with(u));
    let rest = rest.trim_start();
    if starts_users(rest) {
        return true;
    }
    let latin_end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphabetic() || *c == ' '))
        .map_or(rest.len(), |(i, _)| i);
    if latin_end > 0 && rest.get(..latin_end).is_some_and(|l| l.len() <= 21) {
        return rest.get(latin_end..).is_some_and(starts_users);
    }
    if !quantified {
        return false;
    }
    (1..=6).any(|n| {
        rest.char_indices().nth(n).is_some_and(|(i, _)| {
            rest.get(..i).is_some_and(|name| {
                !name
                    .chars()
                    .any(|c| NOT_IN_NAME.contains(c) || c.is_whitespace())
            }) && rest.get(i..).is_some_and(starts_users)
        })
    })
}

/// What follows a region up to the users [`names_users`] looks for: perhaps 以外/之外, 境内/地区,
/// and a 的 or quantifier (「美国的部分 Acme 用户」「欧盟用户」「中国大陆以外的用户」). Returns whether
/// it said 以外, whether a 的 or quantifier came, and where the qualifiers end.
fn region_qualifiers(sentence: &str, end: usize) -> (bool, bool, usize) {
    let mut rest = sentence.get(end..).unwrap_or("");
    let mut strip = |words: &[&str]| -> bool {
        let word = words.iter().find(|w| rest.starts_with(**w));
        if let Some(w) = word {
            rest = rest.get(w.len()..).unwrap_or("");
        }
        word.is_some()
    };
    let outside = strip(&["以外", "之外"]);
    strip(&["境内", "地区"]);
    let quantified = strip(&["的"]) | strip(&["部分", "全部", "所有"]);
    (outside, quantified, sentence.len() - rest.len())
}

/// The automaton of [`REGIONS`] (the longest name at a place wins). `None` only if aho-corasick
/// refused the list, which the tests rule out.
fn region_words() -> Option<&'static AhoCorasick> {
    static WORDS: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    WORDS.get_or_init(|| words(REGIONS, false)).as_ref()
}

/// The automaton of the [`PLATFORMS`] words, ASCII letters in either case (「iOS」「IOS」); word
/// edges are checked by the caller. Pattern ids are indexes into [`PLATFORMS`].
fn platform_words() -> Option<&'static AhoCorasick> {
    static WORDS: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            let list: Vec<&str> = PLATFORMS.iter().map(|(word, _)| *word).collect();
            words(&list, true)
        })
        .as_ref()
}

/// A leftmost-longest automaton of `list`: an NFA, since a DFA costs more to build than the few
/// sentences searched save.
fn words(list: &[&str], ascii_case_insensitive: bool) -> Option<AhoCorasick> {
    AhoCorasickBuilder::new()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .ascii_case_insensitive(ascii_case_insensitive)
        .match_kind(MatchKind::LeftmostLongest)
        .build(list)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_users_are_the_audience() {
        assert_eq!(
            audience("对于欧盟的部分 Acme 用户，我们会将请求转发至服务商。"),
            ["欧盟"]
        );
        assert_eq!(audience("位于新加坡的用户的数据存储于当地。"), ["新加坡"]);
        assert_eq!(
            audience("中国大陆以外的用户使用时，我们会…"),
            ["中国大陆以外"]
        );
        // A region qualifying data, not users, is no audience.
        assert!(audience("我们会共享您所在的城市、州（如果位于加拿大）和访问时间。").is_empty());
        assert!(audience("我们的服务器位于日本。").is_empty());
        assert!(audience("我们在中国境内运营中收集的用户信息存储于境内。").is_empty());
        assert!(audience("我们会与日本的合作伙伴向用户提供服务。").is_empty());
        assert_eq!(audience("对于英国的部分青柠阅读用户，我们会…"), ["英国"]);
    }

    #[test]
    fn platforms_are_the_audience_unless_they_name_data() {
        assert_eq!(
            audience("移动端：Acme for iPadOS 会向分析服务商发送启动记录。"),
            ["Android", "iOS"]
        );
        assert_eq!(
            audience("桌面版：我们会收集崩溃报告。"),
            ["Linux", "Windows", "macOS"]
        );
        assert!(audience("我们会收集 Android ID、iOS 系统版本。").is_empty());
        assert!(audience("我们会收集设备信息（如 Android、iOS 版本）。").is_empty());
        assert!(audience("Bioscience 工作室会收集昵称。").is_empty());
    }

    #[test]
    fn word_automata_are_built() {
        assert!(region_words().is_some() && platform_words().is_some());
    }

    #[test]
    fn a_region_in_the_qualifiers_of_another_is_part_of_it() {
        assert_eq!(audience("美国境内的部分用户"), ["美国"]);
        assert_eq!(audience("欧盟以外地区的所有用户"), ["欧盟以外"]);
    }

    #[test]
    fn regions_are_told_apart() {
        assert!(is_foreign_region("欧盟"));
        assert!(is_foreign_region("中国大陆以外"));
        assert!(!is_foreign_region("境内"));
        assert!(!is_foreign_region("iOS"));
        assert!(is_platform("Web"));
    }
}
