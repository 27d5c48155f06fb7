//! Metadata lines: 生效日期 / 更新日期 / 发布日期 / 版本 / 最近更新 … → label and value as written.

use regex::Regex;
use std::sync::LazyLock;

/// Labels of metadata lines, longest first so that `最近更新日期` wins over `最近更新`.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:本(?:隐私政策|政策|指引|协议|版本|版)?|版本)?(?:制定及|制定和)?(最近更新日期|最近更新时间|最近更新|最后更新日期|最后更新时间|最后更新|最后修订日期|最近修订日期|最新更新日期|最新更新时间|最新更新|更新日期|更新时间|生效日期|生效时间|发布日期|发布时间|修订日期|修订时间|公布日期|施行日期|实施日期|版本号|版本|更新于|生效于|发布于)\s*[】\]]?\s*[:：]?\s*",
    )
    .unwrap_or_else(|e| panic!("metadata pattern: {e}"))
});

/// The characters a metadata label can start with, after simplification: the lead-ins of
/// [`LABEL`] (本…, 版本, 制定) and its labels. A line starting otherwise is no metadata line, and
/// most lines are turned away by this test before any pattern runs.
const LABEL_FIRST_CHARS: &str = "本版制最更生发修公施实";

/// A line that is only a date and what happened on it, the label after the date
/// (`2022 年 5 月 30 日生效`, `本政策自2023年1月1日起施行。`).
static DATE_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:本(?:隐私)?(?:政策|声明|指引|协议)?)?\s*(?:自|于)?\s*(?P<date>[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月(?:\s*[0-9０-９]{1,2}\s*日)?|[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2})\s*起?\s*(?P<label>生效|施行|实施|更新|发布|修订)$",
    )
    .unwrap_or_else(|e| panic!("date-first metadata pattern: {e}"))
});

/// Words that end a date-first metadata line.
const DATE_FIRST_LABELS: &[&str] = &["生效", "施行", "实施", "更新", "发布", "修订"];

/// Longest date-first metadata line (in characters).
const MAX_DATE_FIRST_CHARS: usize = 30;

/// Longest line (in characters) that can be a metadata line.
const MAX_LINE_CHARS: usize = 80;
/// Longest value (in characters).
const MAX_VALUE_CHARS: usize = 40;

/// The `(label, value)` pairs of a metadata line such as `生效日期：2021年09月12日` (several when the
/// line holds several labels), or `None` when the line is not a metadata line.
pub fn parse(line: &str) -> Option<Vec<(String, String)>> {
    let line = line.trim().trim_start_matches(['【', '[', '（', '(']);
    if line.chars().count() > MAX_LINE_CHARS {
        return None;
    }
    // Labels are matched on the simplified form (fast2s maps character for character, so char
    // positions agree); labels and values are reported as written.
    if let Some(pair) = date_first(line) {
        return Some(vec![pair]);
    }
    let head: String = line.chars().take(4).collect();
    if !crate::normalize::simplified(&head).starts_with(|c| LABEL_FIRST_CHARS.contains(c)) {
        return None;
    }
    let simplified = crate::normalize::simplified(line);
    // A metadata line starts with its label: most lines are rejected here, before the capture
    // groups (the costly part of matching) are asked for.
    if LABEL.find(&simplified)?.start() != 0 {
        return None;
    }
    let line_offsets: Vec<usize> = line
        .char_indices()
        .map(|(i, _)| i)
        .chain([line.len()])
        .collect();
    let simple_offsets: Vec<usize> = simplified
        .char_indices()
        .map(|(i, _)| i)
        .chain([simplified.len()])
        .collect();
    if line_offsets.len() != simple_offsets.len() {
        return None;
    }
    let to_line = |simple: usize| {
        let idx = simple_offsets.partition_point(|&o| o < simple);
        line_offsets.get(idx).copied().unwrap_or(line.len())
    };
    // (start, end of label and separator, label start, label end, has a colon)
    let matches: Vec<(usize, usize, usize, usize, bool)> = LABEL
        .captures_iter(&simplified)
        .filter_map(|c| {
            let (whole, label) = (c.get(0)?, c.get(1)?);
            let colon = whole.as_str().contains([':', '：']);
            let start = to_line(whole.start());
            Some((
                start,
                to_line(whole.end()),
                to_line(label.start()),
                to_line(label.end()),
                colon,
            ))
        })
        .collect();
    if matches.first()?.0 != 0 {
        return None;
    }
    let mut out = Vec::new();
    for (i, &(_, value_start, label_start, label_end, has_colon)) in matches.iter().enumerate() {
        let value_end = matches.get(i + 1).map_or(line.len(), |n| n.0);
        let value = line
            .get(value_start..value_end)?
            .trim()
            .trim_end_matches(['。', '；', ';', '，', ',', '】', ']', '）', ')'])
            .trim()
            .trim_start_matches(['【', '['])
            .trim();
        let value_like =
            value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'V' | 'v' | '２' | '１'));
        if value.is_empty() || value.chars().count() > MAX_VALUE_CHARS || !(has_colon || value_like)
        {
            return None;
        }
        out.push((
            line.get(label_start..label_end)?.to_owned(),
            value.to_owned(),
        ));
    }
    Some(out)
}

