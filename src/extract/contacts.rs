//! Contact points: email, phone, postal address, WeChat id / 公众号, URL and the responsible
//! department (个人信息保护负责人 / 专职部门), deduplicated by kind and value.

use super::cues::Cue;
use super::{Context, Topic, Unit};
use crate::model::practices::Contact;
use regex::Regex;
use std::sync::OnceLock;

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| {
        Regex::new(pattern).unwrap_or_else(|e| panic!("contact pattern {pattern}: {e}"))
    })
}

/// Compiles this module's patterns, one job each (see [`super::prepare`]).
pub(super) const PREPARE: &[fn()] = &[
    || _ = in_app_re(),
    || _ = phone_re(),
    || _ = address_re(),
    || _ = email_re(),
    || _ = department_re(),
    || _ = wechat_re(),
    || _ = short_phone_re(),
    || _ = url_re(),
];

fn email_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    )
}

fn phone_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?:\+?86[-\s]?)?(?:[48]00[-\s]?[0-9]{3}[-\s]?[0-9]{4}|0800[-\s]?[0-9]{3}[-\s]?[0-9]{3}|0[0-9]{2,3}[-\s]?[0-9]{7,8}(?:-[0-9]{1,5})?|0[0-9]{1,3}-[0-9]{3,4}-[0-9]{4}|1[3-9][0-9]{9}|\(0[0-9]{1,3}\)\s?[0-9]{3,4}-?[0-9]{4})",
    )
}

fn short_phone_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?:电话|热线|客服|致电|拨打)[^0-9]{0,8}(9[56][0-9]{3,6})",
    )
}

fn url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?:https?://|www\.)[A-Za-z0-9][A-Za-z0-9._~:/?#@!$&'*+,;=%-]*",
    )
}

fn wechat_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r#"(微信号|微信公众号|公众号|服务号|微信客服|微信)\s*(?:[:：]\s*([\p{Han}A-Za-z0-9_-]{2,})|(?:为|是)?\s*[“"「『【]?\s*([A-Za-z][A-Za-z0-9_-]{4,}|[\p{Han}A-Za-z0-9]{2,}(?:[”"」』】])))"#,
    )
}

fn address_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(注册地址|登记地址|办公地址|联系地址|通讯地址|通信地址|公司地址|邮寄地址|经营地址|住所地|住所|地址)\s*(?:为|是|位于)?\s*[:：]?\s*[【\[]?([^；;。\n【】\[\]:：]{6,})",
    )
}

fn department_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?:儿童)?(?:个人信息保护|隐私保护|数据保护|用户隐私|个人资料保护)(\p{Han}*?)(?:专职部门|部门|团队|小组|委员会|负责人|专员|办公室|中心|工作组|窗口)|数据保护官(?:办公室)?|法务部|合规部",
    )
}

