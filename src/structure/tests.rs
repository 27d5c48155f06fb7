//! Unit tests of the format-independent structure pass, one small inline policy per style.

use super::*;
use crate::model::Encoding;
use std::path::PathBuf;

fn doc(format: Format, text: &str) -> Document {
    parse(&Input {
        path: PathBuf::from("t"),
        bytes: text.len(),
        text: text.to_owned(),
        encoding: Encoding::Utf8,
        format,
    })
}

fn outline(d: &Document) -> Vec<(String, u8)> {
    d.walk_sections()
        .iter()
        .map(|s| (s.id.clone(), s.level))
        .collect()
}

#[test]
fn same_section_in_every_format() {
    for (format, text) in [
        (Format::Text, "一、我们如何收集\n我们收集姓名。\n"),
        (Format::Markdown, "## 一、我们如何收集\n\n我们收集姓名。\n"),
        (Format::Html, "<p>一、我们如何收集</p><p>我们收集姓名。</p>"),
    ] {
        let d = doc(format, text);
        let s = &d.sections[0];
        assert_eq!(
            (s.id.as_str(), s.number.as_deref(), s.title.as_str()),
            ("一", Some("一"), "我们如何收集"),
            "{format:?}"
        );
        assert_eq!(d.clauses[0].id, "一/1");
        assert_eq!(d.clauses[0].section_id.as_deref(), Some("一"));
        assert_eq!(d.clauses[0].span.slice(text), "我们收集姓名。");
    }
}

#[test]
fn articles_chapters_and_nested_styles() {
    let text = "第一章 总则\n第一条 目的\n为保护个人信息，制定本政策。\n第二条 范围\n本政策适用于全部产品。\n第二章 收集\n第三条 信息\n我们收集姓名。\n";
    let d = doc(Format::Text, text);
    assert_eq!(
        outline(&d),
        [
            ("第一章".into(), 1),
            ("第一章/第一条".into(), 2),
            ("第一章/第二条".into(), 2),
            ("第二章".into(), 1),
            ("第二章/第三条".into(), 2)
        ]
    );
}

#[test]
fn chinese_paren_and_numbered_items() {
    let text = "一、收集\n（一）注册\n1、当您注册时，我们收集手机号码。\n2、当您登录时，我们收集设备信息。\n（二）支付\n我们收集银行卡号。\n二、共享\n我们不共享。\n";
    let d = doc(Format::Text, text);
    assert_eq!(
        outline(&d),
        [
            ("一".into(), 1),
            ("一/（一）".into(), 2),
            ("一/（二）".into(), 2),
            ("二".into(), 1)
        ]
    );
    let items: Vec<(&str, ClauseKind)> =
        d.clauses.iter().map(|c| (c.id.as_str(), c.kind)).collect();
    assert_eq!(items[0], ("一/（一）/1", ClauseKind::ListItem));
    assert_eq!(items[1], ("一/（一）/2", ClauseKind::ListItem));
}

#[test]
fn dotted_numbers_nest_by_depth_and_long_items_stay_items() {
    let text = "二、收集\n4.通常情况下，我们会在以下场景中收集：\n4.1 注册\n4.1.1 您注册账号时，需要提供手机号码。\n4.1.2 您登录时，需要提供密码。\n4.2 您在购买时，需要提供收货地址。\n5.其他方分享的信息\n我们会收到合作方分享的信息。\n";
    let d = doc(Format::Text, text);
    assert_eq!(
        outline(&d),
        [
            ("二".into(), 1),
            ("二/4".into(), 2),
            ("二/4/4.1".into(), 3),
            ("二/5".into(), 2)
        ]
    );
    let item = d
        .clauses
        .iter()
        .find(|c| c.text.starts_with("4.2"))
        .unwrap();
    assert_eq!(item.section_id.as_deref(), Some("二/4"));
}

#[test]
fn unnumbered_headings_under_a_numbered_section() {
    let text = "五、您的权利\n\n访问权\n您可以访问您的信息。\n\n删除权\n您可以删除您的信息。\n\n六、联系我们\n邮箱。\n";
    let d = doc(Format::Text, text);
    assert_eq!(
        outline(&d),
        [
            ("五".into(), 1),
            ("五/访问权".into(), 2),
            ("五/删除权".into(), 2),
            ("六".into(), 1)
        ]
    );
    assert_eq!(d.clauses[1].id, "五/删除权/1");
}

