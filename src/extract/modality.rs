//! Negation and modality of a sentence (on its normalised form): which stretch a 「我们不会收集…」
//! denies, whether a statement is certain (将) or possible (可能会), required or optional, and
//! whether it is only a definition.

use super::Cues;

/// How certain a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modality {
    /// 将 / 会 / plain statement.
    Will,
    /// 可能 / 或将 / 视情况.
    May,
}

impl Modality {
    /// JSON code.
    pub fn code(self) -> &'static str {
        match self {
            Modality::Will => "will",
            Modality::May => "may",
        }
    }
}

/// Cues denying collection: what follows them (to a 但 or the sentence end) is not collected.
const NOT_COLLECT: &[&str] = &[
    "不会收集",
    "不收集",
    "不会主动收集",
    "并不收集",
    "从不收集",
    "不会采集",
    "不采集",
    "不会获取",
    "不获取",
    "不会主动获取",
    "不会读取",
    "不读取",
    "不会向您收集",
    "不会要求您提供",
    "不要求",
    "不会要求",
    "不接触",
    "不会接触",
    "不会搜集",
    "不搜集",
    "不会取得",
    "不会索取",
    "不索取",
    "无需收集",
    "无需您提供",
    "不需要收集",
    "不需要您提供",
    "没有收集",
    "未收集",
    "不会调用",
    "不会访问",
    "不涉及收集",
    "不涉及",
    "不包括",
];

/// Words before a denial that make it conditional (「未经您同意，我们不会收集…」 means we may, with consent).
const CONDITIONAL: &[&str] = &[
    "未经",
    "除非",
    "在未",
    "未获得",
    "未取得",
    "没有您的",
    "未征得",
    "未得到",
    "如果没有",
    "如未",
    "若未",
    "未开启",
    "关闭",
    "拒绝",
    "未授权",
    "不同意",
    "除",
];

/// Words that end a denial's scope.
const SCOPE_END: &[&str] = &["但", "而是", "仅", "只", "除外", "以外"];

/// Byte ranges of `n` (a normalised sentence) that an unconditional denial of collection covers.
pub fn negated_collection_scopes(n: &str) -> Vec<(usize, usize)> {
    static DENIALS: Cues = Cues::new(NOT_COLLECT);
    static CONDITIONS: Cues = Cues::new(CONDITIONAL);
    static ENDS: Cues = Cues::new(SCOPE_END);
    let mut out = Vec::new();
    for (i, end_of_cue) in DENIALS.all(n) {
        if CONDITIONS.any(n.get(..i).unwrap_or("")) {
            continue;
        }
        let rest = n.get(end_of_cue..).unwrap_or("");
        let scope_len = ENDS.first(rest).unwrap_or(rest.len());
        out.push((i, end_of_cue + scope_len));
    }
    out
}

/// Byte ranges of `n` that say what will not be *done with* information (「不会将您的健康数据用于广告」):
/// a mention there neither states nor denies collection.
pub fn negated_use_scopes(n: &str) -> Vec<(usize, usize)> {
    static CUES: Cues = Cues::new(&[
        "不会将",
        "不将",
        "不会把",
        "不会向",
        "不会对外提供",
        "绝不会将",
        "不会基于",
        "不会利用",
        "不会根据",
    ]);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, _) in CUES.all(n) {
        // To the end of the clause: the item may stand before the verb (「不会将X用于」)
        // or after it (「不会向第三方提供X」).
        let rest = n.get(i..).unwrap_or("");
        let end = rest.find([',', ';', '.']).unwrap_or(rest.len());
        out.push((i, i + end));
    }
    out
}

/// True when the byte range lies inside one of `scopes`.
pub fn within(scopes: &[(usize, usize)], start: usize, end: usize) -> bool {
    scopes.iter().any(|&(s, e)| s <= start && end <= e)
}

/// Certainty of a sentence.
pub fn modality(n: &str) -> Modality {
    static MAY: Cues = Cues::new(&["可能", "或将", "或会", "视情况", "有可能", "或许"]);
    if MAY.any(n) {
        Modality::May
    } else {
        Modality::Will
    }
}

/// `Some(true)` when the sentence says the information is required, `Some(false)` when optional.
pub fn required(n: &str) -> Option<bool> {
    const OPTIONAL: &[&str] = &[
        "可选",
        "选填",
        "非必填",
        "附加功能",
        "附加业务功能",
        "扩展功能",
        "非必要",
        "您可以选择",
        "自主选择",
        "可以选择是否",
        "拓展功能",
        "扩展业务功能",
        "非核心",
    ];
    const REQUIRED: &[&str] = &[
        "必要",
        "必需",
        "必须",
        "必填",
        "核心业务功能",
        "基本业务功能",
        "基本功能",
        "核心功能",
        "需要向我们提供",
        "需要提供",
        "您需提供",
        "您需要提供",
        "无法注册",
        "无法使用",
    ];
    static OPTIONAL_CUES: Cues = Cues::new(OPTIONAL);
    static REQUIRED_CUES: Cues = Cues::new(REQUIRED);
    if OPTIONAL_CUES.any(n) {
        Some(false)
    } else if REQUIRED_CUES.any(n) {
        Some(true)
    } else {
        None
    }
}

