//! Facts about the policy itself: the controller and its address, effective and updated dates
//! (any Chinese date format → ISO), the minors' age threshold and the policy's definition of 重大变更.

use super::cues::Cue;
use super::{push_unique, Context, Topic};
use crate::model::practices::MajorChangeDefinition;
use crate::model::ClauseKind;
use crate::numbers::value;
use regex::Regex;
use std::sync::OnceLock;

/// The facts found besides the controller (which [`controller`] finds on its own: the third
/// parties need it, the other facts need nothing, so they are found in parallel with both).
#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub controller_address: Option<String>,
    pub effective_date: Option<String>,
    pub updated_date: Option<String>,
    pub minor_age: Option<u32>,
    pub major_change_definition: Option<MajorChangeDefinition>,
}

pub(crate) fn extract(ctx: &Context) -> Facts {
    let (effective_date, updated_date) = dates(ctx);
    Facts {
        controller_address: controller_address(ctx),
        effective_date,
        updated_date,
        minor_age: minor_age(ctx),
        major_change_definition: major_change_definition(ctx),
    }
}

/// Compiles this module's patterns, one job each (see [`super::prepare`]).
pub(super) const PREPARE: &[fn()] = &[
    || _ = date_regex(),
    || _ = company_regex(),
    || _ = age_regex(),
];

fn date_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<y>(?:19|20)[0-9]{2})\s*(?:年|-|/|\.)\s*(?P<m>[0-9]{1,2})\s*(?:月|-|/|\.)\s*(?P<d>[0-9]{1,2})(?:\s*日|号)?
            | (?P<cy>[〇○零O一二三四五六七八九]{4})\s*年\s*(?P<cm>[一二三四五六七八九十]{1,3})\s*月\s*(?P<cd>[一二三四五六七八九十]{1,3})\s*[日号]",
        )
        .unwrap_or_else(|e| panic!("date pattern: {e}"))
    })
}

/// Every valid date in `text` as `YYYY-MM-DD` with the byte range it covers.
pub(crate) fn find_dates(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for c in date_regex().captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        let parsed = if let (Some(y), Some(m), Some(d)) = (c.name("y"), c.name("m"), c.name("d")) {
            (
                y.as_str().parse().ok(),
                m.as_str().parse().ok(),
                d.as_str().parse().ok(),
            )
        } else if let (Some(y), Some(m), Some(d)) = (c.name("cy"), c.name("cm"), c.name("cd")) {
            // A Latin O often stands for 〇 in typed years (二O二三).
            let year = value(&y.as_str().replace('O', "〇"));
            (year, value(m.as_str()), value(d.as_str()))
        } else {
            (None, None, None)
        };
        if let (Some(y), Some(m), Some(d)) = parsed {
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                out.push((format!("{y:04}-{m:02}-{d:02}"), whole.start(), whole.end()));
            }
        }
    }
    out
}

/// Effective and updated dates: from labelled metadata first, then from sentences whose words
/// before the date say 生效/施行 or 更新/修订/发布.
fn dates(ctx: &Context) -> (Option<String>, Option<String>) {
    let mut effective = None;
    let mut updated = None;
    let mut consider = |label: &str, text: &str| {
        let mut previous_end = 0;
        for (date, start, end) in find_dates(text) {
            // The words between the previous date and this one label it (「更新日期：… 生效日期：…」).
            let between = text.get(previous_end..start).unwrap_or("");
            let before = if previous_end == 0 {
                format!("{label}{between}")
            } else {
                between.to_owned()
            };
            previous_end = end;
            let tail: String = before
                .chars()
                .rev()
                .take(24)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let is_effective = ["生效", "施行", "实施", "起效"]
                .iter()
                .any(|w| tail.contains(w));
            let is_updated = ["更新", "修订", "修改", "发布", "版本"]
                .iter()
                .any(|w| tail.contains(w));
            if is_effective && effective.is_none() {
                effective = Some(date.clone());
            }
            if is_updated && updated.is_none() {
                updated = Some(date);
            }
        }
    };
    for (label, value) in &ctx.doc.metadata {
        consider(label, value);
    }
    if let Some(title) = &ctx.doc.title {
        consider("", &title.text);
    }
    // Only sentences that can hold a date: 年, or a digit followed by a date separator.
    let may_hold_date = |t: &str| {
        t.contains('年')
            || t.as_bytes()
                .windows(2)
                .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'-' | b'/' | b'.'))
    };
    for view in &ctx.clauses {
        for unit in view.units.iter().filter(|u| may_hold_date(u.text)) {
            consider("", unit.text);
        }
    }
    (effective, updated)
}

