//! Open-vocabulary data items: the objects of a practice verb that no dictionary lists.
//!
//! Dictionaries give canonical names, categories and sensitivity; they are not the gate of recall.
//! After a practice verb (收集、获取、共享、包括 …; the `Practice` cue) the object runs to the end of
//! the clause. It is cut into a coordinated list (「、」「/」「和」「及」「以及」「或」「与」), with
//! bracketed or colon-introduced examples as sub-lists of the member before them, and each member is
//! cleaned of possessives and determiners (您的、相关、上述 …). A member is a data item when it is
//! shaped like one: a short noun phrase ending in an item head (信息、数据、记录、地址、标识、ID、
//! 列表、情况 …), or a short plain member coordinated with such a phrase or with a dictionary item
//! (「银行卡号、有效期」: ellipsis of a shared head). Umbrella terms (个人信息、相关数据) and members
//! that read as clauses (they hold a subject, a modal or a conjunction) are not items. A member the
//! dictionaries already cover is left to them.
//!
//! The category comes from the hierarchy the dictionaries encode: the longest dictionary term the
//! phrase ends with (「银行卡有效期」 → nothing; 「网页浏览记录」 → 浏览记录's category), else the
//! first head-word family it contains (位置/轨迹 → 个人位置信息 …), else [`UNCLASSIFIED`].

use super::cues::Cue;
use super::{first_chars, Unit};
use crate::dictionary::Compiled;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::sync::OnceLock;

/// The category of an open item whose words match no family.
pub const UNCLASSIFIED: &str = "未分类";

/// An item-shaped phrase found in a unit's normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenItem {
    /// Byte range in the unit's normalised text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// The comparison form of the phrase (its key and name).
    pub name: String,
    /// GB/T 35273 category (see the module docs).
    pub category: String,
    /// Inherited from the dictionary term it ends with.
    pub sensitive: bool,
}

/// Words that make what follows a practice's object: verbs of collecting, obtaining, using,
/// sharing, storing, and the words introducing a list of kinds (包括、例如).
pub(super) const PRACTICE_VERBS: &[&str] = &[
    "收集", "采集", "获取", "读取", "提供", "使用", "共享", "分享", "上传", "访问", "调用", "记录",
    "保存", "存储", "披露", "传输", "填写", "输入", "提交", "包括", "包含", "例如", "比如", "涉及",
    "获得", "接收", "处理", "验证", "绑定", "创建", "留存", "同步", "发送", "转让", "委托", "诸如",
    "完善", "储存",
];

/// Words that end a practice's object: its purpose or a new clause follows.
const OBJECT_ENDS: &[&str] = &[
    "用于",
    "用来",
    "以便",
    "为了",
    "从而",
    "进而",
    "以实现",
    "以保障",
    "以向",
];

/// True when `text` opens with a purpose: an end word of [`OBJECT_ENDS`], or 「以」 before a verb
/// (「以完成实名验证」「以获取服务」); 「以及」「以上」 are no verbs.
fn opens_a_purpose(text: &str) -> bool {
    OBJECT_ENDS.iter().any(|w| text.starts_with(w))
        || text
            .strip_prefix('以')
            .is_some_and(|rest| affixes().verbs.prefix_of(rest).is_some())
}

/// Conjunctions between the members of a list (longest first).
const CONJUNCTIONS: &[&str] = &["以及", "或者", "及其", "和", "及", "或", "与"];

/// Words stripped from the front of a member: possessives, determiners, list openers.
const LEADING: &[&str] = &[
    "包括但不限于",
    "包括",
    "包含",
    "例如",
    "比如",
    "诸如",
    "如下",
    "如",
    "即",
    "您的",
    "你的",
    "用户的",
    "您",
    "你",
    "其",
    "相关的",
    "相关",
    "其他",
    "其它",
    "必要的",
    "必要",
    "上述",
    "以下",
    "下列",
    "这些",
    "这类",
    "这种",
    "这一",
    "该等",
    "该些",
    "此类",
    "前述",
    "部分",
    "全部",
    "更多",
    "所需的",
    "所需",
    "有关",
    "一些",
    "某些",
    "所有",
    "各类",
    "各种",
    "具体",
    "主要",
    "个人的",
    "任何的",
    "任何",
    "相应的",
    "相应",
    "对应的",
    "以上",
    "该",
    "此",
    "的",
    ":",
];

/// Words stripped from the end of a member.
const TRAILING: &[&str] = &["等等", "等", "在内", "之类"];

/// Heads of item-shaped noun phrases.
const HEADS: &[&str] = &[
    "信息",
    "数据",
    "资料",
    "记录",
    "日志",
    "号码",
    "账号",
    "帐号",
    "账户",
    "地址",
    "标识",
    "标识符",
    "识别码",
    "id",
    "编号",
    "列表",
    "情况",
    "内容",
    "特征",
    "类型",
    "型号",
    "版本",
    "名称",
    "照片",
    "图片",
    "图像",
    "影像",
    "视频",
    "音频",
    "录音",
    "文件",
    "关系",
    "标签",
    "行为",
    "属性",
    "偏好",
    "习惯",
    "时间",
    "时长",
    "轨迹",
    "位置",
    "状态",
    "参数",
    "设置",
    "历史",
    "清单",
    "明细",
    "详情",
    "档案",
    "证件",
    "凭证",
    "卡号",
    "密码",
    "昵称",
    "头像",
    "序列号",
    "语言",
    "时区",
    "频率",
    "次数",
    "文本",
    "来源",
    "页面",
];

/// Generic heads: a member that is only one of these (after 个人/用户/敏感 …) names no type of data.
const GENERIC_HEADS: &[&str] = &[
    "信息", "数据", "资料", "内容", "记录", "情况", "文件", "类型", "种类", "范围", "名称", "来源",
    "详情", "方式",
];

