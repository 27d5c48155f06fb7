//! Retention periods (normalised to days), their conditions (「账号注销后」), storage locations and
//! whether personal information leaves mainland China.

use super::cues::Cue;
use super::statements::{Found, What};
use super::{push_clause_id, push_unique, Context, Topic, Unit};
use crate::model::practices::{Duration, Retention, StorageLocation};
use crate::numbers::{self, TimeUnit};

/// The first retention duration in a normalised sentence: a period in days, weeks, months or
/// years (working days and hours are time limits for requests, not retention), not a reply time.
pub(crate) fn find_duration(n: &str) -> Option<Duration> {
    numbers::periods(n).into_iter().find_map(|p| {
        let after = n.get(p.end..).unwrap_or("");
        if matches!(p.unit, TimeUnit::WorkingDay | TimeUnit::Hour) || after.starts_with("内回复")
        {
            return None;
        }
        let per = match p.unit {
            TimeUnit::Year => 365,
            TimeUnit::Month => 30,
            TimeUnit::Week => 7,
            _ => 1,
        };
        Some(Duration {
            text: p.text,
            days: p.amount.checked_mul(per)?,
        })
    })
}

pub(super) const KEEP: &[&str] = &["保存", "保留", "存储期限", "储存", "留存", "存储"];
const NECESSARY: &[&str] = &[
    "所必需的期限",
    "所必需的期间",
    "所必需的最短",
    "最短期限",
    "最短时间",
    "最短期间",
    "必要的期限",
    "必要的期间",
    "必需的时间",
    "必要期限",
    "所必要的期限",
    "所需的期限",
    "所必须的期间",
    "所必需的时间",
    "必要的时间",
    "最短的时间",
    "最短的期限",
];
const CONDITIONS: &[&str] = &[
    "账号注销后",
    "注销账号后",
    "注销账户后",
    "账户注销后",
    "注销后",
    "停止运营后",
    "终止服务后",
    "服务终止后",
    "撤回同意后",
    "超出保存期限后",
    "超出保留期限后",
    "删除账号后",
    "期限届满后",
    "交易完成后",
    "服务完成后",
];

const DOMESTIC: &[&str] = &[
    "中华人民共和国境内",
    "中国境内",
    "中国大陆境内",
    "中国大陆",
    "境内",
];
const OVERSEAS: &[&str] = &[
    "境外",
    "海外",
    "国外",
    "中国大陆以外",
    "中国境外",
    "所在国家以外",
    "其他国家",
    "香港",
    "新加坡",
    "美国",
    "欧盟",
    "欧洲",
];
pub(super) const CROSS_CUES: &[&str] = &[
    "跨境",
    "出境",
    "境外",
    "海外",
    "国外",
    "中国大陆以外",
    "所在国家以外",
    "其他国家和地区",
    "全球范围",
];
const HYPOTHETICAL: &[&str] = &[
    "如需",
    "如果",
    "若",
    "如您",
    "如涉及",
    "如有",
    "一旦",
    "需要时",
    "如因",
    "如发生",
    "如我们",
    "如确需",
    "确需",
    "在此之前",
    "如果我们",
];
const DENIAL: &[&str] = &["不会", "不", "不得", "禁止", "未"];

/// What [`extract`] returns: retention statements, storage locations, the cross-border flag, the
/// clauses about it, and where each was found (for the statements).
type Findings = (
    Vec<Retention>,
    Vec<StorageLocation>,
    bool,
    Vec<String>,
    Vec<Found>,
);

/// Retention statements, storage locations, the cross-border flag and the clauses about it.
pub(crate) fn extract(ctx: &Context) -> Findings {
    let mut retention = Vec::new();
    let mut locations: Vec<StorageLocation> = Vec::new();
    let mut cross_border = false;
    let mut cross_clauses = Vec::new();
    let mut found = Vec::new();
    for view in &ctx.clauses {
        if matches!(view.topic, Some(Topic::Definitions | Topic::Update)) || view.is_row() {
            continue;
        }
        for unit in &view.units {
            let statement = cross_border_statement(unit);
            if unit.cues.has(Cue::Keep) {
                if let Some(r) = retention_of(ctx, view.id(), unit) {
                    found.push(Found::at(
                        view,
                        unit,
                        What::Retain {
                            condition: r.condition.clone(),
                            data: r.data_items.clone(),
                        },
                    ));
                    retention.push(r);
                }
                let places = places(unit.n(), statement);
                if !places.is_empty() {
                    found.push(Found::at(view, unit, What::Store));
                }
                for (place, region) in places {
                    match locations.iter_mut().find(|l| l.place == place) {
                        Some(l) => push_clause_id(&mut l.clauses, view.id()),
                        None => locations.push(StorageLocation {
                            region: region.to_owned(),
                            place,
                            clauses: vec![view.id().to_owned()],
                        }),
                    }
                }
            }
            if let Some(affirmed) = statement {
                push_clause_id(&mut cross_clauses, view.id());
                cross_border |= affirmed;
                if affirmed {
                    found.push(Found::at(view, unit, What::Abroad));
                }
            }
        }
    }
    (retention, locations, cross_border, cross_clauses, found)
}