/// `(label, address)` of a labelled address in a normalised sentence (「注册地址：…」), brackets
/// and a trailing recipient (「…702室个人信息保护专员(收)」) removed.
fn labelled_address(n: &str) -> Option<(String, String)> {
    let c = address_re().captures(n)?;
    let label_match = c.get(1)?;
    let label = label_match.as_str().to_owned();
    // A bare 「地址」 must start the label (「IP地址:」, 「收货地址:」 are not the operator's address).
    let before = n
        .get(..label_match.start())
        .and_then(|b| b.chars().next_back());
    if label == "地址" && before.is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let value_match = c.get(2)?;
    // In running text 「住所(地)」 is a domicile (「提交甲方住所地人民法院管辖」); as a label it is
    // followed by a colon, 「为/是/位于」 or a bracket.
    let gap = n.get(label_match.end()..value_match.start()).unwrap_or("");
    let separated = gap.contains([':', '：', '为', '是', '位', '【', '['].as_slice());
    if label.starts_with("住所") && !separated {
        return None;
    }
    let value = super::first_chars(value_match.as_str(), 80);
    // Cut at the end of the address; a comma followed by a digit continues it (「217室、218室」).
    let end = value
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ')' | ']' | '(' | ';')
                || (c == ','
                    && !value
                        .get(i + 1..)
                        .is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit())))
        })
        .map_or(value.len(), |(i, _)| i);
    let mut value = value
        .get(..end)
        .unwrap_or(value)
        .trim()
        .trim_end_matches('.');
    const RECIPIENT: &[&str] = &[
        "部",
        "专员",
        "负责人",
        "办公室",
        "团队",
        "组",
        "窗口",
        "收",
        "中心",
        "官",
    ];
    let cut = value.char_indices().find_map(|(i, c)| {
        let end = i + c.len_utf8();
        let rest = value.get(end..).unwrap_or("");
        let recipient = !rest.is_empty()
            && RECIPIENT.iter().any(|w| rest.contains(w))
            && !rest.contains(|c: char| c.is_ascii_digit());
        (matches!(c, '号' | '室' | '楼' | '层' | '座') && recipient).then_some(end)
    });
    if let Some(end) = cut {
        value = value.get(..end).unwrap_or(value);
    }
    let value = value.trim();
    // An address names a place: a province, city, district, road or building.
    let placeish = [
        "省", "市", "区", "县", "路", "街", "号", "大厦", "楼", "室", "镇", "道",
    ]
    .iter()
    .any(|w| value.contains(w));
    (placeish && value.chars().count() >= 6).then(|| (label, value.to_owned()))
}

/// `(label, address as written)` of a labelled address in a unit.
pub(super) fn address_in(unit: &Unit) -> Option<(String, String)> {
    let n = unit.n();
    let (label, value) = labelled_address(n)?;
    let start = n.find(&value)?;
    Some((label, unit.original(start, start + value.len()).to_owned()))
}

/// True when a digit string continues before or after a match (an ICP number, a date …).
fn embedded_in_digits(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    before.is_some_and(|c| c.is_ascii_alphanumeric()) || after.is_some_and(|c| c.is_ascii_digit())
}

/// Words in a sentence outside the contact section that make a URL in it a way to reach the operator.
pub(super) const CONTACT_CUES: &[&str] = &["联系", "反馈", "投诉", "举报", "客服"];

/// Words that label a link as the operator's site (「官网：https://…」); a site mentioned in passing
/// (「在淘宝官网中申请注销」, 「在 www.example.org 上选择退出」) is not a contact.
const SITE_LABELS: &[&str] = &["官方网站", "官网", "网站", "网址"];

/// Words that make a link in a sentence a reference to another document, not a contact.
pub(super) const REFERENCES: &[&str] = &["权限", "sdk", "第三方", "列表", "清单", "协议", "规则"];

/// Words of a web link.
pub(super) const LINKS: &[&str] = &["http", "www."];

/// Words naming a WeChat account.
pub(super) const WECHAT: &[&str] = &["微信", "公众号", "服务号"];

/// Labels of a postal address.
pub(super) const ADDRESSES: &[&str] = &["地址", "住所"];

/// Words of a department's name (「个人信息保护部门」, 「法务部」).
pub(super) const DEPARTMENT_WORDS: &[&str] = &["保护", "法务", "合规", "数据保护官"];

/// Words of a change of department rather than an offer of one.
pub(super) const CHANGES: &[&str] = &["发生变化", "变更", "变化"];

/// Words offering a department as a contact.
pub(super) const OFFERS: &[&str] = &["联系", "联络", "设立", "指定", "邮箱", "电话", "@"];

/// Contacts, deduplicated by kind and value, in document order.
#[derive(Default)]
struct Found(Vec<Contact>);

