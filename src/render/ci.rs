//! Reports of `policydiff check` for CI: text, JSON, GitHub workflow commands and SARIF 2.1.0.

use crate::check::{CheckedFile, FileChange, Verdict};
use crate::model::diff::{DiffReport, ReasonCode, Severity};
use serde::Serialize;
use serde_json::json;
use std::fmt::Write;

/// Why a reason code matters, with the rules it follows (SARIF rule help and report footnotes).
pub fn rule_help(code: ReasonCode) -> &'static str {
    match code {
        ReasonCode::DataCategory => "新增处理的个人信息类型（含新增敏感个人信息）属于重大变更，应重新告知并取得同意（GB/T 35273-2020 附录D；个人信息保护法第十四条、第十七条、第二十八至三十条）",
        ReasonCode::Purpose => "新增处理目的或撤回“不会用于……”的承诺属于重大变更（GB/T 35273-2020 附录D；个人信息保护法第十四条、第十七条）",
        ReasonCode::Processing => "处理方式变化（保存期限延长、存储地点变化或新增出境、新增自动化决策或持续收集）属于重大变更（GB/T 35273-2020 附录D；个人信息保护法第十四条、第十九条、第二十四条、第三十八至三十九条）",
        ReasonCode::ThirdParty => "个人信息共享、转让、公开披露的主要对象变化（含新增第三方SDK）属于重大变更（GB/T 35273-2020 附录D；个人信息保护法第二十一条、第二十三条、第二十五条）",
        ReasonCode::Controller => "个人信息处理者身份、所有权结构或控制权变化属于重大变更（GB/T 35273-2020 附录D；个人信息保护法第二十二条）",
        ReasonCode::Rights => "个人信息主体权利或其行使方式发生重大变化（权利删除或收窄、渠道变化、时限延长）属于重大变更（GB/T 35273-2020 附录D；个人信息保护法第十五条、第四十四至五十条）",
        ReasonCode::Contact => "负责个人信息安全的责任部门、联络方式及投诉渠道变化属于重大变更（GB/T 35273-2020 附录D；个人信息保护法第十七条、第五十二条）",
    }
}

/// The SARIF rule id of the date check.
const DATE_RULE: &str = "date_not_updated";

/// The SARIF rule id of failing changes without a reason code (minor ones, `fail-on = "minor"`).
const MINOR_RULE: &str = "minor_change";
/// The SARIF rule id of a policy file deleted in the checked range.
const DELETED_RULE: &str = "policy_deleted";

/// The message for a policy file added or deleted in the range.
fn file_change_message(change: FileChange) -> &'static str {
    match change {
        FileChange::Added => "新增的政策文件：与空文本比较（每条内容均为新增，不检查日期）",
        FileChange::Deleted => "政策文件在此范围内被删除；如属有意，请以 `all` 确认",
    }
}

/// Plain-text report: one block per file with its verdict, failing changes and date problem;
/// the acknowledgement hint names the configured trailer key.
pub fn text(files: &[CheckedFile], trailer: &str) -> String {
    let mut out = String::new();
    for file in files {
        let v = &file.verdict;
        let status = if v.failed { "FAIL" } else { "ok" };
        let _ = writeln!(out, "{status}  {}", file.path);
        if let Some(change) = v.file_change {
            let _ = writeln!(out, "      {}", file_change_message(change));
        }
        if !v.acknowledged.is_empty() {
            let codes: Vec<&str> = v.acknowledged.iter().map(|c| c.as_str()).collect();
            let _ = writeln!(out, "      acknowledged: {}", codes.join(", "));
        }
        for &i in &v.failing_changes {
            if let Some(change) = file.report.changes.get(i) {
                let codes: Vec<&str> = change.codes.iter().map(|c| c.as_str()).collect();
                let label = if codes.is_empty() {
                    change.severity.as_str().to_owned()
                } else {
                    codes.join(", ")
                };
                let _ = writeln!(
                    out,
                    "      {}: [{label}] {}",
                    file.place_of(change),
                    change.summary
                );
            }
        }
        if let Some(problem) = &v.date_problem {
            let _ = writeln!(
                out,
                "      {}: [date] {}",
                file.date_place(),
                problem.message()
            );
        }
        if v.failed && !v.unacknowledged.is_empty() {
            let codes: Vec<&str> = v.unacknowledged.iter().map(|c| c.as_str()).collect();
            let _ = writeln!(
                out,
                "      to acknowledge: add the trailer `{trailer}: {}` to a commit message, or pass --allow {}",
                codes.join(", "),
                codes.join(",")
            );
        }
    }
    let failed = files.iter().filter(|f| f.verdict.failed).count();
    let _ = writeln!(out, "{} file(s) checked, {failed} failed", files.len());
    out
}