fn retention_of(ctx: &Context, clause: &str, unit: &Unit) -> Option<Retention> {
    let n = unit.n();
    let period = find_duration(n);
    let minimum_necessary = NECESSARY.iter().any(|w| n.contains(w));
    let condition = CONDITIONS
        .iter()
        .find(|w| n.contains(*w))
        .map(|w| (*w).to_owned());
    let about_period = ["期限", "期间", "时间", "时限", "之日起", "删除", "匿名化"]
        .iter()
        .any(|w| n.contains(w));
    if period.is_none() && !minimum_necessary && condition.is_none() {
        return None;
    }
    if !about_period && !minimum_necessary {
        return None;
    }
    let mut data_items = Vec::new();
    for h in &unit.items {
        if let Some(e) = ctx.dict.dictionaries.data_items.get(h.entry) {
            push_unique(&mut data_items, e.name.clone());
        }
    }
    Some(Retention {
        text: unit.text.to_owned(),
        period,
        minimum_necessary,
        condition,
        data_items,
        clauses: vec![clause.to_owned()],
    })
}

/// Storage places a normalised sentence names, with their region; an overseas place counts only
/// when the sentence's cross-border statement (see [`cross_border_statement`]) affirms it.
fn places(n: &str, cross_border: Option<bool>) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if let Some(p) = DOMESTIC.iter().find(|p| n.contains(*p)) {
        out.push(((*p).to_owned(), "domestic"));
    }
    let overseas: Vec<&&str> = OVERSEAS.iter().filter(|p| n.contains(*p)).collect();
    if let Some(p) = overseas.first() {
        if cross_border == Some(true) {
            out.push(((**p).to_owned(), "overseas"));
        }
    }
    out
}

/// `Some(true)` when the sentence says personal information is or may be stored or transferred
/// outside mainland China; `Some(false)` when it speaks of it only to deny it or as a hypothetical
/// needing separate consent; `None` when it does not speak of it.
pub(crate) fn cross_border_statement(unit: &Unit) -> Option<bool> {
    let n = unit.n();
    let cue = unit.cues.first(Cue::CrossBorder)?;
    let about_data = [
        "信息",
        "数据",
        "存储",
        "传输",
        "提供",
        "转移",
        "处理",
        "服务器",
    ]
    .iter()
    .any(|w| n.contains(w));
    if !about_data {
        return None;
    }
    let before = n.get(..cue).unwrap_or("");
    let hypothetical = HYPOTHETICAL.iter().any(|w| before.contains(w));
    let denied = DENIAL.iter().any(|w| {
        before.rfind(w).is_some_and(|i| {
            before
                .get(i..)
                .is_some_and(|s| !s.contains(',') && !s.contains("不限"))
        })
    });
    Some(!hypothetical && !denied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::unit;
    use crate::normalize::normalize;

    #[test]
    fn durations_in_days() {
        for (text, days) in [
            ("保存6个月", 180),
            ("保存期限为三年", 1095),
            ("保留十五天", 15),
            ("不少于六个月", 180),
            ("保存30日", 30),
        ] {
            assert_eq!(
                find_duration(&normalize(text)).map(|d| d.days),
                Some(days),
                "{text}"
            );
        }
        assert_eq!(find_duration(&normalize("2021年09月12日")), None);
    }

    #[test]
    fn cross_border_statements() {
        for (text, expected) in [
            ("我们将您的个人信息存储于中华人民共和国境内。", None),
            ("如需跨境存储，我们会单独再征得您的授权同意。", Some(false)),
            ("我们不会将您的个人信息传输至境外。", Some(false)),
            (
                "您的个人信息可能会被转移到您所在国家以外的服务器处理。",
                Some(true),
            ),
            ("我们会将您的订单信息传输至境外的酒店合作方。", Some(true)),
        ] {
            assert_eq!(cross_border_statement(&unit(text)), expected, "{text}");
        }
    }
}