impl Found {
    fn add(&mut self, kind: &str, value: String, clause: Option<&str>) {
        let value = value.trim().to_owned();
        if value.is_empty() {
            return;
        }
        let key = contact_key(kind, &value);
        match self
            .0
            .iter_mut()
            .find(|c| c.kind == kind && contact_key(kind, &c.value) == key)
        {
            Some(c) => {
                if let Some(clause) = clause {
                    super::push_clause_id(&mut c.clauses, clause);
                }
            }
            None => self.0.push(Contact {
                kind: kind.to_owned(),
                value,
                clauses: clause.iter().map(|id| (*id).to_owned()).collect(),
            }),
        }
    }
}

pub(crate) fn extract(ctx: &Context) -> Vec<Contact> {
    let mut found = Found::default();
    for view in &ctx.clauses {
        if matches!(view.topic, Some(Topic::Definitions | Topic::Update))
            || (view.is_row() && view.cell(super::Column::Name).is_some())
        {
            continue;
        }
        // The sites of a scope section are what the policy covers, not ways to reach anyone.
        let urls = !view.is_row() && !names_scope(view.section_title);
        for unit in &view.units {
            scan(unit, view.topic, urls, Some(view.id()), &mut found);
        }
    }
    // Headings carry contacts too (「8.1 我们设立了个人信息保护办公室，您可以通过以下方式与其联系」),
    // cited by the clause the heading introduces.
    for (section, topic, introduced) in ctx.headings() {
        if !matches!(topic, Some(Topic::Definitions | Topic::Update)) {
            let unit = super::unit(&section.title, 0, None, ctx.dict);
            scan(&unit, topic, true, introduced, &mut found);
        }
    }
    found.0
}

/// Heading words of a section saying what the policy applies to (its products, apps and sites).
const SCOPE_HEADINGS: &[&str] = &["适用范围", "适用对象", "适用产品", "适用的产品"];

/// True when a section title announces the policy's scope (「1.2 适用范围」).
fn names_scope(title: &str) -> bool {
    SCOPE_HEADINGS.iter().any(|w| title.contains(w))
}

/// True when the text before a link ends with a site label (「官网：」「网址为」「官方网站（」).
fn labelled_as_site(before: &str) -> bool {
    let label = before.trim_end_matches([' ', ':', '：', '(', '（', '为', '是']);
    label.len() < before.len() && SITE_LABELS.iter().any(|w| label.ends_with(w))
}

