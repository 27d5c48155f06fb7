//! Data-subject rights: right cues in the rights section or after 「您有权/您可以」, with the channel
//! to exercise them and the time limit promised (「十五个工作日内」 → 15 working_day).

use super::cues::Cue;
use super::{push_clause_id, push_unique, Context, Topic};
use crate::model::practices::{Right, TimeLimit};
use crate::numbers::{self, TimeUnit};

/// Sentence openings that grant the reader something.
pub(super) const GRANTS: &[&str] = &[
    "您有权",
    "您可以",
    "您可通过",
    "有权要求",
    "您也可以",
    "您可",
    "您有权利",
    "您享有",
];

/// Words of a complaint channel: complaints count outside a grant too.
pub(super) const COMPLAINTS: &[&str] = &[
    "投诉",
    "举报",
    "申诉",
    "诉讼",
    "起诉",
    "监管部门",
    "网信部门",
];

/// Channel words → canonical channel.
const CHANNELS: &[(&str, &str)] = &[
    ("设置", "设置"),
    ("个人中心", "个人中心"),
    ("在线客服", "客服"),
    ("客服", "客服"),
    ("意见反馈", "意见反馈"),
    ("反馈", "意见反馈"),
    ("邮箱", "邮件"),
    ("邮件", "邮件"),
    ("@", "邮件"),
    ("电话", "电话"),
    ("信函", "信函"),
    ("联系我们", "联系我们"),
    ("联系方式", "联系我们"),
];

/// The first time limit (「15个工作日内」「48小时内」) in a normalised sentence: a period (not in
/// years) directly followed by 内 or 之内.
pub(crate) fn find_time_limit(n: &str) -> Option<TimeLimit> {
    // Every limit ends in 内.
    if !n.contains('内') {
        return None;
    }
    numbers::periods(n).into_iter().find_map(|p| {
        let rest = n.get(p.end..)?;
        let after = rest.trim_start();
        let within = ["内", "之内"].into_iter().find(|w| after.starts_with(w))?;
        let end = p.end + (rest.len() - after.len()) + within.len();
        (p.unit != TimeUnit::Year).then(|| TimeLimit {
            text: n.get(p.start..end).unwrap_or(&p.text).to_owned(),
            amount: p.amount,
            unit: p.unit.as_str().to_owned(),
        })
    })
}

pub(crate) fn extract(ctx: &Context) -> Vec<Right> {
    let entries = &ctx.dict.dictionaries.rights;
    let mut out: Vec<Right> = Vec::new();
    for view in &ctx.clauses {
        if matches!(view.topic, Some(Topic::Definitions | Topic::Update)) || view.is_row() {
            continue;
        }
        let clause_limit = std::cell::OnceCell::new();
        for unit in &view.units {
            let n = unit.n();
            let granted = view.topic == Some(Topic::Rights) || unit.cues.has(Cue::Granting);
            // Complaints count anywhere; other rights only where granted.
            if !granted && !unit.cues.has(Cue::Complaining) {
                continue;
            }
            if unit.rights().is_empty() {
                continue;
            }
            let channels: Vec<&str> = CHANNELS
                .iter()
                .filter(|(w, _)| n.contains(w))
                .map(|(_, c)| *c)
                .collect();
            let limit = find_time_limit(n).or_else(|| {
                clause_limit
                    .get_or_init(|| view.units.iter().find_map(|u| find_time_limit(u.n())))
                    .clone()
            });
            for hit in unit.rights() {
                let Some(e) = entries.get(hit.entry) else {
                    continue;
                };
                if !granted && e.code != "complaint" {
                    continue;
                }
                // Outside the rights section a grant is a data-subject right only when it acts on
                // personal information, the account or consent: deleting a cookie or a
                // screenshot, or reading a page, is not the PIPL right of the same verb.
                if view.topic != Some(Topic::Rights)
                    && e.code != "complaint"
                    && !acts_on_personal_information(n, hit.start, hit.end)
                {
                    continue;
                }
                let slot = match out.iter().position(|r| r.kind == e.code) {
                    Some(i) => i,
                    None => {
                        out.push(Right {
                            kind: e.code.clone(),
                            name: e.name.clone(),
                            ..Right::default()
                        });
                        out.len() - 1
                    }
                };
                let Some(r) = out.get_mut(slot) else { continue };
                push_clause_id(&mut r.clauses, view.id());
                for c in &channels {
                    push_unique(&mut r.channels, (*c).to_owned());
                }
                if r.time_limit.is_none() {
                    r.time_limit = limit.clone();
                }
            }
        }
    }
    // Headings of the rights section name rights too (「撤回同意权」, 「注销权」).
    for (section, topic, introduced) in ctx.headings() {
        if topic != Some(Topic::Rights) {
            continue;
        }
        let heading = super::unit(&section.title, 0, None, ctx.dict);
        for hit in heading.rights() {
            let Some(e) = entries.get(hit.entry) else {
                continue;
            };
            if !out.iter().any(|r| r.kind == e.code) {
                out.push(Right {
                    kind: e.code.clone(),
                    name: e.name.clone(),
                    clauses: introduced.iter().map(|id| (*id).to_owned()).collect(),
                    ..Right::default()
                });
            }
        }
    }
    out
}