/// The words for information itself (信息/数据/资料): the heads of umbrellas and of classes of
/// information.
pub(super) const INFORMATION_WORDS: &[&str] = &["信息", "数据", "资料"];

/// Generic heads that say something about data in general after 信息/数据/资料: its kind, range,
/// source or way (「数据类型」「信息范围」).
const META_HEADS: &[&str] = &["类型", "种类", "范围", "来源", "方式"];

/// Words of information that is not personal or is referred back to (「非个人信息」, 「匿名化后的
/// 信息」, 「删除个人信息」): a member holding one names no new type of personal data.
const NOT_A_TYPE: &[&str] = &[
    "个人信息",
    "敏感信息",
    "非个人",
    "匿名",
    "去标识",
    "此信息",
    "该信息",
];

/// Verbs that begin a member that is an action, not data (「披露此信息」「暂停」「发布图文」).
const ACTION_VERBS: &[&str] = &[
    "删除", "更正", "修改", "识别", "注册", "公开", "查询", "管理", "暂停", "终止", "储存", "分析",
    "保护", "改进", "提升", "优化", "判断", "实现", "完成", "展示", "推送", "推荐", "查看", "了解",
    "开展", "下单", "登录", "导入", "上载", "传送", "结合",
];

/// Action verbs that, directly before a generic head, make one noun naming a kind of data
/// (「注册信息」「登录信息」「公开信息」「识别信息」) rather than an act on data named elsewhere
/// (「删除信息」「管理上述信息」).
const ATTRIBUTIVE_VERBS: &[&str] = &["注册", "登录", "公开", "识别"];

/// Characters before 「的」 that make 「…的信息」 a relative clause about handling (「提供的信息」,
/// 「收集而来的信息」, 「产生的数据」) rather than a described type.
const HANDLED: &[char] = &[
    '供', '生', '集', '取', '来', '传', '存', '理', '享', '用', '到', '成', '交', '写', '入',
];

/// Modifiers that leave a generic head generic (「个人敏感信息」, 「用户数据」).
const GENERIC_MODIFIERS: &[&str] = &["个人", "用户", "敏感", "隐私"];

/// Words that make a member a clause rather than a noun phrase.
const CLAUSE_WORDS: &[&str] = &[
    "我们", "您", "你", "将会", "可能", "如果", "以便", "用于", "为了", "是否", "可以", "能够",
    "应当", "需要", "进行", "通过", "并且", "但是", "时候", "之后", "以后", "之前", "如何", "为您",
    "向您", "请您", "即可", "否则", "无法", "不会", "不能", "不得", "同意", "授权", "服务", "功能",
    "合作", "公司", "我", "他", "她", "它", "是", "有权", "权限", "政策", "法律", "问题",
];

/// Category families by the words an item contains, first match wins.
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "个人生物识别信息",
        &["人脸", "面部", "指纹", "声纹", "虹膜", "掌纹"],
    ),
    (
        "个人位置信息",
        &["位置", "定位", "轨迹", "经纬度", "行踪", "地点"],
    ),
    (
        "个人健康生理信息",
        &["健康", "病", "医疗", "体检", "诊", "药", "心率", "血"],
    ),
    (
        "个人身份信息",
        &["身份证", "证件", "护照", "驾驶证", "户口"],
    ),
    ("身份鉴别信息", &["密码", "口令", "密钥"]),
    (
        "个人财产信息",
        &[
            "订单", "交易", "支付", "银行", "卡号", "消费", "账单", "收入", "资产", "财产", "信用",
        ],
    ),
    (
        "联系人信息",
        &["通讯录", "联系人", "好友", "关系", "粉丝", "关注"],
    ),
    (
        "个人通信信息",
        &["通话", "短信", "邮件", "聊天", "消息", "通信", "通讯"],
    ),
    (
        "个人上网记录",
        &[
            "浏览",
            "搜索",
            "点击",
            "访问",
            "日志",
            "使用情况",
            "使用记录",
            "操作",
            "行为",
            "网页",
            "下载",
        ],
    ),
    (
        "个人常用设备信息",
        &[
            "设备",
            "硬件",
            "软件",
            "系统",
            "浏览器",
            "网络",
            "传感器",
            "型号",
            "终端",
            "应用",
            "sim",
            "mac",
            "ip",
        ],
    ),
    (
        "网络身份标识信息",
        &["账号", "帐号", "账户", "昵称", "头像", "用户名", "id"],
    ),
    (
        "个人教育工作信息",
        &[
            "学历", "学校", "成绩", "职业", "工作", "教育", "学籍", "职务", "专业",
        ],
    ),
    (
        "个人基本资料",
        &[
            "姓名", "性别", "生日", "年龄", "住址", "电话", "邮箱", "民族", "国籍",
        ],
    ),
];

/// Open items of one unit: the objects of its practice verbs, or, with `whole_is_list`, the whole
/// unit as one object (a data cell of a table).
pub(crate) fn find(unit: &Unit, dict: &Compiled, whole_is_list: bool) -> Vec<OpenItem> {
    let n = unit.n();
    let mut regions: Vec<(usize, usize)> = Vec::new();
    if whole_is_list {
        regions.push((0, n.len()));
    } else {
        // Verbs come in order: one inside the last object read is part of it.
        let mut last_object_end = 0;
        for (start, end) in unit.cues.all(Cue::Practice) {
            if start < last_object_end || is_nominal(n, end) || is_negated(n, start) {
                continue;
            }
            let end_of_object = object_end(unit, end);
            if end_of_object > end && !is_condition(n, end_of_object) {
                regions.push((end, end_of_object));
                last_object_end = end_of_object;
            }
            // 「将/把 X 提供给…」: the object stands before the verb.
            if let Some(fronted) = fronted_object(n, start) {
                regions.push((fronted, start));
            }
        }
    }
    let mut out = Vec::new();
    for (start, end) in regions {
        let members = split_list(unit, start, end);
        judge(unit, dict, &members, false, &mut out);
    }
    out.sort_by_key(|item| item.start);
    out.dedup_by(|a, b| a.start == b.start && a.end == b.end);
    out
}