/// The contacts of one sentence, cited by clause `id` (none for a heading introducing no clause).
fn scan(unit: &Unit, topic: Option<Topic>, urls: bool, id: Option<&str>, found: &mut Found) {
    let text = unit.text;
    let n = unit.n();
    // Cheap tests first: most sentences hold no contact at all.
    if text.contains('@') {
        for m in email_re().find_iter(text) {
            found.add("email", m.as_str().to_lowercase(), id);
        }
    }
    if text.bytes().filter(u8::is_ascii_digit).count() >= 5 {
        for m in phone_re().find_iter(text) {
            if !embedded_in_digits(text, m.start(), m.end()) {
                found.add("phone", m.as_str().to_owned(), id);
            }
        }
        for c in short_phone_re().captures_iter(text) {
            if let Some(m) = c
                .get(1)
                .filter(|m| !embedded_in_digits(text, m.start(), m.end()))
            {
                found.add("phone", m.as_str().to_owned(), id);
            }
        }
    }
    // Links to permission lists, SDK lists or other documents are references, not contacts.
    let cues = &unit.cues;
    let has_link = cues.has(Cue::Link);
    if has_link && urls && !cues.has(Cue::Reference) {
        let offered = topic == Some(Topic::Contact) || cues.has(Cue::Contacting);
        for m in url_re().find_iter(text) {
            if offered || labelled_as_site(text.get(..m.start()).unwrap_or("")) {
                let url = m.as_str().trim_end_matches(['.', ',', ';', ':', ')', '\'']);
                found.add("url", url.to_owned(), id);
            }
        }
    }
    let wechat = cues.has(Cue::Wechat);
    for c in wechat
        .then(|| wechat_re().captures_iter(text))
        .into_iter()
        .flatten()
    {
        if let Some(v) = c.get(2) {
            // 「微信公众号：某某服务号」: a labelled name or id.
            found.add("wechat", super::first_chars(v.as_str(), 30).to_owned(), id);
        } else if let Some(v) = c.get(3) {
            let value = v.as_str().trim_end_matches(['”', '"', '」', '』', '】']);
            let is_id = value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            let quoted = v.as_str().len() != value.len();
            // A quoted name is at most 20 characters (the pattern leaves the run unbounded).
            if quoted && value.chars().count() > 20 {
                continue;
            }
            if (is_id && !value.contains('@')) || quoted {
                found.add("wechat", value.to_owned(), id);
            }
        }
    }
    // Labels and department names are matched on the comparison form (traditional wording folds
    // to simplified) and reported as written.
    if cues.has(Cue::Address) {
        if let Some((_, address)) = unit.address() {
            found.add("address", address.clone(), id);
        }
    }
    // An in-app channel (「产品中的反馈方式」「在线客服」) counts where it is offered as a way to
    // reach us, as a department does; in a WeChat line the words name the account (「微信公众号：
    // 某某客服中心」).
    if cues.has(Cue::Contacting)
        && !wechat
        && (topic == Some(Topic::Contact) || cues.has(Cue::Offer))
    {
        if let Some(m) = in_app_re().find(n) {
            found.add("in_app", unit.original(m.start(), m.end()).to_owned(), id);
        }
    }
    // A department counts where it is offered as a contact (the contact section, or 「我们设立了
    // 个人信息保护负责人，您可以通过…联系」), not in a list of internal units or of changes
    // (「负责个人信息保护的部门发生变化」).
    if cues.has(Cue::Department)
        && !cues.has(Cue::Change)
        && (topic == Some(Topic::Contact) || cues.has(Cue::Offer))
    {
        // At most six characters between the protection words and the unit.
        let departments = crate::bounded::captures_within(department_re(), n, 1, 6);
        for m in departments.iter().filter_map(|c| c.get(0)) {
            found.add(
                "department",
                unit.original(m.start(), m.end()).to_owned(),
                id,
            );
        }
    }
}

/// An in-app channel: feedback or customer service inside the product, or named as such (matched
/// on the normalised text, whose ASCII letters are lower case).
fn in_app_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?:产品|应用|app|客户端|软件|平台)(?:中|内|里)的?(?:意见)?(?:反馈|客服)(?:方式|功能|入口|渠道|通道)?|在线客服|意见反馈|帮助与反馈|客服中心",
        )
        .unwrap_or_else(|e| panic!("in-app channel pattern: {e}"))
    })
}