/// What a right acts on when it is a data-subject right: personal information, the account,
/// consent, or a decision made about the person (PIPL art. 24, 48: 复核、决策、规则).
const PERSONAL_OBJECTS: &[&str] = &[
    "信息", "数据", "资料", "账号", "帐号", "账户", "同意", "授权", "记录", "隐私", "权利", "权限",
    "决策", "复核", "规则",
];

/// True when the clause around the right word (to the nearest clause breaks) names personal
/// information, the account or consent as what the right acts on.
fn acts_on_personal_information(n: &str, start: usize, end: usize) -> bool {
    let from = super::clause_start(n, start);
    let after = n.get(end..).unwrap_or("");
    let to = end + after.find([',', '.', ';']).unwrap_or(after.len());
    let clause = n.get(from..to).unwrap_or("");
    PERSONAL_OBJECTS.iter().any(|w| clause.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::extract::testing::doc;
    use crate::normalize::normalize;

    #[test]
    fn time_limits() {
        for (text, amount, unit) in [
            ("我们将在三个工作日内完成", 3, "working_day"),
            ("15个工作日内回复", 15, "working_day"),
            ("在十五天内处理", 15, "day"),
            ("48小时内", 48, "hour"),
        ] {
            let t = find_time_limit(&normalize(text)).unwrap();
            assert_eq!((t.amount, t.unit.as_str()), (amount, unit), "{text}");
        }
    }

    #[test]
    fn rights_with_channel_and_limit() {
        let d = doc(&[
            "## 五、您的权利",
            "您可以在“设置-账号”中注销您的账号，我们将在十五个工作日内完成注销。",
            "您有权撤回您的同意。",
            "## 二、我们如何收集",
            "我们会删除过期的日志。",
        ]);
        let p = extract(&d);
        let kinds: Vec<&str> = p.rights.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["account_cancellation", "withdraw_consent"]);
        let cancel = &p.rights[0];
        assert_eq!(cancel.channels, ["设置"]);
        assert_eq!(cancel.time_limit.as_ref().map(|t| t.amount), Some(15));
    }

    #[test]
    fn a_grant_outside_the_rights_section_must_act_on_personal_information() {
        let d = doc(&[
            "## 三、Cookie 与同类技术",
            "您可以根据自己的偏好清除或删除 Cookie。",
            "## 四、截图服务",
            "您可以随时删除您上传的截图。",
            "## 二、我们如何收集",
            "您可以在设置中删除您的浏览记录信息。",
        ]);
        let kinds: Vec<String> = extract(&d).rights.into_iter().map(|r| r.kind).collect();
        assert_eq!(kinds, ["deletion"]);
    }
}