/// JSON report: per file the diff JSON plus the verdict; `failed` overall.
pub fn json(files: &[CheckedFile]) -> serde_json::Value {
    #[derive(Serialize)]
    struct FileJson<'a> {
        path: &'a str,
        verdict: &'a Verdict,
        #[serde(flatten)]
        report: &'a DiffReport,
    }
    let entries: Vec<FileJson> = files
        .iter()
        .map(|f| FileJson {
            path: &f.path,
            verdict: &f.verdict,
            report: &f.report,
        })
        .collect();
    json!({
        "failed": files.iter().any(|f| f.verdict.failed),
        "files": entries,
    })
}

/// Escapes a GitHub workflow-command message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a GitHub workflow-command property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: `::error` for failing changes and date problems, `::notice`
/// for acknowledged major changes, each pointing at the line in the new version.
pub fn github(files: &[CheckedFile]) -> String {
    let mut out = String::new();
    for file in files {
        let failing: std::collections::BTreeSet<usize> =
            file.verdict.failing_changes.iter().copied().collect();
        for (i, change) in file.report.changes.iter().enumerate() {
            let level = if failing.contains(&i) {
                "error"
            } else if change.severity == Severity::Major {
                "notice"
            } else {
                continue;
            };
            let codes: Vec<&str> = change.codes.iter().map(|c| c.as_str()).collect();
            let title = if codes.is_empty() {
                format!("policydiff: {} change", change.severity.as_str())
            } else {
                format!("policydiff: 重大变更 ({})", codes.join(", "))
            };
            let _ = writeln!(
                out,
                "::{level} file={},line={},title={}::{}",
                escape_property(&file.path),
                file.line_of(change),
                escape_property(&title),
                escape_data(&change.summary)
            );
        }
        if file.verdict.file_change == Some(FileChange::Deleted) {
            let _ = writeln!(
                out,
                "::{} file={},line=1,title={}::{}",
                if file.verdict.failed {
                    "error"
                } else {
                    "notice"
                },
                escape_property(&file.path),
                escape_property("policydiff: policy deleted"),
                escape_data(file_change_message(FileChange::Deleted))
            );
        }
        if let Some(problem) = &file.verdict.date_problem {
            let _ = writeln!(
                out,
                "::error file={},line={},title={}::{}",
                escape_property(&file.path),
                file.date_line(),
                escape_property("policydiff: date not updated"),
                escape_data(&problem.message())
            );
        }
    }
    out
}

