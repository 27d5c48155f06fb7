//! Numbers and lengths of time as policies write them: Chinese numerals (十四, 一百八十, 二〇二三,
//! 壹佰), ASCII digits, and periods (「180天」「三年」「15个工作日」「六个月」).
//!
//! One parser serves every stage: `structure` numbers headings with it, `extract` reads ages,
//! dates, retention periods and time limits, and `compare` grades retention and time-limit
//! changes with it, so that a period means the same length everywhere.

use regex::Regex;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// Value of one Chinese digit (the plain and the formal forms; 〇/○/零 are zero).
fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of a multiplier character (十, 百, 千, 万 and their formal forms).
fn multiplier(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' | '萬' => 10_000,
        _ => return None,
    })
}

/// The value of a number written in ASCII digits or Chinese numerals: 「15」, 「十五」, 「一百零五」,
/// 「一百八十」, 「两千」, 「三万」, and digit strings read place by place (「二〇二三」 is 2023).
/// `None` for anything else, or a value beyond `u32`.
pub fn value(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    if !text.chars().any(|c| multiplier(c).is_some()) {
        // A digit string (years): each character is one place.
        return text
            .chars()
            .try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let (mut total, mut section, mut current) = (0u32, 0u32, 0u32);
    for c in text.chars() {
        if let Some(d) = digit(c) {
            current = d;
        } else if c == '万' || c == '萬' {
            total = total.checked_add(section.checked_add(current)?.checked_mul(10_000)?)?;
            section = 0;
            current = 0;
        } else {
            let m = multiplier(c)?;
            // A leading 十 stands for 一十 (十五 is 15).
            section = section.checked_add(current.max(1).checked_mul(m)?)?;
            current = 0;
        }
    }
    total.checked_add(section)?.checked_add(current)
}

/// The unit a period is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// 小时.
    Hour,
    /// 天, 日, 自然日.
    Day,
    /// 工作日: time limits for answering requests, not retention.
    WorkingDay,
    /// 周, 星期.
    Week,
    /// 月, 个月.
    Month,
    /// 年.
    Year,
}

impl TimeUnit {
    /// Length of the unit in days (a working day counts 1.4, a month 30, a year 365).
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Hour => 1.0 / 24.0,
            TimeUnit::Day => 1.0,
            TimeUnit::WorkingDay => 1.4,
            TimeUnit::Week => 7.0,
            TimeUnit::Month => 30.0,
            TimeUnit::Year => 365.0,
        }
    }

    /// The unit's name in JSON (`TimeLimit::unit`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Hour => "hour",
            TimeUnit::Day => "day",
            TimeUnit::WorkingDay => "working_day",
            TimeUnit::Week => "week",
            TimeUnit::Month => "month",
            TimeUnit::Year => "year",
        }
    }
}

/// A period stated in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// As written, from the number to the unit, e.g. 「6个月」.
    pub text: String,
    /// Byte range of `text` in the searched text.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// The number.
    pub amount: u32,
    /// The unit.
    pub unit: TimeUnit,
}

impl Period {
    /// Length in days (see [`TimeUnit::days`]).
    pub fn days(&self) -> f64 {
        f64::from(self.amount) * self.unit.days()
    }
}

/// Compiles this module's pattern (see [`crate::compare::prepare`]).
pub(crate) const PREPARE: &[fn()] = &[|| _ = period_regex()];

/// A number (not the tail of a longer one) and a unit of time.
fn period_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(^|[^0-9])([0-9]{1,4}|[零〇一二两三四五六七八九十百千]{1,5})\s*个?\s*(工作日|自然日|小时|个月|月|年|周|星期|天|日)",
        )
        .unwrap_or_else(|e| panic!("period pattern: {e}"))
    })
}