/// The `(label, date)` of a short line that states a date and then what happened on it; the
/// label is the verb as written (`生效`). Lines not ending with such a verb are rejected before
/// the pattern runs.
fn date_first(line: &str) -> Option<(String, String)> {
    let line = line.trim_end_matches(['。', '.', ' ']);
    if line.chars().nth(MAX_DATE_FIRST_CHARS).is_some()
        || !DATE_FIRST_LABELS.iter().any(|l| line.ends_with(l))
    {
        return None;
    }
    let c = DATE_FIRST.captures(line)?;
    Some((
        c.name("label")?.as_str().to_owned(),
        c.name("date")?.as_str().to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_label_starts_with_a_listed_character() {
        let pattern = super::LABEL.as_str();
        let (_, group) = pattern.split_once("制定和)?(").unwrap_or_default();
        let (labels, _) = group.split_once(')').unwrap_or_default();
        let labels: Vec<&str> = labels.split('|').collect();
        assert!(labels.len() > 20, "{labels:?}");
        for label in labels.iter().chain(&["本", "版本", "制定及"]) {
            assert!(
                label.starts_with(|c| super::LABEL_FIRST_CHARS.contains(c)),
                "{label}"
            );
        }
    }
    use super::*;

    #[test]
    fn metadata_lines() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("生效日期:2021年09月12日", &[("生效日期", "2021年09月12日")]),
            (
                "最近更新日期： 2022-04-11",
                &[("最近更新日期", "2022-04-11")],
            ),
            (
                "本版本更新日期：2023年1月1日 生效日期：2023年1月8日",
                &[("更新日期", "2023年1月1日"), ("生效日期", "2023年1月8日")],
            ),
            ("版本：V2.1", &[("版本", "V2.1")]),
            ("版本更新日期：2024/01/08", &[("更新日期", "2024/01/08")]),
            (
                "制定及生效日期：2019年2月20日",
                &[("生效日期", "2019年2月20日")],
            ),
            (
                "本版发布日期：【2022-08-30】",
                &[("发布日期", "2022-08-30")],
            ),
            (
                "最後修訂日期：2024年2月15日　生效日期：2024年2月15日",
                &[
                    ("最後修訂日期", "2024年2月15日"),
                    ("生效日期", "2024年2月15日"),
                ],
            ),
            ("【更新日期】2022年3月1日", &[("更新日期", "2022年3月1日")]),
            ("更新于2020年5月", &[("更新于", "2020年5月")]),
            ("2022 年 5 月 30 日生效", &[("生效", "2022 年 5 月 30 日")]),
            ("本政策自2023年1月1日起施行。", &[("施行", "2023年1月1日")]),
            ("2024-03-01 更新", &[("更新", "2024-03-01")]),
        ];
        for (line, want) in cases {
            let got = parse(line).unwrap_or_else(|| panic!("{line}"));
            let got: Vec<(&str, &str)> =
                got.iter().map(|(l, v)| (l.as_str(), v.as_str())).collect();
            assert_eq!(&got, want, "{line}");
        }
    }

    #[test]
    fn not_metadata() {
        for line in [
            "版本更新说明",
            "我们会在生效日期前通知您。",
            "更新日期",
            "一、本政策如何更新",
            "2023年1月1日起我们会更新",
            "我们将在30日内更新",
        ] {
            assert_eq!(parse(line), None, "{line}");
        }
    }
}