#[test]
fn title_metadata_and_toc() {
    let text = "《隐私政策》\n生效日期：2021年9月12日\n目录\n• 一、收集\n• 二、共享\n一、收集\n我们收集。\n二、共享\n我们不共享。\n";
    let d = doc(Format::Text, text);
    assert_eq!(d.title.as_ref().map(|t| t.text.as_str()), Some("隐私政策"));
    assert_eq!(
        d.metadata.get("生效日期").map(String::as_str),
        Some("2021年9月12日")
    );
    let kinds: Vec<(&str, ClauseKind)> =
        d.clauses.iter().map(|c| (c.id.as_str(), c.kind)).collect();
    assert_eq!(
        &kinds[..4],
        [
            ("meta/1", ClauseKind::Metadata),
            ("toc/1", ClauseKind::Toc),
            ("toc/2", ClauseKind::Toc),
            ("toc/3", ClauseKind::Toc)
        ]
    );
    assert_eq!(outline(&d), [("一".into(), 1), ("二".into(), 1)]);
    // The 目录 heading is a TOC clause but no entry: the two entries name their sections.
    let entries: Vec<Option<&str>> = d.toc.iter().map(|e| e.section.as_deref()).collect();
    assert_eq!(entries, [Some("一"), Some("二")]);
}

#[test]
fn markdown_pipe_table_rows_have_named_cells() {
    let text =
        "# 隐私政策\n\n## 一、第三方\n\n| SDK名称 | 公司 |\n|---|---|\n| 极光 | 和讯华谷 |\n";
    let d = doc(Format::Markdown, text);
    let row = d
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::TableRow)
        .unwrap();
    assert_eq!(row.cell_where(|c| c == "SDK名称"), Some("极光"));
    assert_eq!(row.cell_where(|c| c == "公司"), Some("和讯华谷"));
    assert_eq!(row.section_id.as_deref(), Some("一"));
}

#[test]
fn pipe_table_indented_into_a_code_block_is_a_table() {
    let text = "# 隐私政策\n\n## 一、第三方\n\n本应用使用了如下第三方 SDK\n\n         | SDK名称 | 开发者 |\n         |---|---|\n         | 极光 | 和讯华谷 |\n         | Beta Crash | Beta LLC |\n\n## 二、联系我们\n";
    let d = doc(Format::Markdown, text);
    let rows: Vec<&Clause> = d
        .clauses
        .iter()
        .filter(|c| c.kind == ClauseKind::TableRow)
        .collect();
    assert_eq!(rows.len(), 2, "{:#?}", d.clauses);
    assert_eq!(rows[1].cell_where(|c| c == "开发者"), Some("Beta LLC"));
    assert!(d
        .clauses
        .iter()
        .any(|c| c.kind == ClauseKind::TableHeader && c.text.contains("SDK名称")));
}

#[test]
fn html_table_and_dropped_elements() {
    let text = "<html><head><title>隐私政策</title></head><body><script>x()</script><h2>一、共享</h2>\
                <table><tr><th>名称</th><th>目的</th></tr><tr><td>极光</td><td>推送</td></tr></table></body></html>";
    let d = doc(Format::Html, text);
    assert_eq!(d.title.as_ref().map(|t| t.text.as_str()), Some("隐私政策"));
    let row = d
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::TableRow)
        .unwrap();
    assert_eq!(row.cell_where(|c| c == "目的"), Some("推送"));
    assert!(d.omitted.iter().any(|o| o.reason == "script"));
}

#[test]
fn duplicate_ids_get_suffixes() {
    let text = "一、收集\n我们收集。\n一、收集\n我们再次收集。\n";
    let d = doc(Format::Text, text);
    assert_eq!(outline(&d), [("一".into(), 1), ("一~2".into(), 1)]);
}

/// Every non-whitespace character lies in exactly one title, heading, clause or omitted span.
fn assert_covered_once(d: &Document) -> Result<(), String> {
    let mut spans: Vec<Span> = d.clauses.iter().map(|c| c.span).collect();
    spans.extend(d.title.iter().map(|t| t.span));
    spans.extend(d.walk_sections().iter().map(|s| s.heading_span));
    spans.extend(d.omitted.iter().map(|o| o.span));
    spans.sort();
    let text = d.text.as_str();
    let mut pos = 0;
    for s in spans
        .iter()
        .chain(std::iter::once(&Span(text.len(), text.len())))
    {
        if s.start() < pos {
            return Err(format!("overlap at {}", s.start()));
        }
        if !text.is_char_boundary(s.start()) || !text.is_char_boundary(s.end()) {
            return Err(format!("span {s:?} off char boundary"));
        }
        if text
            .get(pos..s.start())
            .is_some_and(|gap| !gap.trim().is_empty())
        {
            return Err(format!("uncovered text at {pos}"));
        }
        pos = s.end().max(pos);
    }
    Ok(())
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_input_is_covered_once(
            s in "[一二十1-3.．、（）()【】<>/=\"pbrhtdlire# *|\\-\\n\u{3000}&;:：，。收集目录生效日期第条章SDK名称公司]{0,160}"
        ) {
            for format in [Format::Text, Format::Markdown, Format::Html] {
                let d = doc(format, &s);
                prop_assert!(assert_covered_once(&d).is_ok(), "{:?} {:?}: {:?}", format, s, assert_covered_once(&d));
                let again = doc(format, &s);
                prop_assert_eq!(serde_json::to_string(&d).ok(), serde_json::to_string(&again).ok());
            }
        }
    }
}