/// Legal forms that end a company name, longest first (as in [`company_regex`]).
const COMPANY_SUFFIXES: &[&str] = &["有限责任公司", "股份有限公司", "有限公司", "集团公司"];

fn company_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"[\p{Han}A-Za-z0-9（）()·&]{2,}?(?:有限责任公司|股份有限公司|有限公司|集团公司)",
        )
        .unwrap_or_else(|e| panic!("company pattern: {e}"))
    })
}

/// Phrases that may precede a company name in the same run of characters.
const LEADS: &[&str] = &[
    "本隐私政策由",
    "本政策由",
    "本应用由",
    "本软件由",
    "本平台由",
    "本产品由",
    "本服务由",
    "本网站由",
    "我们是",
    "我们为",
    "运营者为",
    "运营方为",
    "运营者是",
    "运营方是",
    "开发者为",
    "处理者为",
    "经营者为",
    "主体为",
    "均由",
    "欢迎您使用",
    "欢迎使用",
    "及其关联公司",
    "及关联公司",
    "关联公司",
    "集成",
    "接入了",
    "接入",
    "使用了",
    "通过",
    "委托",
    "授权",
    "提供给",
    "共享给",
    "包括",
    "例如",
    "由",
    "的",
];

/// Company names in `text`, leading phrases stripped.
pub(crate) fn companies(text: &str) -> Vec<(String, usize, usize)> {
    company_regex()
        .find_iter(text)
        .map(|m| {
            // At most 40 characters before the legal-form suffix (the pattern's run is unbounded).
            let suffix = COMPANY_SUFFIXES
                .iter()
                .find(|s| m.as_str().ends_with(*s))
                .map_or(0, |s| s.len());
            let body = m.as_str().get(..m.as_str().len() - suffix).unwrap_or("");
            let skipped = body.len() - super::last_chars(body, 40).len();
            let mut name = m.as_str().get(skipped..).unwrap_or("");
            let mut start = m.start() + skipped;
            for lead in LEADS {
                if let Some(i) = name.rfind(lead) {
                    if name[i + lead.len()..].chars().count() >= 6 {
                        start += i + lead.len();
                        name = &name[i + lead.len()..];
                    }
                }
            }
            let trimmed = trim_asides(name);
            start += name.len() - trimmed.len();
            name = trimmed;
            (name.to_owned(), start, m.end())
        })
        .filter(|(name, _, _)| name.chars().count() >= 6)
        .collect()
}

