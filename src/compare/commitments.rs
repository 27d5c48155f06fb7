//! Commitments that limit processing (「不会…共享」「仅用于…」「注销后删除」), read from the text of a
//! clause, and which of them a new version withdraws.
//!
//! Extraction's statements carry what a policy does; a commitment is a promise about what it will
//! not do, often worded without a data item (「我们仅自身使用这些数据」). Deleting or weakening one is
//! a major change of the code its verb concerns (third parties, purpose, manner of processing), so
//! each commitment is kept with its verb's [`Family`]. A commitment counts as restated when the new
//! clause keeps one of the same family (「不会向公众分享」→「不会向公众公开」) or the new version
//! states the same phrase anywhere.

use std::collections::HashSet;

/// What a commitment's verb concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Giving data to others (出售、共享、分享、提供、披露、公开…).
    Disclosure,
    /// Using data (用于、使用、推送…).
    Use,
    /// Keeping or moving data (存储、保存、传输、转移).
    Keeping,
    /// Deleting or anonymising data (on closing the account).
    Deletion,
}

/// How a commitment is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A negation before the verb (「不会…共享」「不用于…」).
    Negation,
    /// A restriction before the verb (「仅…使用」「只在本地存储」).
    Restriction,
    /// A promise to delete on closing the account (「注销…删除」).
    OnClosing,
}

/// One commitment of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    /// What its verb concerns.
    pub family: Family,
    /// How it is worded.
    pub shape: Shape,
    /// The commitment as written, in comparison form (normalised: width, case, script folded).
    pub phrase: String,
}

impl Commitment {
    /// True when the commitment is about sending data abroad (「不会向境外传输」).
    pub fn is_cross_border(&self) -> bool {
        ["境外", "出境", "海外", "跨境"]
            .iter()
            .any(|w| self.phrase.contains(w))
    }

    /// True when withdrawing it changes a practice by itself. A negated transfer or storage
    /// (「不会传输…」) says nothing unless it names abroad, which is read as a cross-border change;
    /// keeping for a period (「仅保存180天」) is a retention period, compared as one.
    pub fn binds_alone(&self) -> bool {
        match self.family {
            Family::Keeping => {
                self.shape != Shape::Negation && crate::numbers::periods(&self.phrase).is_empty()
            }
            _ => true,
        }
    }
}

/// The pattern of a commitment. Each alternative captures the words between its opening and its
/// verb (where it has any) and then the verb, in groups of its own:
/// 1. a negation, then within the clause a verb of use, disclosure or transfer
///    (「不会…用于/出售/共享/传输…」「不与任何第三方分享」「不向…提供」);
/// 2. 不 directly before 用于/用作 (「不用于广告」);
/// 3. a restriction, then a verb of use or keeping (「仅自身使用」「只在本地存储」);
/// 4. a promise to delete on closing the account (「注销…删除/匿名化」).
///
/// How far the verb may stand from the opening is checked in [`in_normalized`] ([`GAPS`], see
/// [`crate::bounded`]).
///
/// Bare 「不提供」 is left out: 「您可以不提供这些信息」 is the user's choice.
fn regex() -> Option<&'static regex::Regex> {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(concat!(
            r"(?:不会|绝不|决不|不得|承诺不|不予|不与|不向)([^,.;:!?]*?)",
            r"(用于|用作|出售|售卖|出租|共享|分享|转让|公开披露|披露|公开|提供|推送|进行|传输|转移|存储|使用)",
            r"|不(用于|用作)",
            r"|(?:仅|只)([^,.;:!?]*?)(用于|使用|存储|保存)",
            r"|注销([^.;!?]*?)(删除|匿名化)",
        ))
        .ok()
    })
    .as_ref()
}

/// For each verb group of [`regex`]: the group of the words before it, how many characters those
/// may have, and the commitment's shape.
const GAPS: [(usize, usize, usize, Shape); 4] = [
    (2, 1, 16, Shape::Negation),
    (3, 0, 0, Shape::Negation),
    (5, 4, 6, Shape::Restriction),
    (7, 6, 20, Shape::OnClosing),
];

/// How many characters after the verb a commitment's phrase keeps (up to punctuation).
const PHRASE_TAIL: usize = 16;

/// Builds the pattern ahead of use (see [`super::prepare`]).
pub fn prepare() {
    _ = regex();
}

/// The family of a commitment verb.
fn family_of(verb: &str) -> Family {
    match verb {
        "出售" | "售卖" | "出租" | "共享" | "分享" | "转让" | "公开披露" | "披露" | "公开"
        | "提供" => Family::Disclosure,
        "传输" | "转移" | "存储" | "保存" => Family::Keeping,
        "删除" | "匿名化" => Family::Deletion,
        _ => Family::Use,
    }
}

/// True when a restriction names who processes (「仅我们自身使用」「只由本公司使用」): limiting the
/// actor to the first party is a promise that others get nothing, whatever the verb.
fn names_first_party(restriction: &str) -> bool {
    ["自身", "我们", "本公司", "我司", "自己"]
        .iter()
        .any(|w| restriction.contains(w))
}

