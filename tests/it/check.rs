//! Integration tests of `policydiff check`: real git repositories in temp dirs, exit codes, trailers,
//! date checks, configuration errors and the CI output formats.

use crate::cli::policydiff_in;
use crate::common::corpus;
use std::path::Path;
use std::process::Command;

/// A throwaway git repository with one policy file, committed (removed when dropped).
pub struct Repo {
    /// The work tree.
    pub dir: crate::common::Scratch,
}

impl Repo {
    /// A repository whose first commit adds `policy/privacy.md` (`name` says what it is for).
    pub fn new(_name: &str, policy: &str) -> Repo {
        let dir = crate::common::scratch();
        std::fs::create_dir_all(dir.join("policy")).unwrap();
        let repo = Repo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.email", "dev@example.com"]);
        repo.git(&["config", "user.name", "Dev"]);
        repo.commit(policy, "Add the privacy policy");
        repo
    }

    /// Runs git in the repository, asserting success; returns its output.
    pub fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Commits `policy` as `policy/privacy.md`.
    pub fn commit(&self, policy: &str, message: &str) {
        std::fs::write(self.dir.join("policy/privacy.md"), policy).unwrap();
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Writes the repository's `policydiff.toml`.
    pub fn configure(&self, config: &str) {
        std::fs::write(self.dir.join("policydiff.toml"), config).unwrap();
    }

    /// Runs `policydiff check ARGS` in the repository: exit code, stdout, stderr.
    pub fn check(&self, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        let out = policydiff_in(&self.dir, &all);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The base policy and an edit adding an advertising SDK (third_party + purpose), from an annotated pair.
pub fn base_and_major_edit() -> (String, String) {
    let pair = corpus("pairs/03-fitness-new-ad-sdk");
    (read(&pair.join("old.md")), read(&pair.join("new.md")))
}

/// Moves every 2024年3月1日 date of the policy forward.
pub fn bump_date(policy: &str) -> String {
    assert!(
        policy.contains("2024年3月1日"),
        "fixture date changed; update the test"
    );
    policy.replace("2024年3月1日", "2024年9月1日")
}

#[test]
fn noise_only_edit_passes() {
    let (base, _) = base_and_major_edit();
    let repo = Repo::new("noise", &base);
    let noisy = base.replace('，', ",").replace("\n\n", "\n\n\n");
    repo.commit(&noisy, "Reflow the policy");
    let (code, out, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn unacknowledged_major_change_fails_then_trailer_acknowledges_it() {
    let (base, edit) = base_and_major_edit();
    let repo = Repo::new("ack", &base);
    repo.commit(&bump_date(&edit), "Add an advertising SDK");
    let (code, out, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("third_party"), "{out}");
    assert!(
        out.contains("Policy-Change:"),
        "the report says how to acknowledge: {out}"
    );

    // The same edit with the acknowledgement trailer in the commit message passes.
    let repo = Repo::new("ack2", &base);
    repo.commit(
        &bump_date(&edit),
        "Add an advertising SDK\n\nPolicy-Change: third_party, purpose",
    );
    let (code, out, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("acknowledged: "), "{out}");

    // --allow acknowledges too; a partial acknowledgement still fails.
    let repo = Repo::new("ack3", &base);
    repo.commit(&bump_date(&edit), "Add an advertising SDK");
    let (code, ..) = repo.check(&[
        "--git",
        "HEAD~1..HEAD",
        "--allow",
        "third_party,purpose",
        "policy/privacy.md",
    ]);
    assert_eq!(code, 0);
    let (code, out, _) = repo.check(&[
        "--git",
        "HEAD~1..HEAD",
        "--allow",
        "purpose",
        "policy/privacy.md",
    ]);
    assert_eq!(code, 1, "{out}");
}

#[test]
fn substantive_change_without_date_bump_fails_unless_configured() {
    let (base, edit) = base_and_major_edit();
    let repo = Repo::new("date", &base);
    repo.commit(&edit, "Add an advertising SDK\n\nPolicy-Change: all");
    let (code, out, _) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[date]"), "{out}");
    repo.configure("require-date-bump = false\n");
    let (code, out, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn date_moved_back_fails() {
    let (base, _) = base_and_major_edit();
    let repo = Repo::new("back", &bump_date(&base));
    repo.commit(&base.replace("为了", "为"), "Edit\n\nPolicy-Change: all");
    let (code, out, _) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[date]") && out.contains("倒退"), "{out}");
}

#[test]
fn working_tree_against_head_and_github_annotations() {
    let (base, edit) = base_and_major_edit();
    let repo = Repo::new("worktree", &base);
    std::fs::write(repo.dir.join("policy/privacy.md"), bump_date(&edit)).unwrap();
    let (code, out, err) =
        repo.check(&["--git", "HEAD", "policy/privacy.md", "--format", "github"]);
    assert_eq!(code, 1, "{out}{err}");
    let line = out
        .lines()
        .find(|l| l.starts_with("::error file=policy/privacy.md,line="))
        .unwrap_or_else(|| panic!("{out}"));
    let number: usize = line["::error file=policy/privacy.md,line=".len()..]
        .split(',')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    let new_text = bump_date(&edit);
    let annotated = new_text.lines().nth(number - 1).unwrap_or("");
    assert!(
        annotated.contains("穿山甲"),
        "annotation points at line {number}: {annotated}"
    );
}

#[test]
fn unknown_revision_and_bad_config_are_trouble() {
    let (base, _) = base_and_major_edit();
    let repo = Repo::new("trouble", &base);
    let (code, _, err) = repo.check(&["--git", "nope..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
    let (code, _, err) = repo.check(&["--git", "HEAD", "policy/missing.md"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = repo.check(&[
        "--max-size",
        "100",
        "--git",
        "HEAD..HEAD",
        "policy/privacy.md",
    ]);
    assert_eq!(
        code, 2,
        "the size cap applies to files read from git: {err}"
    );
    assert!(err.contains("above the limit of 100 bytes"), "{err}");
    let cases = [
        (
            "allow = []\nbogus = 1\n",
            "policydiff.toml:2",
            "unknown field `bogus`",
        ),
        ("require-date-bump = 3\n", "policydiff.toml:1", "bool"),
        (
            "major-codes = [\"third-party\"]\n",
            "policydiff.toml:1",
            "third_party",
        ),
    ];
    for (config, location, needle) in cases {
        repo.configure(config);
        let (code, _, err) = repo.check(&["--git", "HEAD", "policy/privacy.md"]);
        assert_eq!(code, 2, "{config}: {err}");
        assert!(
            err.contains(location) && err.contains(needle),
            "{config}: {err}"
        );
    }
    std::fs::remove_file(repo.dir.join("policydiff.toml")).unwrap();
    let (code, _, err) = repo.check(&[
        "--git",
        "HEAD",
        "--allow",
        "everything",
        "policy/privacy.md",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("third_party"), "lists the valid codes: {err}");
}

#[test]
fn sarif_has_one_rule_per_code_and_results_with_locations() {
    let (base, edit) = base_and_major_edit();
    let dir = crate::common::scratch();
    std::fs::write(dir.join("old.md"), &base).unwrap();
    std::fs::write(dir.join("new.md"), bump_date(&edit)).unwrap();
    let out = policydiff_in(&dir, &["check", "old.md", "new.md", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for code in [
        "data_category",
        "purpose",
        "processing",
        "third_party",
        "controller",
        "rights",
        "contact",
    ] {
        assert!(rules.iter().any(|r| r["id"] == code), "rule {code}");
    }
    let results = run["results"].as_array().unwrap();
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "third_party" && r["level"] == "error"));
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "new.md"
        );
    }
    crate::sarif_schema::validate(&log);
}

#[test]
fn configured_sdk_is_recognised_as_a_new_third_party() {
    let (base, _) = base_and_major_edit();
    let anchor = "\n## 目录";
    assert!(base.contains(anchor), "fixture changed; update the test");
    let edit = bump_date(&base).replacen(
        anchor,
        "\n为向您推送订单消息，我们接入了星云推送，星云推送会收集您的设备标识符。\n## 目录",
        1,
    );
    let repo = Repo::new("config-sdk", &base);
    repo.commit(&edit, "Add a push service");
    repo.configure(
        "[[dictionary.sdks]]\nname = \"星云推送\"\ncompany = \"星云示例科技有限公司\"\n",
    );
    let (code, out, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("third_party") && out.contains("星云推送"),
        "{out}"
    );
}

#[test]
fn diff_and_notice_read_the_configuration_as_check_does() {
    let (base, _) = base_and_major_edit();
    let anchor = "\n## 目录";
    assert!(base.contains(anchor), "fixture changed; update the test");
    let edit = base.replacen(
        anchor,
        "\n为向您推送订单消息，我们接入了星云推送，星云推送会收集您的设备标识符。\n## 目录",
        1,
    );
    let repo = Repo::new("config-diff", &base);
    std::fs::write(repo.dir.join("new.md"), &edit).unwrap();
    let run = |args: &[&str]| {
        let out = policydiff_in(&repo.dir, args);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let diff = ["diff", "policy/privacy.md", "new.md", "--format", "json"];
    assert!(
        !run(&diff).contains("新增第三方：星云推送"),
        "unknown before configuration"
    );
    repo.configure(
        "[[dictionary.sdks]]\nname = \"星云推送\"\ncompany = \"星云示例科技有限公司\"\n",
    );
    assert!(
        run(&diff).contains("星云推送（星云示例科技有限公司）"),
        "{}",
        run(&diff)
    );
    let notice = run(&["notice", "policy/privacy.md", "new.md"]);
    assert!(notice.contains("星云推送"), "{notice}");
}