/// True when the sentence defines what (sensitive) personal information is, with examples, rather
/// than stating a collection (「个人敏感信息是指…，包括身份证件号码…」).
pub fn is_definition(n: &str) -> bool {
    const SUBJECTS: &[&str] = &["个人信息", "敏感信息", "敏感个人信息", "个人敏感信息"];
    const DEFINES: &[&str] = &["是指", "指的是", "系指"];
    let head: String = n.chars().take(40).collect();
    let defines = SUBJECTS.iter().any(|s| {
        head.find(s).is_some_and(|i| {
            DEFINES
                .iter()
                .any(|d| head.get(i..).is_some_and(|rest| rest.contains(d)))
        })
    });
    // 「1.2 敏感个人信息：一旦泄露…」: a definitions list entry.
    let body = n.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '.' | ' ' | '(' | ')' | ',')
    });
    let labelled = SUBJECTS.iter().any(|s| {
        body.strip_prefix(s)
            .is_some_and(|rest| rest.starts_with(':'))
    });
    let lists_kinds = [
        "涉及的个人信息包括",
        "涉及的个人敏感信息包括",
        "涉及的敏感个人信息包括",
        "个人信息举例",
        "敏感信息举例",
    ]
    .iter()
    .any(|w| n.contains(w));
    defines || labelled || lists_kinds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn denied(sentence: &str, word: &str) -> bool {
        let n = normalize(sentence);
        let w = normalize(word);
        let i = n.find(&w).unwrap();
        within(&negated_collection_scopes(&n), i, i + w.len())
    }

    #[test]
    fn denials_cover_what_follows_them() {
        for (sentence, word, expected) in [
            ("我们不会收集您的通讯录和短信内容。", "短信内容", true),
            (
                "我们不会收集您的通讯录，但会收集您的手机号码。",
                "手机号码",
                false,
            ),
            (
                "未经您的同意，我们不会收集您的位置信息。",
                "位置信息",
                false,
            ),
            ("我们收集您的姓名，不收集您的身份证号码。", "姓名", false),
            (
                "我们收集您的姓名，不收集您的身份证号码。",
                "身份证号码",
                true,
            ),
            ("本应用不会读取您的剪切板内容", "剪切板", true),
            ("我们将收集您的设备信息。", "设备信息", false),
        ] {
            assert_eq!(denied(sentence, word), expected, "{sentence} / {word}");
        }
    }

    #[test]
    fn use_denials_are_neutral() {
        for (sentence, word) in [
            ("我们不会将您的健康数据用于广告投放。", "健康数据"),
            (
                "我们不会向任何第三方提供您的健康信息，也不会转让。",
                "健康信息",
            ),
        ] {
            let n = normalize(sentence);
            let i = n.find(word).unwrap();
            assert!(
                within(&negated_use_scopes(&n), i, i + word.len()),
                "{sentence}"
            );
            assert!(negated_collection_scopes(&n).is_empty());
        }
    }

    #[test]
    fn modality_and_requirement() {
        assert_eq!(
            modality(&normalize("我们可能会收集您的位置信息")),
            Modality::May
        );
        assert_eq!(
            modality(&normalize("我们将收集您的位置信息")),
            Modality::Will
        );
        assert_eq!(
            required(&normalize("这是核心业务功能所必需的信息")),
            Some(true)
        );
        assert_eq!(
            required(&normalize(
                "附加业务功能可能需要收集的信息，您可以选择是否授权"
            )),
            Some(false)
        );
        assert_eq!(required(&normalize("我们收集您的昵称")), None);
    }

    #[test]
    fn definitions_are_recognised() {
        assert!(is_definition(&normalize(
            "个人敏感信息是指一旦泄露可能危害人身和财产安全的个人信息，包括身份证件号码"
        )));
        assert!(is_definition(&normalize(
            "本隐私政策中涉及的个人信息包括姓名、性别"
        )));
        assert!(is_definition(&normalize(
            "1.2 敏感个人信息：一旦泄露或者非法使用，例如指纹"
        )));
        assert!(!is_definition(&normalize("我们会收集您的姓名和手机号码")));
    }
}