/// A company name without the end of an earlier aside (「）及其关联公司…」 → from after 「）」) or
/// the start of an aside it sits in (「票务方（天津某某有限公司」 → 天津某某有限公司).
pub(crate) fn trim_asides(mut name: &str) -> &str {
    let open = name.find(['（', '(']);
    if let Some(close) = name
        .find(['）', ')'])
        .filter(|&c| open.is_none_or(|o| c < o))
    {
        let skip = close
            + name
                .get(close..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8);
        name = name.get(skip..).unwrap_or(name);
    }
    // A leading aside belongs to the previous name (「（中国移动）和中国联合通信有限公司」).
    if name.starts_with(['（', '(']) {
        if let Some(close) = name.find(['）', ')']) {
            let skip = close
                + name
                    .get(close..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8);
            let rest = name.get(skip..).unwrap_or("");
            name = rest.trim_start_matches(['和', '及', '与', '、']);
        }
    }
    while name.matches(['（', '(']).count() > name.matches(['）', ')']).count() {
        let Some(i) = name.find(['（', '(']) else {
            break;
        };
        let skip = i + name
            .get(i..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
        name = name.get(skip..).unwrap_or("");
    }
    name
}

/// The controller: a company named as 「我们」 (以下简称/统称), or as 运营者/个人信息处理者, else
/// the company of the contact section, else the first company of the preamble.
pub(crate) fn controller(ctx: &Context) -> Option<String> {
    const DEFINES_US: &[&str] = &[
        "以下简称",
        "以下统称",
        "下称",
        "以下称",
        "简称",
        "统称",
        "我们",
    ];
    const ROLE: &[&str] = &[
        "运营者",
        "个人信息处理者",
        "运营方",
        "运营主体",
        "开发者",
        "经营者",
        "公司名称",
        "控制者",
        "运营单位",
        "服务提供者",
    ];
    let mut contact_company = None;
    let mut preamble_company = None;
    let mut role_company = None;
    for view in &ctx.clauses {
        for unit in view.units.iter().filter(|u| u.text.contains("公司")) {
            for (name, _, end) in companies(unit.text) {
                // The bracket after the name may hold an address before 「以下简称“我们”」.
                let after = unit.text.get(end..).unwrap_or("").trim_start();
                let bracket: String = if after.starts_with(['（', '(']) {
                    after
                        .chars()
                        .take_while(|c| !matches!(c, '）' | ')'))
                        .take(120)
                        .collect()
                } else {
                    after.chars().take(16).collect()
                };
                if after.starts_with(['（', '(', '，', ','])
                    && DEFINES_US.iter().any(|w| bracket.contains(w))
                {
                    return Some(name);
                }
                let before = unit
                    .text
                    .get(..end.saturating_sub(name.len()))
                    .unwrap_or("");
                let lead: String = before
                    .chars()
                    .rev()
                    .take(12)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                // 「菜鸟APP服务提供者：某某公司」 names us; 「第三方服务提供者：」 does not.
                if role_company.is_none()
                    && ROLE.iter().any(|w| lead.contains(w))
                    && !lead.contains("第三方")
                {
                    role_company = Some(name.clone());
                }
                if contact_company.is_none() && view.topic == Some(Topic::Contact) {
                    contact_company = Some(name.clone());
                }
                if preamble_company.is_none() && view.clause.section_id.is_none() && !view.is_row()
                {
                    preamble_company = Some(name.clone());
                }
            }
        }
    }
    role_company.or(contact_company).or(preamble_company)
}

/// The controller's registered/office address (注册地址 / 办公地址 / 联系地址 / 住所 / 地址): the
/// first registered one, else the first labelled one.
fn controller_address(ctx: &Context) -> Option<String> {
    let mut fallback = None;
    for view in &ctx.clauses {
        // The units the contacts read addresses from (a word of `contacts::ADDRESSES`).
        for unit in view.units.iter().filter(|u| u.cues.has(Cue::Address)) {
            if let Some((label, value)) = unit.address() {
                if label.contains("注册") {
                    return Some(value.clone());
                }
                fallback.get_or_insert(value.clone());
            }
        }
    }
    fallback
}

fn age_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?:不满|未满|小于|低于|不足|未达到|未达)\s*(?P<a>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:周岁|岁)|(?P<b>[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:周岁|岁)\s*(?:以下|以内|之下)",
        )
        .unwrap_or_else(|e| panic!("age pattern: {e}"))
    })
}