/// Every period in a (normalised) text, in order; dates (「2024年1月1日」「2021年09月」) are not
/// periods.
pub fn periods(text: &str) -> Vec<Period> {
    let mut out = Vec::new();
    for caps in period_regex().captures_iter(text) {
        let (Some(number), Some(unit), Some(whole)) = (caps.get(2), caps.get(3), caps.get(0))
        else {
            continue;
        };
        let Some(amount) = value(number.as_str()) else {
            continue;
        };
        let after = text.get(whole.end()..).unwrap_or("");
        let before = text.get(..number.start()).unwrap_or("");
        let counted = whole.as_str().contains('个');
        let is_date = match unit.as_str() {
            "月" if !counted => {
                after.starts_with(|c: char| c.is_ascii_digit()) || before.ends_with('年')
            }
            "日" => before.ends_with('月'),
            "年" => after.starts_with(|c: char| c.is_ascii_digit()) || amount > 200,
            _ => false,
        };
        if is_date {
            continue;
        }
        let unit = match unit.as_str() {
            "工作日" => TimeUnit::WorkingDay,
            "小时" => TimeUnit::Hour,
            "个月" | "月" => TimeUnit::Month,
            "年" => TimeUnit::Year,
            "周" | "星期" => TimeUnit::Week,
            _ => TimeUnit::Day,
        };
        out.push(Period {
            text: text
                .get(number.start()..whole.end())
                .unwrap_or("")
                .to_owned(),
            start: number.start(),
            end: whole.end(),
            amount,
            unit,
        });
    }
    out
}

/// Length of a stated period in days (the first one in `text`); open-ended periods (永久, 长期,
/// 无限期) are infinite.
pub fn period_days(text: &str) -> Option<f64> {
    let text = crate::normalize::normalize(text);
    if ["永久", "长期", "无限期", "无期限"]
        .iter()
        .any(|k| text.contains(k))
    {
        return Some(f64::INFINITY);
    }
    periods(&text).first().map(Period::days)
}

/// Compares two stated periods (「3年」「六个月」「15个工作日」「永久」): `Less` when the old one is
/// shorter, `Greater` when longer; `None` when either has no recognisable length.
pub fn compare_periods(old: &str, new: &str) -> Option<Ordering> {
    let (old_days, new_days) = (period_days(old)?, period_days(new)?);
    old_days.partial_cmp(&new_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        for (text, n) in [
            ("十四", 14),
            ("十", 10),
            ("二十", 20),
            ("三十一", 31),
            ("七", 7),
            ("15", 15),
            ("一百", 100),
            ("一百八十", 180),
            ("一百零五", 105),
            ("两千", 2000),
            ("三万", 30_000),
            ("二〇二三", 2023),
            ("壹佰贰拾", 120),
        ] {
            assert_eq!(value(text), Some(n), "{text}");
        }
        for text in ["", "第一", "十x", "99999999999"] {
            assert_eq!(value(text), None, "{text}");
        }
    }

    #[test]
    fn periods_and_dates() {
        let days = |t: &str| periods(t).iter().map(Period::days).collect::<Vec<_>>();
        assert_eq!(days("保存一百八十天"), vec![180.0]);
        assert_eq!(days("保存一百天"), vec![100.0]);
        assert_eq!(days("六个月后删除"), vec![180.0]);
        assert_eq!(days("三年"), vec![1095.0]);
        assert_eq!(days("15个工作日内"), vec![21.0]);
        assert_eq!(days("2024年1月1日起"), Vec::<f64>::new());
        assert_eq!(days("2021年09月"), Vec::<f64>::new());
        assert_eq!(days("5月1日"), Vec::<f64>::new());
    }

    #[test]
    fn comparing_periods() {
        assert_eq!(compare_periods("30天", "3个月"), Some(Ordering::Less));
        assert_eq!(compare_periods("永久", "3年"), Some(Ordering::Greater));
        assert_eq!(
            compare_periods("一百八十天", "90天"),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare_periods("十五个工作日", "15天"),
            Some(Ordering::Greater)
        );
        assert_eq!(compare_periods("六个月", "1年"), Some(Ordering::Less));
        assert_eq!(
            compare_periods("2024年1月1日起保存3年", "保存5年"),
            Some(Ordering::Less)
        );
        assert_eq!(compare_periods("实现目的所必需的最短期限", "3年"), None);
    }
}