/// True when a negation stands just before the verb at `start` (「不会保存」「无需提供」): what follows
/// is not processed (the dictionaries' denials are read in `modality`).
fn is_negated(n: &str, start: usize) -> bool {
    let before = super::last_chars(n.get(..start).unwrap_or(""), 4);
    ["不", "未", "无需", "无须", "禁止"]
        .iter()
        .any(|w| before.contains(w))
}

/// True when the object ending at `end` closes a condition (「当您绑定智能手环时」, 「…后」): it
/// names when something happens, not what is processed.
fn is_condition(n: &str, end: usize) -> bool {
    let text = n.get(..end).unwrap_or("").trim_end();
    ["时", "时候", "之后", "以后", "后", "前"]
        .iter()
        .any(|w| text.ends_with(w))
}

/// True when the verb ending at `end` is part of a noun (「接收方」「使用者」「提供商」).
fn is_nominal(n: &str, end: usize) -> bool {
    n.get(end..)
        .is_some_and(|rest| rest.starts_with(['方', '者', '人', '商', '端', '机']))
}

/// Where the object after a verb ending at `from` ends: the clause end (「，」「。」「；」, not the
/// 「、」 of a list, which folds to the same comma), or a purpose.
fn object_end(unit: &Unit, from: usize) -> usize {
    let n = unit.n();
    // Objects are short: a clause that runs on (a hostile paragraph without punctuation) is cut,
    // so that every verb's scan is bounded.
    let rest = super::first_chars(n.get(from..).unwrap_or(""), MAX_OBJECT_CHARS);
    let limit = from + rest.len();
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        let at = from + i;
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '.' | ';' | '!' | '?' if depth == 0 => return at,
            ',' if depth == 0 && !is_enumeration_comma(unit, at) => return at,
            _ => {}
        }
        // Every end word starts with one of these characters: most characters need no lookup.
        if depth == 0
            && matches!(c, '用' | '以' | '为' | '从' | '进')
            && opens_a_purpose(rest.get(i..).unwrap_or(""))
            // 「难以」「可以」「予以」: 以 is part of the word before.
            && !(c == '以'
                && n.get(..at)
                    .and_then(|b| b.chars().next_back())
                    .is_some_and(|b| "可难得足加予所".contains(b)))
        {
            return at;
        }
    }
    limit
}

/// The longest object read after one verb, in characters.
const MAX_OBJECT_CHARS: usize = 400;

/// True when the comma at normalised byte `at` was written as the enumeration comma 「、」.
fn is_enumeration_comma(unit: &Unit, at: usize) -> bool {
    let (s, e) = unit.original_range(at, at + 1);
    // A space written after the comma may fold into it.
    unit.text.get(s..e).is_some_and(|t| t.trim_end() == "、")
}

/// The start of an object fronted by 将 or 把 before the verb at `verb` in the same clause.
fn fronted_object(n: &str, verb: usize) -> Option<usize> {
    // At most 20 characters back: a fronted object is short.
    let window = super::last_chars(n.get(..verb)?, 20);
    let window_start = verb - window.len();
    let clause_start = super::clause_start(window, window.len());
    let clause = window.get(clause_start..)?;
    let marker = clause.rfind("将").or_else(|| clause.rfind("把"))?;
    let start = window_start + clause_start + marker + "将".len();
    (verb > start).then_some(start)
}

/// A member of a coordinated list, with the examples given for it.
#[derive(Debug)]
struct Member {
    start: usize,
    end: usize,
    examples: Vec<Member>,
    /// True for the phrase after 「等」 that names the kind of the members before it
    /// (「昵称、头像等公开信息」): an item only when it is item-shaped itself, never plain.
    kind: bool,
}

/// Cuts `n[start..end]` into list members at 「、」, 「/」, conjunctions and 「等」; bracketed text
/// and text after a colon are sub-lists of the member before them.
fn split_list(unit: &Unit, start: usize, end: usize) -> Vec<Member> {
    let n = unit.n();
    let mut members: Vec<Member> = Vec::new();
    let mut member_start = start;
    let mut i = start;
    let close = |members: &mut Vec<Member>, s: usize, e: usize, kind: bool| {
        if e > s {
            members.push(Member {
                start: s,
                end: e,
                examples: Vec::new(),
                kind,
            });
        }
    };
    while i < end {
        let Some(rest) = n.get(i..end) else { break };
        let Some(c) = rest.chars().next() else { break };
        match c {
            '(' | ':' => {
                let inner_end = if c == '(' {
                    matching_paren(n, i, end)
                } else {
                    end
                };
                close(&mut members, member_start, i, false);
                let examples = split_list(unit, i + 1, inner_end);
                if let Some(last) = members.last_mut().filter(|m| m.end == i) {
                    last.examples = examples;
                } else {
                    members.extend(examples);
                }
                i = (inner_end + 1).min(end.max(inner_end));
                member_start = i;
                continue;
            }
            ',' if is_enumeration_comma(unit, i) => {
                close(&mut members, member_start, i, false);
                member_start = i + 1;
            }
            '/' => {
                close(&mut members, member_start, i, false);
                member_start = i + 1;
            }
            '等' => {
                close(&mut members, member_start, i, false);
                // What follows 等 up to the next separator names the kind of the members before
                // it: an umbrella (「等信息」) or a kind of data (「等公开信息」).
                let tail = n.get(i..end).unwrap_or("");
                let tail_end = tail.find([',', '/', '(']).map_or(end, |j| i + j);
                close(&mut members, i + '等'.len_utf8(), tail_end, true);
                member_start = tail_end;
                i = tail_end;
                continue;
            }
            _ => {
                if let Some(w) = CONJUNCTIONS.iter().find(|w| rest.starts_with(*w)) {
                    close(&mut members, member_start, i, false);
                    i += w.len();
                    member_start = i;
                    continue;
                }
            }
        }
        i += c.len_utf8();
    }
    close(&mut members, member_start, end.min(n.len()), false);
    members
}

