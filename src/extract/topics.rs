//! Section topics: recognises what a section is about (collection, sharing, rights, children …)
//! from its heading, so rules can depend on where a sentence stands.

use super::Context;
use crate::model::practices::TopicSection;
use crate::model::{Document, Section};
use crate::normalize::normalize;
use std::collections::HashMap;

/// What a section of a privacy policy is about (GB/T 35273-2020 Appendix D skeleton).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// 名词解释 / 定义.
    Definitions,
    /// 我们如何收集和使用您的个人信息.
    Collection,
    /// Cookie 和同类技术.
    Cookies,
    /// 共享、转让、公开披露; third-party SDKs.
    Sharing,
    /// 我们如何保护您的个人信息.
    Protection,
    /// 存储 / 保存期限.
    Retention,
    /// 您的权利 / 管理您的个人信息.
    Rights,
    /// 儿童 / 未成年人.
    Children,
    /// 跨境 / 全球范围转移.
    CrossBorder,
    /// 本政策如何更新.
    Update,
    /// 如何联系我们.
    Contact,
}

/// Heading words per topic, tried in this order (the first topic with a word in the heading wins).
const TOPIC_WORDS: &[(Topic, &[&str])] = &[
    (Topic::Definitions, &["名词解释", "定义", "术语", "释义"]),
    (Topic::Children, &["儿童", "未成年"]),
    (Topic::CrossBorder, &["跨境", "境外", "全球范围", "出境"]),
    (Topic::Cookies, &["cookie", "同类技术"]),
    (
        Topic::Sharing,
        &[
            "共享",
            "转让",
            "公开披露",
            "委托处理",
            "第三方",
            "sdk",
            "合作",
        ],
    ),
    (
        Topic::Rights,
        &["权利", "管理您的", "如何管理", "您的权限", "行使"],
    ),
    (Topic::Update, &["更新", "变更", "修订"]),
    (Topic::Contact, &["联系我们", "联系方式", "联系", "联络"]),
    (Topic::Collection, &["收集", "使用", "获取", "权限"]),
    (Topic::Retention, &["存储", "保存", "保留", "期限"]),
    (Topic::Protection, &["保护", "安全"]),
];

impl Topic {
    /// The topic a heading announces, if any.
    pub fn of_heading(title: &str) -> Option<Topic> {
        let t = normalize(title);
        TOPIC_WORDS
            .iter()
            .find(|(_, words)| words.iter().any(|w| t.contains(w)))
            .map(|(topic, _)| *topic)
    }

    /// The JSON code of the topic.
    pub fn code(self) -> &'static str {
        match self {
            Topic::Definitions => "definitions",
            Topic::Collection => "collection",
            Topic::Cookies => "cookies",
            Topic::Sharing => "sharing",
            Topic::Protection => "protection",
            Topic::Retention => "retention",
            Topic::Rights => "rights",
            Topic::Children => "children",
            Topic::CrossBorder => "cross_border",
            Topic::Update => "update",
            Topic::Contact => "contact",
        }
    }
}

/// Sections by id, to find the topic of a clause's innermost section and its ancestors.
pub(crate) struct SectionIndex<'a> {
    by_id: HashMap<&'a str, (&'a Section, Option<&'a str>)>,
    /// The topic each heading announces, computed once.
    topics: HashMap<&'a str, Option<Topic>>,
}

impl<'a> SectionIndex<'a> {
    /// Indexes every section of the document with its parent id.
    pub fn new(doc: &'a Document) -> Self {
        fn go<'a>(
            sections: &'a [Section],
            parent: Option<&'a str>,
            out: &mut HashMap<&'a str, (&'a Section, Option<&'a str>)>,
        ) {
            for s in sections {
                out.insert(s.id.as_str(), (s, parent));
                go(&s.sections, Some(s.id.as_str()), out);
            }
        }
        let mut by_id = HashMap::new();
        go(&doc.sections, None, &mut by_id);
        let topics = by_id
            .iter()
            .map(|(id, (s, _))| (*id, Topic::of_heading(&s.title)))
            .collect();
        SectionIndex { by_id, topics }
    }

    /// Topic of the outermost enclosing section that has one, and the innermost section title.
    ///
    /// The outermost wins because subsections of 「我们如何收集和使用」 are named after business
    /// functions (「保障服务安全」, 「存储权限」) whose words would otherwise suggest another topic.
    pub fn topic_of(&self, section_id: Option<&str>) -> (Option<Topic>, &'a str) {
        let mut id = section_id;
        let mut title = None;
        let mut topic = None;
        let mut guard = 0;
        while let Some((section, parent)) = id.and_then(|i| self.by_id.get(i)) {
            title.get_or_insert(section.title.as_str());
            if let Some(t) = self.topics.get(section.id.as_str()).copied().flatten() {
                topic = Some(t);
            }
            id = *parent;
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        (topic, title.unwrap_or(""))
    }
}

/// The document's outermost sections with a recognised topic, in document order (a subsection of a
/// topical section is part of its parent's topic, see [`SectionIndex::topic_of`]).
pub(crate) fn sections(ctx: &Context) -> Vec<TopicSection> {
    fn go(sections: &[Section], out: &mut Vec<TopicSection>) {
        for s in sections {
            match Topic::of_heading(&s.title) {
                Some(topic) => out.push(TopicSection {
                    topic: topic.code().to_owned(),
                    section_id: s.id.clone(),
                    title: s.title.clone(),
                }),
                None => go(&s.sections, out),
            }
        }
    }
    let mut out = Vec::new();
    go(&ctx.doc.sections, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_map_to_topics() {
        for (heading, topic) in [
            ("一、名词解释", Some(Topic::Definitions)),
            (
                "二、我们如何收集、存储和使用您的个人信息",
                Some(Topic::Collection),
            ),
            ("三、我们如何使用 Cookie 和同类技术", Some(Topic::Cookies)),
            (
                "我们如何共享、转让、公开披露您的个人信息",
                Some(Topic::Sharing),
            ),
            ("7.我们使用的第三方SDK", Some(Topic::Sharing)),
            ("8.个人信息的存储", Some(Topic::Retention)),
            ("四、我们如何保护您的个人信息", Some(Topic::Protection)),
            ("五、您的权利", Some(Topic::Rights)),
            ("六、我们如何处理儿童的个人信息", Some(Topic::Children)),
            ("您的个人信息如何在全球范围转移", Some(Topic::CrossBorder)),
            ("七、本政策如何更新", Some(Topic::Update)),
            ("八、如何联系我们", Some(Topic::Contact)),
            ("引言", None),
        ] {
            assert_eq!(Topic::of_heading(heading), topic, "{heading}");
        }
    }
}