/// The commitments of a text already in comparison form.
pub fn in_normalized(normalized: &str) -> Vec<Commitment> {
    let Some(re) = regex() else {
        return Vec::new();
    };
    crate::bounded::captures_where(re, normalized, |c| {
        let (verb, gap, max, shape) = GAPS.iter().find(|(verb, ..)| c.get(*verb).is_some())?;
        if *gap != 0
            && c.get(*gap)
                .is_some_and(|g| g.as_str().chars().count() > *max)
        {
            return None;
        }
        let (whole, verb) = (c.get(0)?, c.get(*verb)?);
        // The phrase keeps the words after the verb, up to punctuation.
        let tail: usize = normalized
            .get(verb.end()..)
            .unwrap_or("")
            .chars()
            .take_while(|ch| !",.;:!?".contains(*ch))
            .take(PHRASE_TAIL)
            .map(char::len_utf8)
            .sum();
        let end = verb.end() + tail;
        let before_verb = normalized.get(whole.start()..verb.start())?;
        let family = if *shape == Shape::Restriction && names_first_party(before_verb) {
            Family::Disclosure
        } else {
            family_of(verb.as_str())
        };
        let commitment = Commitment {
            family,
            shape: *shape,
            phrase: normalized.get(whole.start()..end)?.to_owned(),
        };
        Some((commitment, end))
    })
}

/// The family of the first commitment a phrase states, if any (a withdrawn commitment's subject
/// is its phrase).
pub fn family_of_phrase(phrase: &str) -> Option<Family> {
    in_normalized(phrase).first().map(|c| c.family)
}

/// The commitments of `from` (one side of a changed clause) that the other side `to` does not
/// restate with a commitment of the same family and the same reach (a promise about going abroad
/// is restated only by another about going abroad), and whose phrase the other version does not
/// state anywhere either (`stated_anywhere`, asked only of those left).
pub fn unmatched(from: &str, to: &str, stated_anywhere: impl Fn(&str) -> bool) -> Vec<Commitment> {
    let kept: HashSet<(Family, bool)> = in_normalized(to)
        .into_iter()
        .map(|c| (c.family, c.is_cross_border()))
        .collect();
    in_normalized(from)
        .into_iter()
        .filter(|c| !kept.contains(&(c.family, c.is_cross_border())) && !stated_anywhere(&c.phrase))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn families(text: &str) -> Vec<(Family, Shape)> {
        in_normalized(text)
            .into_iter()
            .map(|c| (c.family, c.shape))
            .collect()
    }

    #[test]
    fn reads_each_wording_with_its_family() {
        assert_eq!(
            families("我们不会与任何第三方分享您的数据"),
            [(Family::Disclosure, Shape::Negation)]
        );
        assert_eq!(families("数据不用于营销"), [(Family::Use, Shape::Negation)]);
        assert_eq!(
            families("这些数据仅由我们自身使用"),
            [(Family::Disclosure, Shape::Restriction)]
        );
        assert_eq!(
            families("手机号仅用于登录"),
            [(Family::Use, Shape::Restriction)]
        );
        assert_eq!(
            families("照片只在您的手机上保存"),
            [(Family::Keeping, Shape::Restriction)]
        );
        assert_eq!(
            families("账号注销后我们将删除您的资料"),
            [(Family::Deletion, Shape::OnClosing)]
        );
        assert!(families("您可以不提供这些信息").is_empty());
    }

    #[test]
    fn the_verb_stands_near_the_opening() {
        // Sixteen characters between 不会 and the verb at most.
        assert_eq!(
            families("我们不会将一二三四五六七八九十甲乙丙丁戊己提供"),
            []
        );
        assert_eq!(
            families("我们不会将一二三四五六七八九十甲乙丙丁戊提供"),
            [(Family::Disclosure, Shape::Negation)]
        );
        // A later opening nearer the verb is a commitment of its own.
        assert_eq!(
            families("不会将一二三四五六七八九十甲乙丙丁戊己仅用于"),
            [(Family::Use, Shape::Restriction)]
        );
        let [c] = in_normalized("我们不会出售您的个人信息给任何公司或者个人,也不会")
            .try_into()
            .unwrap_or_else(|_| panic!());
        assert_eq!(c.phrase, "不会出售您的个人信息给任何公司或者个人");
    }

    #[test]
    fn a_synonym_of_the_same_family_restates_a_commitment() {
        let none = |_: &str| false;
        assert!(unmatched("邮箱不会向公众分享", "邮箱将向公众公开", none).len() == 1);
        assert!(unmatched("邮箱不会向公众分享", "邮箱不会向公众公开", none).is_empty());
        let withdrawn = unmatched("邮箱不会向公众分享", "邮箱将用于登录", none);
        assert_eq!(withdrawn.len(), 1);
        let phrase = withdrawn[0].phrase.clone();
        assert!(unmatched("邮箱不会向公众分享", "", |p: &str| p == phrase).is_empty());
    }

    #[test]
    fn a_negated_transfer_binds_only_abroad() {
        let [local] = in_normalized("我们不会传输您的日志")
            .try_into()
            .unwrap_or_else(|_| panic!());
        assert!(!local.binds_alone() && !local.is_cross_border());
        let [abroad] = in_normalized("我们不会向境外传输您的信息")
            .try_into()
            .unwrap_or_else(|_| panic!());
        assert!(abroad.is_cross_border());
        // Keeping data locally does not restate a promise not to send it abroad.
        assert_eq!(
            unmatched(
                "我们不会向境外传输您的信息",
                "日志只在本地存储",
                |_: &str| false
            )
            .len(),
            1
        );
        let [period] = in_normalized("聊天记录仅保存180天")
            .try_into()
            .unwrap_or_else(|_| panic!());
        assert!(!period.binds_alone());
        let [local_only] = in_normalized("照片只在您的手机上保存")
            .try_into()
            .unwrap_or_else(|_| panic!());
        assert!(local_only.binds_alone());
    }
}