/// The policy's child threshold: the lowest age below which it requires guardian consent, from
/// sentences about children, minors or guardians.
fn minor_age(ctx: &Context) -> Option<u32> {
    const ABOUT: &[&str] = &["儿童", "未成年", "监护人", "父母"];
    let mut best: Option<u32> = None;
    for view in &ctx.clauses {
        for unit in &view.units {
            let n = unit.n();
            // Every age the pattern reads ends in 岁.
            if !n.contains('岁')
                || (view.topic != Some(Topic::Children) && !ABOUT.iter().any(|w| n.contains(w)))
            {
                continue;
            }
            for c in age_regex().captures_iter(n) {
                let age = c.name("a").or(c.name("b")).and_then(|m| value(m.as_str()));
                if let Some(age) = age.filter(|a| (6..=18).contains(a)) {
                    best = Some(best.map_or(age, |b| b.min(age)));
                }
            }
        }
    }
    best
}

/// The policy's definition of 重大变更: the list after 「重大变更包括…」, inline or as list items.
fn major_change_definition(ctx: &Context) -> Option<MajorChangeDefinition> {
    const INTRO: &[&str] = &["包括", "是指", "指", "情形", "如下", "以下"];
    let start = ctx.clauses.iter().position(|v| {
        // The comparison form of the whole clause, only for clauses that mention it.
        if !v.units.iter().any(|u| u.n().contains("重大变")) {
            return false;
        }
        let n = crate::normalize::normalize(&v.clause.text);
        n.find("重大变更")
            .or_else(|| n.find("重大变化"))
            .is_some_and(|i| {
                let rest = n.get(i..).unwrap_or("");
                INTRO.iter().any(|w| rest.contains(w))
                    && (rest.contains(':')
                        || rest.ends_with("包括")
                        || rest.contains("包括但不限于"))
            })
    })?;
    let intro = ctx.clauses.get(start)?;
    let mut def = MajorChangeDefinition::default();
    push_unique(&mut def.clauses, intro.id().to_owned());
    let text = intro.clause.text.as_str();
    let after_colon = text
        .split_once(['：', ':'])
        .map(|(_, rest)| rest)
        .unwrap_or("");
    for piece in after_colon.split(['；', ';', '\n']) {
        let item = strip_marker(piece);
        if item.chars().count() >= 4 {
            def.items.push(item);
        }
    }
    for view in ctx.clauses.iter().skip(start + 1) {
        let is_item =
            view.clause.kind == ClauseKind::ListItem || starts_with_marker(&view.clause.text);
        if !is_item || view.clause.section_id != intro.clause.section_id {
            break;
        }
        push_unique(&mut def.clauses, view.id().to_owned());
        def.items.push(strip_marker(&view.clause.text));
    }
    (!def.items.is_empty()).then_some(def)
}

fn starts_with_marker(text: &str) -> bool {
    let t = text.trim_start();
    let first = t.chars().next();
    first.is_some_and(|c| c.is_ascii_digit() || "（(①②③④⑤⑥⑦⑧⑨⑩一二三四五六七八九十•·-*".contains(c))
        && strip_marker(t).len() < t.len()
}