/// The byte offset of the `)` closing the `(` at `open`, or `end`.
fn matching_paren(n: &str, open: usize, end: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in n.get(open..end).unwrap_or("").char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    end
}

/// What one member is, once cleaned.
enum Shape {
    /// Not a data item (a clause, an umbrella, too long).
    Nothing,
    /// The dictionaries cover it (its cleaned range).
    Known(usize, usize),
    /// An item-shaped phrase (ends in a head).
    Headed(usize, usize),
    /// A plain short phrase: an item only when coordinated with a known or headed one.
    Plain(usize, usize),
}

/// Decides the members of one list (and, recursively, their examples) and pushes the items.
/// `coordinated` is true when the list's parent member is an item (examples of an item are items).
fn judge(
    unit: &Unit,
    dict: &Compiled,
    members: &[Member],
    coordinated: bool,
    out: &mut Vec<OpenItem>,
) {
    let n = unit.n();
    // The kind named after 「等」 is an item only when item-shaped, and anchors no plain member.
    let shapes: Vec<Shape> = members
        .iter()
        .map(|m| match shape(unit, m) {
            // A bare head names no kind (「等参数」).
            Shape::Headed(s, e) if m.kind && n.get(s..e).and_then(head_of).is_none() => {
                Shape::Nothing
            }
            Shape::Plain(..) if m.kind => Shape::Nothing,
            shape => shape,
        })
        .collect();
    // Plain members are items when they are examples of an item, or when items make up at least
    // half of their list (「银行卡号、有效期」), not when one item stands among other things.
    let items = shapes
        .iter()
        .zip(members)
        .filter(|(s, m)| !m.kind && matches!(s, Shape::Known(..) | Shape::Headed(..)))
        .count();
    let listed = members.iter().filter(|m| !m.kind).count();
    let anchored = coordinated || (items > 0 && 2 * items >= listed);
    for (i, (member, shape)) in members.iter().zip(&shapes).enumerate() {
        let range = match *shape {
            Shape::Headed(s, e) => Some((s, e)),
            Shape::Plain(s, e) if anchored => Some((s, e)),
            _ => None,
        };
        if let Some((s, e)) = range {
            // A short plain member before a headed one shares its head (「跑步、骑行轨迹」 is
            // 跑步轨迹 and 骑行轨迹; 「授信和还款记录」 is 授信记录 and 还款记录).
            // Only with the member right after it, in a short coordination or joined to it by a
            // conjunction: the members of a long enumeration are nouns of their own
            // (「浏览器、IP地址」), 「地区和语言设置」 shares its head in any list.
            let joined = members.get(i + 1).is_some_and(|next| {
                n.get(member.end..next.start)
                    .is_some_and(|between| CONJUNCTIONS.iter().any(|c| between.contains(c)))
            });
            let shared_head = match shape {
                Shape::Plain(..)
                    if (shapes.len() <= MAX_ELLIPSIS_MEMBERS || joined)
                        && n.get(s..e).is_some_and(|t| t.chars().count() <= 4) =>
                {
                    match shapes.get(i + 1) {
                        Some(&Shape::Headed(hs, he) | &Shape::Known(hs, he)) => {
                            head_of(n.get(hs..he).unwrap_or(""))
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            out.push(open_item(unit, dict, s, e, shared_head.unwrap_or("")));
        }
        let is_item = range.is_some() || matches!(shape, Shape::Known(..));
        judge(unit, dict, &member.examples, is_item, out);
    }
}

/// The most members a list sharing one head by ellipsis has (「跑步、骑行和游泳轨迹」).
const MAX_ELLIPSIS_MEMBERS: usize = 4;

/// A word list indexed by its words' first or last character: a member takes many prefix and
/// suffix tests against long lists, and one binary search finds the few words that can match.
struct Affixes {
    /// `(character, word)`, sorted by character, words of one character in list order.
    words: Vec<(char, &'static str)>,
    /// True when indexed by last character (suffix tests), else by first.
    by_last: bool,
}

impl Affixes {
    fn new(lists: &[&[&'static str]], by_last: bool) -> Self {
        let mut words: Vec<(char, &'static str)> = lists
            .iter()
            .flat_map(|list| list.iter())
            .filter_map(|w| {
                let c = if by_last {
                    w.chars().next_back()
                } else {
                    w.chars().next()
                };
                Some((c?, *w))
            })
            .collect();
        words.sort_by_key(|(c, _)| *c);
        Affixes { words, by_last }
    }

    /// The words that may stand at `text`'s indexed end, in list order.
    fn candidates(&self, text: &str) -> &[(char, &'static str)] {
        let end = if self.by_last {
            text.chars().next_back()
        } else {
            text.chars().next()
        };
        let Some(end) = end else { return &[] };
        let from = self.words.partition_point(|(c, _)| *c < end);
        let to = self.words.partition_point(|(c, _)| *c <= end);
        self.words.get(from..to).unwrap_or(&[])
    }

    /// The first listed word `text` starts with.
    fn prefix_of(&self, text: &str) -> Option<&'static str> {
        self.candidates(text)
            .iter()
            .map(|(_, w)| *w)
            .find(|w| text.starts_with(w))
    }

    /// The listed words `text` ends with, in list order.
    fn suffixes_of<'t>(&'t self, text: &'t str) -> impl Iterator<Item = &'static str> + 't {
        self.candidates(text)
            .iter()
            .map(|(_, w)| *w)
            .filter(move |w| text.ends_with(w))
    }
}

/// The indexed lists of [`shape`] and [`clean`], built on first use (or by [`super::prepare`]).
struct AffixIndexes {
    /// [`ACTION_VERBS`] then [`PRACTICE_VERBS`], by first character.
    verbs: Affixes,
    /// [`LEADING`], by first character.
    leading: Affixes,
    /// [`HEADS`], by last character.
    heads: Affixes,
    /// [`GENERIC_HEADS`], by last character.
    generic_heads: Affixes,
}

fn affixes() -> &'static AffixIndexes {
    static INDEXES: OnceLock<AffixIndexes> = OnceLock::new();
    INDEXES.get_or_init(|| AffixIndexes {
        verbs: Affixes::new(&[ACTION_VERBS, PRACTICE_VERBS], false),
        leading: Affixes::new(&[LEADING], false),
        heads: Affixes::new(&[HEADS], true),
        generic_heads: Affixes::new(&[GENERIC_HEADS], true),
    })
}

/// Cleans a member and decides its [`Shape`].
fn shape(unit: &Unit, member: &Member) -> Shape {
    let n = unit.n();
    let (s, e) = clean(n, member.start, member.end);
    match shape_of(unit, s, e) {
        Shape::Nothing => described_head(unit, s, e),
        shape => shape,
    }
}

/// The noun phrase after the last 「的」 of a member that is no item as a whole, when it is
/// item-shaped itself: a relative clause or a qualifier before a specific item
/// (「无法识别您身份的画像标签」「匿名化的用户画像」) describes the item, it does not make it
/// a clause. Generic phrases after the 「的」 stay nothing (「您提供的信息」).
fn described_head(unit: &Unit, s: usize, e: usize) -> Shape {
    let n = unit.n();
    let Some(at) = n.get(s..e).and_then(|text| text.rfind('的')) else {
        return Shape::Nothing;
    };
    let (s, e) = clean(n, s + at + '的'.len_utf8(), e);
    // A bare head after the 「的」 is what the clause is about, not a type (「悬浮窗的状态」).
    let modified = n.get(s..e).and_then(head_of).is_some();
    match shape_of(unit, s, e) {
        headed @ Shape::Headed(..) if modified => headed,
        _ => Shape::Nothing,
    }
}

/// The shape of the cleaned member `n[s..e]` (see [`shape`]).
fn shape_of(unit: &Unit, s: usize, e: usize) -> Shape {
    let n = unit.n();
    let Some(text) = n.get(s..e) else {
        return Shape::Nothing;
    };
    let chars = text.chars().count();
    if describes_use(text) {
        return Shape::Headed(s, e);
    }
    if !(2..=16).contains(&chars)
        || holds_a_rejected_word(text)
        || text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation())
        || is_generic(text)
        || is_handling_clause(text)
        || refers_back(text)
        || text.starts_with('并')
        || opens_a_purpose(text)
        // A comma inside a member (bracketed text is split at 「、」 only) makes it a clause.
        || text.contains(',')
        || describes_nothing_personal(text)
    {
        return Shape::Nothing;
    }
    let action = affixes().verbs.prefix_of(text);
    // Covered by the dictionaries: their hits inside make up most of it.
    let overlapping = unit.items_overlapping(s, e);
    let covered: usize = overlapping
        .iter()
        .filter(|h| h.start >= s && h.end <= e)
        .map(|h| h.end - h.start)
        .sum();
    if 2 * covered >= e - s {
        return Shape::Known(s, e);
    }
    if !overlapping.is_empty() {
        // Overlapping a dictionary mention across the member's edge: a cut in the wrong place.
        return Shape::Nothing;
    }
    if names_an_act(text) {
        return Shape::Nothing;
    }
    if affixes().heads.suffixes_of(text).next().is_some() && !GENERIC_HEADS.contains(&text) {
        // A verb before a generic object is an action on data named elsewhere.
        match action {
            // A verb before an item-shaped object is an act on that item (「访问电话状态」「绑定第三方
            // 账号」): the object is the item. Before a bare head the verb makes one noun
            // (「浏览记录」「搜索历史」), and with a 的 a relative clause (「使用的语言」).
            Some(verb)
                if !ATTRIBUTIVE_VERBS.contains(&verb)
                    && text.get(verb.len()..).is_some_and(|object| {
                        !object.contains('的') && head_of(object).is_some()
                    }) =>
            {
                let (object_start, object_end) = clean(n, s + verb.len(), e);
                match shape_of(unit, object_start, object_end) {
                    object @ (Shape::Headed(..) | Shape::Known(..)) => object,
                    _ => Shape::Nothing,
                }
            }
            Some(verb) if is_generic(clean_str(text.get(verb.len()..).unwrap_or(""))) => {
                // Some verbs name a kind right before the head (「注册信息」「公开信息」).
                let compound = ATTRIBUTIVE_VERBS.contains(&verb)
                    && text
                        .get(verb.len()..)
                        .is_some_and(|h| GENERIC_HEADS.contains(&h));
                if compound {
                    Shape::Headed(s, e)
                } else {
                    Shape::Nothing
                }
            }
            _ => Shape::Headed(s, e),
        }
    } else if chars <= 8 && action.is_none() && !text.contains('的') && !text.contains(' ') {
        Shape::Plain(s, e)
    } else {
        Shape::Nothing
    }
}

/// True when `text` ends in 行为 and names an act rather than recorded behaviour: a processing or
/// action verb right before the head (「公开披露行为」「处理行为」), or a relative clause
/// (「违反规则的行为」), or nothing at all. 「违规行为」「浏览行为」 stay.
fn names_an_act(text: &str) -> bool {
    text.strip_suffix("行为").is_some_and(|rest| {
        rest.is_empty()
            || rest.contains('的')
            || PRACTICE_VERBS
                .iter()
                .chain(ACTION_VERBS)
                .any(|v| rest.ends_with(v))
    })
}

/// True when `text` is a relative clause on a generic head that describes how the user uses
/// something (「您使用的移动应用和其他软件的信息」「使用服务的相关信息」): a record of use, one
/// type of personal information however it is worded. The clause may name the user and the
/// service, nothing else that makes it a sentence.
fn describes_use(text: &str) -> bool {
    let Some(modifier) = affixes().generic_heads.suffixes_of(text).find_map(|head| {
        let rest = text.strip_suffix(head)?;
        let rest = rest.strip_suffix("相关").unwrap_or(rest);
        rest.strip_suffix('的')
    }) else {
        return false;
    };
    let chars = text.chars().count();
    (4..=24).contains(&chars)
        && USAGE_VERBS.iter().any(|v| modifier.contains(v))
        && !modifier.ends_with(HANDLED)
        // 「使用您的信息」: a possessive, the verb acts on the information.
        && !modifier.ends_with(['您', '你'])
        && !modifier.ends_with("用户")
        && !modifier.contains('所')
        && rejected_words().is_some_and(|automaton| {
            automaton.find_iter(modifier).all(|m| {
                let word = modifier.get(m.start()..m.end()).unwrap_or("");
                ["您", "你", "服务", "其他"].contains(&word)
            })
        })
}

/// Verbs of the user's use of a service (see [`describes_use`]).
const USAGE_VERBS: &[&str] = &[
    "使用", "浏览", "访问", "操作", "点击", "搜索", "安装", "交易",
];

/// 「…提供的信息」: a relative clause on a generic head, about how data is handled.
fn is_handling_clause(text: &str) -> bool {
    affixes().generic_heads.suffixes_of(text).any(|head| {
        text.strip_suffix(head)
            .and_then(|rest| rest.strip_suffix('的'))
            .and_then(|rest| rest.chars().last())
            .is_some_and(|c| HANDLED.contains(&c))
    })
}

/// Determiners that make a generic head refer to data named elsewhere (「传递上述信息」,
/// 「采取安全措施处理前述信息」).
const BACK_REFERENCES: &[&str] = &[
    "上述", "前述", "以上", "下列", "以下", "下述", "如下", "这些", "这类", "此类", "该等", "该",
    "此", "这", "那些", "类似", "对应", "相应",
];

/// True when `text` ends in a determiner and a generic head, perhaps with 的 or 相关 between: a
/// reference back (or forward) to data named elsewhere, whatever verb stands before it.
fn refers_back(text: &str) -> bool {
    affixes().generic_heads.suffixes_of(text).any(|head| {
        text.strip_suffix(head)
            .map(|rest| rest.trim_end_matches("相关").trim_end_matches('的'))
            .is_some_and(|rest| BACK_REFERENCES.iter().any(|d| rest.ends_with(d)))
    })
}

/// True when `text` is a relative clause or modifier on a generic head (「符合要求的信息」,
/// 「有关活动的信息」) whose words name no family of personal data: what it describes is not a
/// type of personal information (「您浏览的药店信息」 has no 的 before the head; 「位置的信息」 names
/// a family and stays).
fn describes_nothing_personal(text: &str) -> bool {
    affixes().generic_heads.suffixes_of(text).any(|head| {
        text.strip_suffix(head)
            .map(|rest| rest.strip_suffix("相关").unwrap_or(rest))
            .is_some_and(|rest| rest.ends_with('的'))
    }) && family_of(text) == UNCLASSIFIED
}

/// `text` without the leading words [`clean`] strips.
fn clean_str(text: &str) -> &str {
    let (s, e) = clean(text, 0, text.len());
    text.get(s..e).unwrap_or("")
}

/// True when `text` holds one of [`CLAUSE_WORDS`] or [`NOT_A_TYPE`] (one automaton for both: every
/// member of every list is checked).
fn holds_a_rejected_word(text: &str) -> bool {
    rejected_words().is_some_and(|automaton| {
        automaton.find_iter(text).any(|m| {
            // 「服务」 before more modifiers of an item head describes how the service was used
            // (「服务过程信息」「服务使用情况」「服务的详细使用情况」); right before the head
            // (「服务信息」) or without one it names the service.
            let word = text.get(m.start()..m.end()).unwrap_or("");
            let rest = text.get(m.end()..).unwrap_or("");
            !(word == "服务" && head_of(rest).is_some_and(|head| rest.len() > head.len()))
        })
    })
}

/// The automaton of [`holds_a_rejected_word`], built on first use (or by [`super::prepare`]).
/// `None` only if daachorse refused the word lists, which the tests rule out.
fn rejected_words() -> Option<&'static CharwiseDoubleArrayAhoCorasick<u32>> {
    static AUTOMATON: OnceLock<Option<CharwiseDoubleArrayAhoCorasick<u32>>> = OnceLock::new();
    AUTOMATON
        .get_or_init(|| {
            let mut words: Vec<&str> = CLAUSE_WORDS.iter().chain(NOT_A_TYPE).copied().collect();
            words.sort_unstable();
            words.dedup();
            CharwiseDoubleArrayAhoCorasick::new(words).ok()
        })
        .as_ref()
}

/// Builds the automata (see [`super::prepare`]).
pub(super) const PREPARE: &[fn()] = &[
    || _ = rejected_words(),
    || _ = family_words(),
    || _ = affixes(),
];

/// Strips spaces, quotes, brackets, possessives and determiners from both ends of `n[s..e]`.
fn clean(n: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    loop {
        let Some(text) = n.get(s..e) else {
            return (s, s);
        };
        let trimmed = text.trim_start_matches([' ', '"', '\'', '[', ']', '*', '<', '>', '-']);
        if trimmed.len() != text.len() {
            s += text.len() - trimmed.len();
            continue;
        }
        match affixes().leading.prefix_of(text) {
            Some(w) if text.len() > w.len() => s += w.len(),
            _ => break,
        }
    }
    loop {
        let Some(text) = n.get(s..e) else {
            return (s, s);
        };
        let trimmed = text.trim_end_matches([' ', '"', '\'', '[', ']', '*', '<', '>', '-', ')']);
        if trimmed.len() != text.len() {
            e = s + trimmed.len();
            continue;
        }
        match TRAILING.iter().find(|w| text.ends_with(*w)) {
            Some(w) if text.len() > w.len() => e -= w.len(),
            _ => break,
        }
    }
    (s, e)
}

/// True for umbrella terms: a generic head with nothing but generic modifiers or other generic
/// heads before it.
fn is_generic(text: &str) -> bool {
    let mut rest = text;
    loop {
        let before = rest;
        for m in GENERIC_MODIFIERS {
            rest = rest.strip_prefix(m).unwrap_or(rest);
        }
        rest = rest.strip_prefix('的').unwrap_or(rest);
        // A generic head before 信息/数据/资料 is one umbrella (「数据信息」「内容信息」), and so is
        // a kind, range or source of information (「数据类型」「信息来源」): about data in general.
        if let Some(head) = GENERIC_HEADS.iter().find(|h| {
            rest.strip_prefix(*h).is_some_and(|r| {
                INFORMATION_WORDS.contains(&r)
                    || (INFORMATION_WORDS.contains(h) && META_HEADS.contains(&r))
            })
        }) {
            rest = rest.get(head.len()..).unwrap_or(rest);
        }
        if rest == before {
            break;
        }
    }
    rest.is_empty() || GENERIC_HEADS.contains(&rest)
}

/// The longest item head `text` ends with.
fn head_of(text: &str) -> Option<&'static str> {
    affixes()
        .heads
        .suffixes_of(text)
        .filter(|h| text.len() > h.len())
        .max_by_key(|h| h.len())
}

/// The open item of `n[s..e]` (with a head it shares with the next member, or ""), with its
/// category.
fn open_item(unit: &Unit, dict: &Compiled, s: usize, e: usize, shared_head: &str) -> OpenItem {
    let mut name = first_chars(unit.n().get(s..e).unwrap_or(""), 16).to_owned();
    name.push_str(shared_head);
    let entries = &dict.dictionaries.data_items;
    // The longest dictionary term the phrase ends with.
    let suffix = dict
        .data_items
        .find_all(&name)
        .into_iter()
        .filter(|h| h.end == name.len())
        .max_by_key(|h| h.end - h.start)
        .and_then(|h| entries.get(h.entry));
    let (category, sensitive) = match suffix {
        Some(entry) => (entry.category.clone(), entry.sensitive),
        None => (family_of(&name).to_owned(), false),
    };
    OpenItem {
        start: s,
        end: e,
        name,
        category,
        sensitive,
    }
}

/// The category family of an item's words (see [`FAMILIES`]): the first family with a word in it.
fn family_of(name: &str) -> &'static str {
    family_words()
        .and_then(|(automaton, families)| {
            automaton
                .find_overlapping_iter(name)
                .filter_map(|m| families.get(m.pattern().as_usize()).copied())
                .min()
        })
        .and_then(|family| FAMILIES.get(family))
        .map_or(UNCLASSIFIED, |(category, _)| category)
}

/// One automaton of every [`FAMILIES`] word (an NFA: cheap to build, and names are short), with
/// each pattern's family index (built on first use or by [`super::prepare`]). `None` only if
/// aho-corasick refused the lists, which the tests rule out.
fn family_words() -> Option<&'static (AhoCorasick, Vec<usize>)> {
    static AUTOMATON: OnceLock<Option<(AhoCorasick, Vec<usize>)>> = OnceLock::new();
    AUTOMATON
        .get_or_init(|| {
            let (words, families): (Vec<&str>, Vec<usize>) = FAMILIES
                .iter()
                .enumerate()
                .flat_map(|(family, (_, list))| list.iter().map(move |w| (*w, family)))
                .unzip();
            let automaton = AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(words)
                .ok()?;
            Some((automaton, families))
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::unit;

    fn names(sentence: &str) -> Vec<String> {
        let u = unit(sentence);
        find(&u, Compiled::builtin(), false)
            .into_iter()
            .map(|i| i.name)
            .collect()
    }

    #[test]
    fn objects_of_practice_verbs_are_items() {
        assert_eq!(
            names("我们会收集您的软硬件特征信息和签到领取情况。"),
            ["软硬件特征信息", "签到领取情况"]
        );
        // A verb inside a noun starts no object.
        assert!(names("我们会告知您接收方的名称、类型。").is_empty());
        assert_eq!(
            names("您可以完善网络身份识别信息（头像、昵称），以便我们联系您。"),
            ["网络身份识别信息"]
        );
        // The kind after 「等」 is an item when item-shaped: not a bare head, not an umbrella.
        assert_eq!(
            names("第三方可能会获取您的昵称、头像等社交资料。"),
            ["社交资料"]
        );
        let got = names("我们会读取设备型号、屏幕尺寸等参数。");
        assert!(!got.iter().any(|n| n == "参数"), "{got:?}");
        assert!(names("我们会获取您的昵称、头像等信息。").is_empty());
        // 来源 heads the source of something personal (「应用程序的来源」), not of data in general.
        assert_eq!(names("我们会记录客户端的下载来源。"), ["客户端的下载来源"]);
        assert!(names("我们会告知您数据来源。").is_empty());
        // 页面 heads the pages the user visited.
        assert_eq!(names("我们会记录您访问过的页面。"), ["访问过的页面"]);
        // A plain member is an item when coordinated with items (here dictionary ones).
        assert_eq!(names("支付时需要提供持卡人证件类型、有效期。"), ["有效期"]);
    }

    #[test]
    fn clauses_umbrellas_and_unanchored_words_are_not_items() {
        assert!(names("我们会收集您的个人信息。").is_empty());
        assert!(names("我们会使用您提供的相关数据用于改进服务。").is_empty());
        assert!(names("您可以使用我们的服务。").is_empty());
        assert!(names("我们会提供客服支持、售后保障。").is_empty());
    }

    #[test]
    fn object_ends_start_with_the_characters_object_end_looks_for() {
        for word in OBJECT_ENDS {
            assert!(word.starts_with(['用', '以', '为', '从', '进']), "{word}");
        }
    }

    #[test]
    fn family_words_are_built() {
        assert!(family_words().is_some());
        assert_eq!(family_of("人脸照片"), "个人生物识别信息");
    }

    #[test]
    fn rejected_words_are_built() {
        assert!(rejected_words().is_some());
        assert!(holds_a_rejected_word("我们的数据") && !holds_a_rejected_word("设备型号"));
    }

    #[test]
    fn fronted_objects_and_categories() {
        let u = unit("我们会将您的常去地点列表共享给合作方。");
        let found = find(&u, Compiled::builtin(), false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].name, "常去地点列表");
        assert_eq!(found[0].category, "个人位置信息");
        assert_eq!(family_of("宠物品种描述"), UNCLASSIFIED);
    }

    #[test]
    fn references_and_descriptions_of_nothing_personal_are_not_items() {
        // A determiner before a generic head refers to data named elsewhere.
        assert!(names("我们需要收集您的如下信息：").is_empty());
        assert!(names("我们会收集并使用下列信息。").is_empty());
        assert!(names("我们会采取加密措施处理前述信息。").is_empty());
        // A modifier on a generic head that names no family of personal data.
        assert!(names("我们会收集有关促销活动的信息。").is_empty());
        // One that does stays.
        assert_eq!(names("我们会记录您常去地点的记录。"), ["常去地点的记录"]);
        // Some verbs make one noun with the head; others act on data named elsewhere.
        assert_eq!(names("我们会储存您的注册信息。"), ["注册信息"]);
        assert!(names("您可以删除信息。").is_empty());
        // A relative clause describing the user's use of something is a record of use.
        assert_eq!(
            names("我们会记录您浏览商品的相关数据。"),
            ["浏览商品的相关数据"]
        );
        assert!(names("我们会持续收集和使用您的信息。").is_empty());
        // Acts are no data; behaviour recorded is.
        assert!(names("我们会记录您的违规行为。") == ["违规行为"]);
        assert!(names("本政策不适用于第三方的公开披露行为。").is_empty());
        // Generic heads in a row, and 「类似」 referring back, are umbrellas.
        assert!(names("我们会收集您的数据信息。").is_empty());
        assert!(names("我们会使用从其他渠道获得的类似数据。").is_empty());
    }

    #[test]
    fn a_clause_before_a_specific_head_describes_it() {
        assert_eq!(
            names("我们会向合作方提供无法识别您身份的群体特征标签，以便其评估效果。"),
            ["群体特征标签"]
        );
        // A bare head after the 「的」 is what the clause is about.
        assert!(names("我们会读取设备在您使用时的状态。").is_empty());
        // A generic one is no type of data.
        assert!(names("我们会保存您在活动中提交的资料。").is_empty());
    }

    #[test]
    fn purposes_and_clauses_in_a_list_are_no_items() {
        // 「以」 before a verb, or 「用来」, opens a purpose, inside brackets too.
        assert_eq!(
            names("我们会收集您的车队编号、 球队名称以完成报名。"),
            ["车队编号", "球队名称"]
        );
        assert_eq!(
            names("我们会收集您的车队编号（用来分配路线）。"),
            ["车队编号"]
        );
        // 「难以」 is one word: no purpose opens.
        assert_eq!(
            names("我们会保存难以识别身份的骑行轨迹。"),
            ["难以识别身份的骑行轨迹"]
        );
        // A member holding a comma is a clause.
        assert_eq!(
            names("我们会记录您的骑行轨迹（如起点位置，终点位置）。"),
            ["骑行轨迹"]
        );
    }

    #[test]
    fn a_verb_before_an_item_shaped_object_names_an_act_on_it() {
        // The object is the item; a verb before a bare head makes one noun.
        assert_eq!(
            names("我们会请求以下授权：读取通话状态、修改系统设置。"),
            ["通话状态", "系统设置"]
        );
        assert_eq!(
            names("我们会记录您的查看历史和收藏清单。"),
            ["查看历史", "收藏清单"]
        );
    }

    #[test]
    fn words_about_data_in_general_name_no_type() {
        assert!(names("您可以了解合作方收集的数据类型及用途。").is_empty());
        assert!(names("使用打卡功能时，我们会记录对应信息。").is_empty());
        assert!(names("我们会妥善保存该些信息。").is_empty());
    }

    #[test]
    fn ellipsis_only_in_short_or_joined_coordinations() {
        // A short coordination shares its head.
        assert_eq!(
            names("我们会记录您的跑步、骑行轨迹。"),
            ["跑步轨迹", "骑行轨迹"]
        );
        // In a long enumeration the members stand alone, unless a conjunction joins them.
        let got = names("我们会收集设备名称、耳机、IP地址、系统版本、电量、地区和界面设置。");
        assert!(got.iter().any(|n| n == "地区设置"), "{got:?}");
        assert!(!got.iter().any(|n| n == "耳机地址"), "{got:?}");
        // A space after the enumeration comma does not end the list.
        assert_eq!(
            names("我们会收集您的勋章名称、 积分记录。"),
            ["勋章名称", "积分记录"]
        );
    }

    #[test]
    fn long_lists_are_read_to_their_end() {
        let members: Vec<String> = (1..=30).map(|i| format!("第{i}号传感器读数")).collect();
        let sentence = format!("我们会收集您的{}和机身温度记录。", members.join("、"));
        assert!(sentence.chars().count() > 200);
        assert_eq!(
            names(&sentence).last().map(String::as_str),
            Some("机身温度记录")
        );
    }

    #[test]
    fn the_use_of_a_service_is_an_item_the_service_is_not() {
        assert_eq!(
            names("我们会收集服务过程信息和服务使用情况。"),
            ["服务过程信息", "服务使用情况"]
        );
        assert!(names("我们会提供服务信息、售后服务。").is_empty());
    }
}
