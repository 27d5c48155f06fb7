//! Section topics: recognises what a section is about (collection, sharing, rights, children …)
//! from its heading, so rules can depend on where a sentence stands.

use super::cues::{first_label_match, Cue};
use super::Context;
use crate::model::practices::TopicSection;
use crate::model::{Document, Section};
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

/// Heading words of a definitions section.
pub(super) const DEFINITIONS: &[&str] = &["名词解释", "定义", "术语", "释义"];
/// Heading words of a children's section.
pub(super) const CHILDREN: &[&str] = &["儿童", "未成年"];
/// Heading words of a cross-border section.
pub(super) const CROSS_BORDER: &[&str] = &["跨境", "境外", "全球范围", "出境"];
/// Heading words of a cookies section.
pub(super) const COOKIES: &[&str] = &["cookie", "同类技术"];
/// Heading words of a sharing section.
pub(super) const SHARING: &[&str] = &[
    "共享",
    "转让",
    "公开披露",
    "委托处理",
    "第三方",
    "sdk",
    "合作",
];
/// Heading words of a rights section.
pub(super) const RIGHTS: &[&str] = &["权利", "管理您的", "如何管理", "您的权限", "行使"];
/// Heading words of an updates section.
pub(super) const UPDATE: &[&str] = &["更新", "变更", "修订"];
/// Heading words of a contact section.
pub(super) const CONTACT: &[&str] = &["联系我们", "联系方式", "联系", "联络"];
/// Heading words of a collection section.
pub(super) const COLLECTION: &[&str] = &["收集", "使用", "获取", "权限"];
/// Heading words of a retention section.
pub(super) const RETENTION: &[&str] = &["存储", "保存", "保留", "期限"];
/// Heading words of a protection section.
pub(super) const PROTECTION: &[&str] = &["保护", "安全"];

/// Heading words per topic, tried in this order (the first topic with a word in the heading wins).
const BY_PRIORITY: [(Cue, Topic); 11] = [
    (Cue::DefinitionsHeading, Topic::Definitions),
    (Cue::ChildrenHeading, Topic::Children),
    (Cue::CrossBorderHeading, Topic::CrossBorder),
    (Cue::CookiesHeading, Topic::Cookies),
    (Cue::SharingHeading, Topic::Sharing),
    (Cue::RightsHeading, Topic::Rights),
    (Cue::UpdateHeading, Topic::Update),
    (Cue::ContactHeading, Topic::Contact),
    (Cue::CollectionHeading, Topic::Collection),
    (Cue::RetentionHeading, Topic::Retention),
    (Cue::ProtectionHeading, Topic::Protection),
];

impl Topic {
    /// The topic a heading announces, if any.
    pub fn of_heading(title: &str) -> Option<Topic> {
        first_label_match(title, &BY_PRIORITY)
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

/// Every section's topic and title by id, worked out once for the whole tree.
pub(crate) struct SectionIndex<'a> {
    by_id: HashMap<&'a str, SectionTopic<'a>>,
}

/// What [`SectionIndex`] knows of one section.
#[derive(Clone, Copy)]
struct SectionTopic<'a> {
    /// The topic its own heading announces.
    own: Option<Topic>,
    /// The topic of the outermost enclosing section (itself included) that has one.
    inherited: Option<Topic>,
    /// Its title.
    title: &'a str,
}

impl<'a> SectionIndex<'a> {
    /// Indexes every section of the document, reading each heading once.
    pub fn new(doc: &'a Document) -> Self {
        fn go<'a>(
            sections: &'a [Section],
            outer: Option<Topic>,
            out: &mut HashMap<&'a str, SectionTopic<'a>>,
        ) {
            for s in sections {
                // A part whose subsections announce two or more different topics is a container
                // (「隐私保护政策具体内容」 holding collection, sharing and rights): its own heading
                // words say nothing of the sentences under it.
                let mut child_topics: Vec<Topic> = Vec::new();
                for child in &s.sections {
                    if let Some(topic) = Topic::of_heading(&child.title) {
                        if !child_topics.contains(&topic) {
                            child_topics.push(topic);
                        }
                    }
                }
                let own = Topic::of_heading(&s.title).filter(|_| child_topics.len() < 2);
                let inherited = outer.or(own);
                out.insert(
                    s.id.as_str(),
                    SectionTopic {
                        own,
                        inherited,
                        title: &s.title,
                    },
                );
                go(&s.sections, inherited, out);
            }
        }
        let mut by_id = HashMap::new();
        go(&doc.sections, None, &mut by_id);
        SectionIndex { by_id }
    }

    /// Topic of the outermost enclosing section that has one, and the innermost section title.
    ///
    /// The outermost wins because subsections of 「我们如何收集和使用」 are named after business
    /// functions (「保障服务安全」, 「存储权限」) whose words would otherwise suggest another topic.
    pub fn topic_of(&self, section_id: Option<&str>) -> (Option<Topic>, &'a str) {
        section_id
            .and_then(|id| self.by_id.get(id))
            .map_or((None, ""), |s| (s.inherited, s.title))
    }

    /// The topic the section's own heading announces.
    pub fn own_topic(&self, section_id: &str) -> Option<Topic> {
        self.by_id.get(section_id).and_then(|s| s.own)
    }
}

/// The document's outermost sections with a recognised topic, in document order (a subsection of a
/// topical section is part of its parent's topic, see [`SectionIndex::topic_of`]).
pub(crate) fn sections(ctx: &Context) -> Vec<TopicSection> {
    fn go(ctx: &Context, sections: &[Section], out: &mut Vec<TopicSection>) {
        for s in sections {
            match ctx.sections.own_topic(&s.id) {
                Some(topic) => out.push(TopicSection {
                    topic: topic.code().to_owned(),
                    section_id: s.id.clone(),
                    title: s.title.clone(),
                }),
                None => go(ctx, &s.sections, out),
            }
        }
    }
    let mut out = Vec::new();
    go(ctx, &ctx.doc.sections, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::extract::testing::doc;

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

    #[test]
    fn a_part_holding_several_topics_lends_none() {
        // The testing documents are flat, so the part is read from a real parse.
        let text = "隐私政策\n\n一、隐私保护政策具体内容\n\n1. 我们如何收集和使用您的个人信息\n\n我们会收集您的手机号码。\n\n2. 我们如何共享您的个人信息\n\n我们不会出售您的信息。\n";
        let input = crate::read::from_bytes(text.as_bytes(), std::path::Path::new("p.txt"))
            .expect("text input");
        let p = extract(&crate::structure::parse(&input));
        let topics: Vec<&str> = p.sections.iter().map(|s| s.topic.as_str()).collect();
        assert_eq!(topics, ["collection", "sharing"]);
        assert!(p.data_items.iter().any(|i| i.name == "手机号码"));
        // A flat document keeps its section's own topic.
        let flat = extract(&doc(&[
            "## 我们如何保护您的个人信息",
            "我们加密保存您的手机号码。",
        ]));
        assert_eq!(
            flat.sections.first().map(|s| s.topic.as_str()),
            Some("protection")
        );
    }
}