/// The text without a leading list marker (1、 (1) ① 一、 •) and trailing punctuation.
fn strip_marker(text: &str) -> String {
    let t = text.trim();
    let t = t.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c.is_whitespace() || "（）().、.．,，:：①②③④⑤⑥⑦⑧⑨⑩•·-*".contains(c)
    });
    let t = match t.char_indices().nth(1) {
        Some((i, '、')) if t.get(..i).and_then(value).is_some() => &t[i + '、'.len_utf8()..],
        _ => t,
    };
    t.trim()
        .trim_end_matches(['；', ';', '。', '，', ','])
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::extract::testing::doc;

    #[test]
    fn dates_in_every_format() {
        for (text, iso) in [
            ("生效日期:2021年09月12日", "2021-09-12"),
            ("更新于2023年1月5日", "2023-01-05"),
            ("2022-3-8", "2022-03-08"),
            ("2022/03/08", "2022-03-08"),
            ("2022.3.8", "2022-03-08"),
            ("二〇二三年十月一日", "2023-10-01"),
            ("二零二一年十二月三十一日", "2021-12-31"),
            ("2020 年 10 月 1 日", "2020-10-01"),
        ] {
            assert_eq!(
                find_dates(text).first().map(|d| d.0.as_str()),
                Some(iso),
                "{text}"
            );
        }
        assert!(find_dates("2021年13月40日").is_empty());
    }

    #[test]
    fn facts_of_a_policy() {
        let d = doc(&[
            "更新日期：2023年5月1日",
            "生效日期：二〇二三年五月八日",
            "深圳市某某科技有限公司（以下简称“我们”）注册地址：广东省深圳市南山区某路1号。",
            "## 我们如何处理儿童的个人信息",
            "若您是未满18周岁的未成年人，请在监护人同意下使用；不满十四周岁的儿童须由监护人阅读本政策。",
            "## 本政策如何更新",
            "本政策所指的重大变更包括但不限于：",
            "1、我们的服务模式发生重大变化；",
            "2、个人信息共享的主要对象发生变化；",
            "## 联系我们",
            "邮箱：a@b.cn",
        ]);
        let p = extract(&d);
        assert_eq!(p.controller.as_deref(), Some("深圳市某某科技有限公司"));
        assert_eq!(
            p.controller_address.as_deref(),
            Some("广东省深圳市南山区某路1号")
        );
        assert_eq!(p.effective_date.as_deref(), Some("2023-05-08"));
        assert_eq!(p.updated_date.as_deref(), Some("2023-05-01"));
        assert_eq!(p.minor_age, Some(14));
        let mc = p.major_change_definition.unwrap();
        assert_eq!(
            mc.items,
            [
                "我们的服务模式发生重大变化",
                "个人信息共享的主要对象发生变化"
            ]
        );
    }

    #[test]
    fn the_service_provider_named_in_an_annex_is_the_controller() {
        let d = doc(&[
            "## 一、我们如何共享",
            "第三方服务提供者：上海某某广告有限公司。",
            "## 二、联系我们",
            "邮箱：a@b.cn",
            "## 附录：相关定义",
            "某某APP服务提供者：杭州某某信息科技有限公司为本应用提供服务。",
        ]);
        let p = extract(&d);
        assert_eq!(p.controller.as_deref(), Some("杭州某某信息科技有限公司"));
    }

    #[test]
    fn a_domicile_label_gives_the_address_and_a_jurisdiction_clause_does_not() {
        let d = doc(&[
            "杭州某某网络有限公司，住所：浙江省杭州市西湖区某某街88号。",
            "争议提交甲方住所地杭州市西湖区人民法院管辖。",
        ]);
        let p = extract(&d);
        assert_eq!(
            p.controller_address.as_deref(),
            Some("浙江省杭州市西湖区某某街88号")
        );
        let addresses: Vec<&str> = p
            .contacts
            .iter()
            .filter(|c| c.kind == "address")
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(addresses, ["浙江省杭州市西湖区某某街88号"]);
    }

    #[test]
    fn company_names_lose_their_lead_in() {
        assert_eq!(
            trim_asides("票务方（天津某某科技有限公司"),
            "天津某某科技有限公司"
        );
        assert_eq!(
            trim_asides("）及其关联公司上海某某科技有限公司"),
            "及其关联公司上海某某科技有限公司"
        );
        assert_eq!(
            trim_asides("腾讯云计算（北京）有限责任公司"),
            "腾讯云计算（北京）有限责任公司"
        );
        assert_eq!(
            trim_asides("（中国移动）和中国联合网络通信有限公司"),
            "中国联合网络通信有限公司"
        );
        let got: Vec<String> = companies("本应用由北京某某网络技术有限公司开发运营")
            .into_iter()
            .map(|c| c.0)
            .collect();
        assert_eq!(got, ["北京某某网络技术有限公司"]);
    }
}