/// The comparison key of a contact value: emails and URLs case-folded, phones digits only, and
/// every in-app channel one channel (its wording varies, the way to reach us does not).
pub fn contact_key(kind: &str, value: &str) -> String {
    match kind {
        "in_app" => "in_app".to_owned(),
        "phone" => value.chars().filter(char::is_ascii_digit).collect(),
        "email" | "url" | "wechat" => value.trim().trim_end_matches('/').to_lowercase(),
        _ => crate::normalize::normalize(value),
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::extract::testing::doc;

    /// The values of the contacts of one kind extracted from `d`.
    fn of_kind(d: &crate::model::Document, kind: &str) -> Vec<String> {
        extract(d)
            .contacts
            .into_iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.value)
            .collect()
    }

    #[test]
    fn a_site_named_in_passing_is_not_a_contact() {
        let d = doc(&[
            "## 七、您的权利",
            "注销：本应用与示例商城官网使用同一账户，您可以在示例商城（https://shop.example.com/）中申请注销账户。",
            "您可以访问 www.example.org 网站选择退出分析。",
            "## 八、其他",
            "本公司官网：https://www.example.cn/",
        ]);
        let urls = of_kind(&d, "url");
        assert_eq!(urls, ["https://www.example.cn/"]);
    }

    #[test]
    fn in_app_channels_offered_for_contact_are_contacts() {
        let in_app = |lines: &[&str]| of_kind(&doc(lines), "in_app");
        assert_eq!(
            in_app(&[
                "## 一、引言",
                "如有疑问，您可以通过应用内的意见反馈入口与我们联系。"
            ]),
            ["应用内的意见反馈入口"]
        );
        assert_eq!(
            in_app(&["## 九、联系我们", "您也可以使用在线客服。"]),
            ["在线客服"]
        );
        // Named, not offered: a feature of the product.
        assert!(in_app(&[
            "## 一、我们收集的信息",
            "使用在线客服时，我们会收集您的昵称。"
        ])
        .is_empty());
    }

    #[test]
    fn sites_the_policy_applies_to_are_not_contacts() {
        let d = doc(&[
            "## 一、适用范围",
            "本政策适用于我们运营的以下产品：",
            "- 官网（https://www.example.cn/）",
            "## 二、联系我们",
            "官网：https://help.example.cn/",
        ]);
        let urls = of_kind(&d, "url");
        assert_eq!(urls, ["https://help.example.cn/"]);
    }

    #[test]
    fn finds_every_kind() {
        let d = doc(&[
            "## 如何联系我们",
            "您可以通过客服人员（微信号：waiyu3721）或发送邮件至Service@Example.com联系我们。",
            "客服电话：400-123-4567；办公电话：010-12345678。",
            "联系地址：北京市海淀区某某路1号某某大厦5层，邮编：100000。",
            "我们设立了个人信息保护专职部门，您也可以关注微信公众号“某某服务”或访问https://www.example.com/feedback 反馈。",
            "备案号：京ICP备12345678号-1",
        ]);
        let p = extract(&d);
        let got: Vec<(&str, &str)> = p
            .contacts
            .iter()
            .map(|c| (c.kind.as_str(), c.value.as_str()))
            .collect();
        for expected in [
            ("wechat", "waiyu3721"),
            ("email", "service@example.com"),
            ("phone", "400-123-4567"),
            ("phone", "010-12345678"),
            ("address", "北京市海淀区某某路1号某某大厦5层"),
            ("department", "个人信息保护专职部门"),
            ("wechat", "某某服务"),
            ("url", "https://www.example.com/feedback"),
        ] {
            assert!(got.contains(&expected), "{expected:?} missing from {got:?}");
        }
        assert!(
            !got.iter().any(|(_, v)| v.contains("12345678号")),
            "{got:?}"
        );
    }

    #[test]
    fn a_contact_in_a_heading_cites_the_clause_the_heading_introduces() {
        let text = "隐私政策\n\n八、联系我们\n\n\
                    8.1 我们设立了个人信息保护办公室，您可以通过以下方式与其联系\n\n\
                    邮寄地址见下文。\n";
        let input = crate::read::from_bytes(text.as_bytes(), std::path::Path::new("t.txt"))
            .unwrap_or_else(|e| panic!("{e}"));
        let d = crate::structure::parse(&input);
        assert!(
            d.walk_sections().iter().any(|s| s.title.contains("办公室")),
            "8.1 is a heading: {:?}",
            d.walk_sections()
        );
        let p = extract(&d);
        let office = p
            .contacts
            .iter()
            .find(|c| c.value == "个人信息保护办公室")
            .unwrap_or_else(|| panic!("office missing from {:?}", p.contacts));
        let introduced = d
            .clauses
            .iter()
            .find(|c| c.text.starts_with("邮寄地址"))
            .map(|c| c.id.clone())
            .unwrap_or_else(|| panic!("clause missing from {:?}", d.clauses));
        assert_eq!(office.clauses, [introduced]);
    }
}