#[test]
fn short_lines_after_a_colon_or_in_a_run_are_items_not_headings() {
    let text = "一、收集\n我们收集以下信息：\n姓名\n手机号\n地址\n这些信息用于注册。\n";
    let d = doc(Format::Text, text);
    assert_eq!(outline(&d), [("一".into(), 1)]);
    assert_eq!(d.clauses.len(), 5);
}

#[test]
fn a_short_article_sentence_is_the_article_body() {
    let text = "第二章 收集\n第八条 我们收集手机号码，用于登录。\n第九条 我们不会收集您的通讯录。\n第三章 共享\n第十条 我们不共享。\n";
    let d = doc(Format::Text, text);
    let ids: Vec<String> = outline(&d).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        ids,
        [
            "第二章",
            "第二章/第八条",
            "第二章/第九条",
            "第三章",
            "第三章/第十条"
        ]
    );
    assert_eq!(d.clauses[1].text, "我们不会收集您的通讯录。");
}

/// Top-level section ids, in order.
fn top_level(d: &Document) -> Vec<&str> {
    d.sections.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn html_headings_with_spaces_keep_their_titles_and_toc_entries_ending_with_semicolons_match() {
    let html = "<div>本指引包括：<div>一、我们收集哪些信息；</div><div>二、我们与谁共享；</div>\
        <div> 三 、如何联系我们；</div></div>\
        <div class=\"h\"> 一、我们收集哪些信息 </div><div>我们收集您的邮箱地址。</div>\
        <div class=\"h\"> 二、我们与谁共享 </div><div>我们不与他人共享。</div>\
        <div class=\"h\"> 三、如何联系我们 </div><div>邮箱：a@b.cn</div>";
    let d = doc(Format::Html, html);
    assert_eq!(top_level(&d), ["一", "二", "三"]);
    assert_eq!(d.sections[0].title, "我们收集哪些信息");
    let resolved: Vec<Option<&str>> = d.toc.iter().map(|e| e.section.as_deref()).collect();
    assert_eq!(resolved, [Some("一"), Some("二"), Some("三")]);
}

#[test]
fn markdown_ordered_list_items_standing_alone_are_numbered_headings() {
    let md = "# 某某隐私政策\n\n目录\n\n```\n1. 引言\n2. 收集的信息\n3. 名词解释\n```\n\n\
        1. 引言\n\n欢迎使用。\n\n2. 收集的信息\n\n2.1 设备信息\n\n我们读取设备型号。\n\n\
        3. 名词解释\n\n设备信息指设备的型号。\n";
    let d = doc(Format::Markdown, md);
    assert_eq!(top_level(&d), ["1", "2", "3"]);
    assert_eq!(d.sections[1].sections[0].id, "2/2.1");
    assert!(d.clauses.iter().any(|c| c.kind == ClauseKind::Toc));
}

#[test]
fn a_date_line_is_metadata_and_attribute_lists_are_markup() {
    let md = "## 某某浏览器隐私声明\n\n*2023 年 3 月 1 日生效*\n{: datetime=\"2023-03-01\" }\n\n\
        ## 我们收集的数据 {: #data }\n\n我们收集崩溃报告。\n\n## 您的选择\n\n您可以关闭报告。\n";
    let d = doc(Format::Markdown, md);
    assert_eq!(
        d.metadata.get("生效").map(String::as_str),
        Some("2023 年 3 月 1 日")
    );
    let titles: Vec<&str> = d.walk_sections().iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["我们收集的数据", "您的选择"]);
    assert_eq!(
        d.title.as_ref().map(|t| t.text.as_str()),
        Some("某某浏览器隐私声明")
    );
    assert!(d.clauses.iter().all(|c| !c.text.contains("{:")));
    assert_covered_once(&d).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_last_item_of_a_numbered_list_is_not_a_section() {
    let text = "一、定义\n本政策中的术语含义如下：\n（1）账号\n（2）设备\n（3）日志\n数据均存放于境内。\n二、收集\n我们收集手机号码。\n三、共享\n我们不共享。\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["一", "二", "三"]);
    assert!(d.sections[0].sections.is_empty());
}

#[test]
fn items_numbered_like_their_section_do_not_close_it_and_dotted_numbers_name_their_parent() {
    let text = "1.收集\n1、必要信息：注册时提供的手机号码。\n2、可选信息：您上传的头像。\n1.1 注册\n我们收集手机号码。\n2.共享\n2.1 合作方\n我们向支付机构提供订单号。\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["1", "2"]);
    assert_eq!(d.sections[0].sections[0].id, "1/1.1");
    assert_eq!(d.sections[1].sections[0].id, "2/2.1");
}

#[test]
fn a_full_policy_after_its_summary_starts_a_new_part() {
    let text = "某某隐私政策\n一、收集\n我们收集手机号码。\n二、联系\n邮箱：a@b.cn\n某某隐私保护政策\n前言。\n一、我们如何收集\n我们收集位置信息。\n二、我们如何共享\n我们不共享。\n三、联系我们\n电话：010-1234567\n";
    let d = doc(Format::Text, text);
    let levels: Vec<(String, u8)> = outline(&d);
    assert!(levels.iter().all(|(_, level)| *level == 1), "{levels:?}");
    assert_eq!(d.sections.len(), 6);
}

#[test]
fn emphasised_lines_in_text_are_headings_without_their_markers() {
    let text = "** _1. 收集_**\n我们收集手机号码。\n** _2. 共享_**\n我们不共享。\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["1", "2"]);
    assert_eq!(d.sections[0].title, "收集");
    assert_covered_once(&d).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn markup_headings_close_an_emphasised_pseudo_heading() {
    let md =
        "**重要提示**\n\n请阅读本声明。\n\n## 收集\n\n我们收集邮箱。\n\n## 共享\n\n我们不共享。\n";
    let d = doc(Format::Markdown, md);
    assert_eq!(top_level(&d), ["重要提示", "收集", "共享"]);
}

#[test]
fn component_attributes_are_text() {
    let md = "## 共享\n\n<Steps>\n<Step title=\"我们可能与服务商分享您的邮箱地址：\">\n\n- 用于发送账单。\n\n</Step>\n</Steps>\n";
    let d = doc(Format::Markdown, md);
    let texts: Vec<&str> = d.clauses.iter().map(|c| c.text.as_str()).collect();
    assert!(
        texts.contains(&"我们可能与服务商分享您的邮箱地址："),
        "{texts:?}"
    );
    let clause = d
        .clauses
        .iter()
        .find(|c| c.text.starts_with("我们可能"))
        .unwrap_or_else(|| panic!("{texts:?}"));
    assert_eq!(clause.span.slice(md), "我们可能与服务商分享您的邮箱地址：");
}

#[test]
fn a_wrapped_line_inside_a_list_item_stays_one_clause() {
    let md = "## 第三方\n\n1. 我们接入某某地图 Android\n   地图 SDK，用于展示附近的门店。\n2. 我们接入某某推送 SDK，用于发送通知。\n";
    let d = doc(Format::Markdown, md);
    let items: Vec<&str> = d
        .clauses
        .iter()
        .filter(|c| c.kind == ClauseKind::ListItem)
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].ends_with("用于展示附近的门店。"), "{items:?}");
}