/// SARIF 2.1.0 log: one rule per reason code (plus the minor-change, deleted-file and date rules),
/// one result per major change (level `error` when it fails the check, `note` when acknowledged),
/// per other failing change (`fail-on = "minor"`), per deleted policy and per date problem.
pub fn sarif(files: &[CheckedFile]) -> serde_json::Value {
    let mut rules: Vec<serde_json::Value> = ReasonCode::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "name": code.as_str(),
                "shortDescription": { "text": format!("重大变更：{}", code.label()) },
                "fullDescription": { "text": rule_help(*code) },
                "help": { "text": rule_help(*code) },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    rules.push(fixed_rule(
        MINOR_RULE,
        "一般变更（配置 fail-on = \"minor\" 时须确认）",
        "With fail-on = \"minor\", every substantive change must be acknowledged (`minor` or `all`).",
        "Acknowledge minor changes with the trailer value `minor`, or --allow minor.",
    ));
    rules.push(fixed_rule(
        DELETED_RULE,
        "政策文件被删除",
        "A policy file checked by the gate was deleted in the range; acknowledge with `all` if intended.",
        "Acknowledge a deliberate deletion with the trailer value `all`, or --allow all.",
    ));
    rules.push(fixed_rule(
        DATE_RULE,
        "政策实质变更但生效/更新日期未更新",
        "政策内容发生实质变更时应更新生效或更新日期并告知用户（个人信息保护法第十七条；GB/T 35273-2020 5.5）",
        "Update the policy's effective or updated date when its content changes in substance.",
    ));
    let rule_index = |id: &str| rules.iter().position(|r| r["id"] == id).unwrap_or(0);
    let mut results = Vec::new();
    for file in files {
        let failing: std::collections::BTreeSet<usize> =
            file.verdict.failing_changes.iter().copied().collect();
        for (i, change) in file.report.changes.iter().enumerate() {
            if change.severity != Severity::Major && !failing.contains(&i) {
                continue;
            }
            let level = if failing.contains(&i) {
                "error"
            } else {
                "note"
            };
            let line = file.line_of(change);
            let rule_ids: Vec<&str> = if change.codes.is_empty() {
                vec![MINOR_RULE]
            } else {
                change.codes.iter().map(|c| c.as_str()).collect()
            };
            for id in rule_ids {
                results.push(json!({
                    "ruleId": id,
                    "ruleIndex": rule_index(id),
                    "level": level,
                    "message": { "text": change.summary },
                    "locations": [location(&file.path, line)],
                }));
            }
        }
        if file.verdict.file_change == Some(FileChange::Deleted) {
            results.push(json!({
                "ruleId": DELETED_RULE,
                "ruleIndex": rule_index(DELETED_RULE),
                "level": if file.verdict.failed { "error" } else { "note" },
                "message": { "text": file_change_message(FileChange::Deleted) },
                "locations": [location(&file.path, 1)],
            }));
        }
        if let Some(problem) = &file.verdict.date_problem {
            results.push(json!({
                "ruleId": DATE_RULE,
                "ruleIndex": rule_index(DATE_RULE),
                "level": "error",
                "message": { "text": problem.message() },
                "locations": [location(&file.path, file.date_line())],
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "policydiff",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// The base id SARIF artifact URIs are relative to: the repository root (`check --git` paths are
/// relative to it; consumers such as GitHub code scanning resolve it to the checkout).
const SRCROOT: &str = "%SRCROOT%";

/// Characters percent-encoded in a URI path: everything but RFC 3986 unreserved characters and `/`.
const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A SARIF location at a line of a file: a relative path becomes a percent-encoded URI relative
/// to [`SRCROOT`]; an absolute one a `file://` URI.
fn location(path: &str, line: usize) -> serde_json::Value {
    let path = path.replace('\\', "/");
    let encoded = percent_encoding::utf8_percent_encode(&path, URI_PATH).to_string();
    let artifact = if path.starts_with('/') {
        json!({ "uri": format!("file://{encoded}") })
    } else {
        json!({ "uri": encoded.trim_start_matches("./"), "uriBaseId": SRCROOT })
    };
    json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": { "startLine": line },
        }
    })
}

/// A SARIF rule that is not a reason code (minor changes, a deleted policy, the date rule).
fn fixed_rule(id: &str, short: &str, full: &str, help: &str) -> serde_json::Value {
    json!({
        "id": id,
        "name": id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": full },
        "help": { "text": help },
        "defaultConfiguration": { "level": "error" },
    })
}