#[test]
fn nested_ordered_lists_number_at_their_depth() {
    let md = "# 某某政策\n\n1. 我们如何收集\n    1. 您提供的信息\n\n       我们收集手机号码。\n\n    2. 自动收集的信息\n\n       我们收集设备型号。\n\n2. 我们如何共享\n\n   我们不共享。\n";
    let d = doc(Format::Markdown, md);
    let ids: Vec<&str> = d.walk_sections().iter().map(|s| s.id.as_str()).collect();
    assert!(
        ids.contains(&"某某政策/1/1") || ids.contains(&"1/1"),
        "{ids:?}"
    );
    assert!(ids.iter().any(|id| id.ends_with("/2")), "{ids:?}");
}

#[test]
fn a_repeated_step_list_is_content_not_a_toc() {
    // Two runs of the same short steps: the first repeats the second, as a TOC would repeat its
    // headings, but it names no section and its lines end like sentences.
    let steps = "1) 打开应用；\n2) 点击“我的”；\n3) 点击“编辑”；\n";
    let text = format!(
        "五、您的权利\n（一）查询您的资料\n您可以按以下步骤查询：\n{steps}（二）删除您的资料\n您可以按以下步骤删除：\n{steps}点击删除即可。\n六、联系我们\n请发邮件。\n"
    );
    let d = doc(Format::Text, &text);
    assert!(d.toc.is_empty(), "{:?}", d.toc);
    assert!(d.clauses.iter().all(|c| c.kind != ClauseKind::Toc));
    let steps_in = |section: &str| {
        d.clauses
            .iter()
            .filter(|c| c.section_id.as_deref() == Some(section) && c.text.contains("点击"))
            .count()
    };
    assert_eq!(steps_in("五/（一）"), 2, "{:?}", outline(&d));
    assert_eq!(steps_in("五/（二）"), 3, "{:?}", outline(&d));
    assert_covered_once(&d).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn soft_wraps_between_cjk_characters_join_without_a_space() {
    let md = "## 收集\n\n这是一段较长的说明文字，它在编辑器里被自动折行了，我们会在您使用\n服务时收集您的设备型号、操作系统版本等设备信息，并接入某某地图 Android\n地图 SDK 用于定位。\n";
    let html = "<h2>收集</h2><p>这是一段较长的说明文字，它在编辑器里被自动折行了，我们会在您使用\n  服务时收集您的设备型号、操作系统版本等设备信息，并接入某某地图 Android\n地图 SDK 用于定位。</p>";
    for (format, text) in [(Format::Markdown, md), (Format::Html, html)] {
        let d = doc(format, text);
        let clause = d
            .clauses
            .iter()
            .find(|c| c.text.contains("设备信息"))
            .unwrap_or_else(|| panic!("{:?}", d.clauses));
        assert!(
            clause.text.contains("您使用服务时") && clause.text.contains("Android 地图"),
            "{format:?}: {}",
            clause.text
        );
        assert!(
            clause.span.slice(text).starts_with("这是一段"),
            "{format:?}"
        );
        assert!(
            clause.span.slice(text).ends_with("用于定位。"),
            "{format:?}"
        );
        let sentence = clause
            .sentences
            .iter()
            .find(|s| s.text.contains("服务时"))
            .unwrap_or_else(|| panic!("{:?}", clause.sentences));
        assert!(sentence.span.slice(text).contains("您使用\n"), "{format:?}");
        assert_covered_once(&d).unwrap_or_else(|e| panic!("{format:?}: {e}"));
    }
}

#[test]
fn numbered_lines_after_a_br_are_clauses_of_their_own() {
    let html = "<h2>一、收集</h2><p>我们收集以下信息：<br>1. 手机号码，用于注册；<br/>2. 位置信息，用于推荐门店。</p>";
    let md = "## 一、收集\n\n我们收集以下信息：<br>1. 手机号码，用于注册；<br/>2. 位置信息，用于推荐门店。\n";
    for (format, text) in [(Format::Html, html), (Format::Markdown, md)] {
        let d = doc(format, text);
        let clauses: Vec<(&str, ClauseKind)> = d
            .clauses
            .iter()
            .map(|c| (c.text.as_str(), c.kind))
            .collect();
        assert_eq!(
            clauses,
            [
                ("我们收集以下信息：", ClauseKind::Paragraph),
                ("1. 手机号码，用于注册；", ClauseKind::ListItem),
                ("2. 位置信息，用于推荐门店。", ClauseKind::ListItem)
            ],
            "{format:?}"
        );
        assert_eq!(d.clauses[2].span.slice(text), "2. 位置信息，用于推荐门店。");
        assert_covered_once(&d).unwrap_or_else(|e| panic!("{format:?}: {e}"));
    }
}

#[test]
fn question_headings_at_the_top_are_not_swallowed_by_a_minor_numbered_list() {
    let text = "某某隐私政策\n\n本政策说明我们如何处理您的信息。\n\n我们是谁？\n\n某某公司是本政策所称的个人信息处理者。\n\n我们收集哪些信息？\n\n我们按以下方式收集信息。\n\n（1）账号注册\n\n注册时我们收集手机号码。\n\n（2）其他\n\n我们还可能收集设备信息。\n\n如何管理您的Cookies\n\n您可以在浏览器中清除Cookies。\n\n我们如何保护您的信息？\n\n我们采用加密技术保护您的信息。\n";
    let d = doc(Format::Text, text);
    let top = top_level(&d);
    assert!(top.contains(&"我们是谁？"), "{top:?}");
    assert!(top.contains(&"如何管理您的Cookies"), "{top:?}");
    assert!(top.contains(&"我们如何保护您的信息？"), "{top:?}");
    let cookies = d.clauses.iter().find(|c| c.text.contains("清除Cookies"));
    assert_eq!(
        cookies.and_then(|c| c.section_id.as_deref()),
        Some("如何管理您的Cookies")
    );
}

#[test]
fn a_dotted_number_without_a_space_before_a_word_opening_with_ge_is_a_heading() {
    let text = "8.算法推荐\n我们提供推荐。\n8.1个性化推荐\n我们依据浏览记录推荐内容。\n8.2 内容过滤\n我们过滤违法内容。\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["8"]);
    let children: Vec<&str> = d.sections[0]
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(children, ["8/8.1", "8/8.2"]);
}

#[test]
fn an_annex_starts_a_part_of_its_own() {
    let text = "一、收集\n我们收集手机号码。\n二、名词解释\n2.1 关联方\n指与我们有控制关系的公司。\n附表一 权限列表\n相机权限：用于扫码。\n附录：相关定义\n设备信息：指设备型号。\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d).len(), 4, "{:?}", outline(&d));
    assert_eq!(d.sections[2].title, "附表一 权限列表");
    assert_eq!(d.sections[3].title, "附录：相关定义");
    assert!(d.sections[2].sections.is_empty());
    assert_covered_once(&d).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_step_numbered_like_an_open_section_is_no_second_section() {
    let text = "4.管理\n4.1 查询\n您可以查询订单。\n4.2 撤回\n（1）撤回咨询\n1.进入我的页面\n2.点击我的订单\n3.点击咨询订单\n4.点击取消咨询按钮\n4.3 响应请求\n我们将在十五日内答复。\n5.联系我们\n邮箱：a@b.cn\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["4", "5"], "{:?}", outline(&d));
    let children: Vec<&str> = d.sections[0]
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(children, ["4/4.1", "4/4.2", "4/4.3"]);
}

#[test]
fn the_sentence_introducing_a_toc_is_no_entry() {
    let text = "某某隐私政策\n本政策将帮助您了解以下内容：\n一、收集\n二、共享\n三、联系\n一、收集\n我们收集手机号码。\n二、共享\n我们不共享。\n三、联系\n邮箱：a@b.cn\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["一", "二", "三"]);
    let entries: Vec<Option<&str>> = d.toc.iter().map(|e| e.section.as_deref()).collect();
    assert_eq!(entries, [Some("一"), Some("二"), Some("三")]);
    assert_eq!(
        d.clauses
            .iter()
            .filter(|c| c.kind == ClauseKind::Toc)
            .count(),
        4
    );
}

#[test]
fn emphasis_typed_into_html_text_marks_a_heading() {
    let text = "<p>**一、收集 **</p><p>1. 注册</p><p>我们收集手机号码。</p><p>2. 定位</p><p>我们收集位置信息。</p><p>**二、存储 **</p><p>（一）地点</p><p>数据存放于境内。</p><p>**三、共享 **</p><p>1. 条件</p><p>我们不共享。</p>";
    // The same policy as Markdown text inside a `<pre>` (an annotation tool's export).
    let pre = format!(
        "<html><body><pre>{}</pre></body></html>",
        text.replace("<p>", "").replace("</p>", "\n\n")
    );
    for d in [doc(Format::Html, text), doc(Format::Html, &pre)] {
        assert_eq!(top_level(&d), ["一", "二", "三"], "{:?}", outline(&d));
        assert_eq!(d.sections[0].title, "收集");
        assert_covered_once(&d).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn an_annex_listed_last_in_a_toc_is_an_entry() {
    let text = "某某隐私政策\n本政策将帮助您了解以下内容：\n一、收集\n二、共享\n三、联系\n附录：相关定义\n一、收集\n我们收集手机号码。\n二、共享\n我们不共享。\n三、联系\n邮箱：a@b.cn\n附录：相关定义\n服务提供者：某某科技有限公司。\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["一", "二", "三", "附录：相关定义"]);
    let entries: Vec<Option<&str>> = d.toc.iter().map(|e| e.section.as_deref()).collect();
    assert_eq!(
        entries,
        [Some("一"), Some("二"), Some("三"), Some("附录：相关定义")]
    );
}

#[test]
fn a_short_toc_and_the_full_one_both_resolve() {
    let text = "某某隐私政策\n本政策将帮助您了解以下内容：\n1、收集\n2、共享\n3、联系\n目录：\n一、收集\n二、共享\n三、联系\n一、收集\n我们收集手机号码。\n二、共享\n我们不共享。\n三、联系\n邮箱：a@b.cn\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["一", "二", "三"]);
    let entries: Vec<Option<&str>> = d.toc.iter().map(|e| e.section.as_deref()).collect();
    assert_eq!(
        entries,
        [
            Some("一"),
            Some("二"),
            Some("三"),
            Some("一"),
            Some("二"),
            Some("三")
        ]
    );
}

fn resolved(d: &Document) -> Vec<Option<&str>> {
    d.toc.iter().map(|e| e.section.as_deref()).collect()
}

#[test]
fn an_entry_worded_otherwise_resolves_to_the_heading_bearing_its_number() {
    // The TOC words the second heading differently and numbers in another style; the third
    // entry's heading is reworded with no word in common, but it is the only heading of its gap.
    let text = "某某隐私政策\n目录\n1. 收集的资料\n2. 资料存放多久\n3. 与您联络\n4. 未成年人\n一、收集的资料\n我们收集手机号码。\n二、资料的保存期限\n我们保存三年。\n三、联系方式\n邮箱：a@b.cn\n四、未成年人\n我们不面向儿童。\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["一", "二", "三", "四"]);
    assert_eq!(
        resolved(&d),
        [Some("一"), Some("二"), Some("三"), Some("四")]
    );
}

#[test]
fn an_unnumbered_entry_resolves_to_a_similar_heading_of_its_gap() {
    let text = "某某隐私政策\n目录\n收集哪些资料；\n我们如何使用您的资料；\n如何保护资料；\n一、收集哪些资料\n我们收集手机号码。\n二、我们将如何使用收集的资料\n用于登录。\n三、如何保护资料\n我们加密存储。\n";
    let d = doc(Format::Text, text);
    assert_eq!(resolved(&d), [Some("一"), Some("二"), Some("三")]);
}

#[test]
fn an_entry_for_a_missing_heading_stays_unresolved() {
    // The TOC lists a part the text lacks: its entry names no section, and does not take the
    // next section from the entry that names it.
    let text = "某某隐私政策\n目录\n一、收集\n二、小型文本文件\n三、共享\n四、联系\n一、收集\n我们收集手机号码。\n二、共享\n我们不共享。\n三、联系\n邮箱：a@b.cn\n";
    let d = doc(Format::Text, text);
    assert_eq!(resolved(&d), [Some("一"), None, Some("二"), Some("三")]);
}

#[test]
fn a_gap_entry_names_its_section_not_a_subsection_its_title_contains() {
    let text = "某某隐私政策\n目录\n一、收集\n二、我们如何共享、转让、公开披露信息\n三、联系\n一、收集\n我们收集手机号码。\n二、我们如何共享、转让、公开披露、委托处理信息\n（一）共享\n我们不共享。\n（二）公开披露\n我们不公开披露。\n三、联系\n邮箱：a@b.cn\n";
    let d = doc(Format::Text, text);
    assert_eq!(resolved(&d), [Some("一"), Some("二"), Some("三")]);
}

#[test]
fn a_toc_entry_and_a_subsection_of_the_same_value_at_another_depth_differ() {
    // `2.` in the TOC is section 二, not subsection 1.2 of a gap.
    let text = "某某隐私政策\n目录\n1. 收集\n2. 数据的存放\n3. 联系\n一、收集\n1.1 注册\n我们收集手机号码。\n1.2 存放规则\n我们存放于境内。\n二、保存期限\n我们保存三年。\n三、联系\n邮箱：a@b.cn\n";
    let d = doc(Format::Text, text);
    assert_eq!(resolved(&d), [Some("一"), Some("二"), Some("三")]);
}

#[test]
fn an_unpunctuated_sentence_introducing_a_toc_is_no_entry() {
    let text = "某某隐私政策\n本政策将帮助您了解以下内容\n一、收集\n二、共享\n三、联系\n一、收集\n我们收集手机号码。\n二、共享\n我们不共享。\n三、联系\n邮箱：a@b.cn\n";
    let d = doc(Format::Text, text);
    assert_eq!(top_level(&d), ["一", "二", "三"]);
    assert_eq!(resolved(&d), [Some("一"), Some("二"), Some("三")]);
}

#[test]
fn a_step_list_written_three_times_is_content_not_a_toc() {
    // Once the first copy is content, the second repeats the third as a TOC would: it is content
    // too.
    let steps = "1) 打开应用；\n2) 点击“我的”；\n3) 点击“编辑”；\n";
    let text = format!(
        "五、您的权利\n（一）查询您的资料\n您可以按以下步骤查询：\n{steps}（二）更正您的资料\n您可以按以下步骤更正：\n{steps}（三）删除您的资料\n您可以按以下步骤删除：\n{steps}点击删除即可。\n六、联系我们\n请发邮件。\n"
    );
    let d = doc(Format::Text, &text);
    assert!(d.toc.is_empty(), "{:?}", d.toc);
    assert!(d.clauses.iter().all(|c| c.kind != ClauseKind::Toc));
}

#[test]
fn a_toc_whose_first_line_introduces_it_keeps_its_repeated_lists_apart() {
    // The introducing first line is no entry; the repeated list later is still found to be none.
    let steps = "1) 打开应用；\n2) 点击“我的”；\n3) 点击“编辑”；\n";
    let text = format!(
        "某某隐私政策\n本政策将帮助您了解以下内容\n一、收集\n二、权利\n三、联系\n一、收集\n我们收集手机号码。\n二、权利\n（一）查询\n您可以按以下步骤查询：\n{steps}（二）删除\n您可以按以下步骤删除：\n{steps}点击删除即可。\n三、联系\n请发邮件。\n"
    );
    let d = doc(Format::Text, &text);
    assert_eq!(
        resolved(&d),
        [Some("一"), Some("二"), Some("三")],
        "{:?}",
        d.toc
    );
}

#[test]
fn markup_headings_of_one_level_nest_by_their_numbers() {
    // Every heading converted to the same level (`### `, `<h3>`): the numbering is the outline.
    let md = "### 引言\n\n本指引说明我们的做法。\n\n### 一、信息的收集\n\n### （一）账号注册\n\n注册时我们收集手机号码。\n\n### 1、验证\n\n我们核验短信。\n\n### 2、找回\n\n我们收集邮箱。\n\n### （二）客户服务\n\n我们记录通话。\n\n### 二、信息的共享\n\n### 1.1 合作方\n\n我们与支付机构共享订单信息。\n";
    let html = "<h3>引言</h3><p>本指引说明我们的做法。</p><h3>一、信息的收集</h3><h3>（一）账号注册</h3><p>注册时我们收集手机号码。</p><h3>1、验证</h3><p>我们核验短信。</p><h3>2、找回</h3><p>我们收集邮箱。</p><h3>（二）客户服务</h3><p>我们记录通话。</p><h3>二、信息的共享</h3><h3>1.1 合作方</h3><p>我们与支付机构共享订单信息。</p>";
    for (format, text) in [(Format::Markdown, md), (Format::Html, html)] {
        let d = doc(format, text);
        assert_eq!(
            outline(&d),
            [
                ("引言".into(), 1),
                ("一".into(), 1),
                ("一/（一）".into(), 2),
                ("一/（一）/1".into(), 3),
                ("一/（一）/2".into(), 3),
                ("一/（二）".into(), 2),
                ("二".into(), 1),
                ("二/1.1".into(), 2),
            ],
            "{format:?}"
        );
    }
}

#[test]
fn emphasis_broken_around_a_padded_number_is_layout() {
    // A word processor's tab after the number, exported as spaces inside the bold run. In text the
    // line stays wrapped in markers with `****` after the number; Markdown leaves `**3.   **` as
    // text and the title bold, and would join the body line to it as a wrapped line.
    let body = "**3.            ****我们如何保存和保护您的个人信息**\n我们在境内保存您的订单记录，保存三年后删除或匿名化。\n";
    let rights = "**4.          ****您的权利** ** **\n您可以查阅或删除您的资料。\n";
    let text = format!("概要\n本说明介绍我们的做法。\n{body}{rights}");
    let markdown = format!("概要\n\n本说明介绍我们的做法。\n\n{body}\n{rights}");
    for (format, text) in [(Format::Text, text), (Format::Markdown, markdown)] {
        let d = doc(format, &text);
        let titles: Vec<(&str, &str)> = d
            .sections
            .iter()
            .filter_map(|s| Some((s.number.as_deref()?, s.title.as_str())))
            .collect();
        assert_eq!(
            titles,
            [("3", "我们如何保存和保护您的个人信息"), ("4", "您的权利")],
            "{format:?}"
        );
        assert_covered_once(&d).unwrap_or_else(|e| panic!("{format:?}: {e}"));
    }
}

#[test]
fn a_number_alone_on_its_line_numbers_the_next_line() {
    // Exports that break the line after a list number: `2.1` then its text, in text and in
    // Markdown (escaped, bold), are numbered clauses of the section, not untitled sections.
    let text = "二、信息的保存\n2.1\n我们将订单记录保存在境内服务器。\n2.2\n超出期限后我们删除您的资料。\n三、联系我们\n邮箱见官网。\n";
    let markdown = "## 二、信息的保存\n\n2\\.1\n我们将订单记录保存在境内服务器。\n\n**2.2**\n超出期限后我们删除您的资料。\n\n## 三、联系我们\n\n邮箱见官网。\n";
    for (format, text) in [(Format::Text, text), (Format::Markdown, markdown)] {
        let d = doc(format, text);
        assert_eq!(
            outline(&d),
            [("二".into(), 1), ("三".into(), 1)],
            "{format:?}"
        );
        let items: Vec<(&str, usize)> = d
            .clauses
            .iter()
            .filter(|c| c.section_id.as_deref() == Some("二"))
            .map(|c| (c.span.slice(text), c.sentences.len()))
            .collect();
        assert_eq!(items.len(), 2, "{format:?}: {items:?}");
        for (clause, sentences) in items {
            assert!(clause.starts_with(['2', '*']), "{format:?}: {clause}");
            assert_eq!(sentences, 1, "{format:?}: {clause}");
        }
        assert_covered_once(&d).unwrap_or_else(|e| panic!("{format:?}: {e}"));
    }
}

#[test]
fn items_continuing_section_numbers_are_sections_written_inline() {
    // （3） and （4） are written as one paragraph each, yet they continue the numbers of the
    // sections （1）（2）: （5）, a short line with text under it, heads a section again.
    let text = "一、我们收集的信息\n（1）账号注册\n注册时我们收集手机号码。\n（2）订单管理\n下单时我们收集收货地址。\n（3）当您参与抽奖活动时，我们会收集您的姓名和联系电话，用于发放奖品。\n（4）当您联系客服时，我们会记录通话内容，用于处理您的问题。\n（5）会员服务\n开通会员时我们收集支付信息。\n（6）消息通知\n我们向您发送服务通知。\n二、联系我们\n邮箱见官网。\n";
    let d = doc(Format::Text, text);
    assert_eq!(
        outline(&d),
        [
            ("一".into(), 1),
            ("一/（1）".into(), 2),
            ("一/（2）".into(), 2),
            ("一/（5）".into(), 2),
            ("一/（6）".into(), 2),
            ("二".into(), 1),
        ]
    );
}
