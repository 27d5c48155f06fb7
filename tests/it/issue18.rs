//! Regression tests of issue 18 ("a gate that cannot be fooled and a reader that cannot be hung"):
//! terminal and CI-log injection, unbounded reads, crawl loops, foreign bytes, git edge cases and
//! flags that were silently ignored. Every hostile input is generated here, in scratch directories
//! that `tempfile` removes.

use crate::check::{base_and_major_edit, bump_date, Repo};
use crate::cli::{policydiff, policydiff_in};
use crate::common::{corpus, scratch};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs policydiff with `args` in `dir`, killing it (and failing) after `limit`: a hang or an
/// unbounded read shows as a failure, not as a test run that never ends.
fn run_bounded(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policydiff"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn policydiff");
    let started = Instant::now();
    while child.try_wait().expect("poll").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("policydiff {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("wait")
}

/// Characters no output may carry raw (the test's own statement of the rule, independent of the
/// sanitiser): C0/C1 controls except `\n` and `\t`, bidi overrides/isolates/marks, U+2028/U+2029.
fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}')
}

/// The SGR sequences the colour palette itself writes (`render::color`).
const PALETTE_SGR: [&str; 6] = [
    "\x1b[0m",
    "\x1b[31;9m",
    "\x1b[32m",
    "\x1b[1;97;41m",
    "\x1b[1;30;43m",
    "\x1b[1m",
];

/// Asserts `bytes` hold no forbidden character (after removing the palette's own escapes when
/// `coloured`), naming the command and the first offending character.
fn assert_safe(what: &str, bytes: &[u8], coloured: bool) {
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    if coloured {
        for sgr in PALETTE_SGR {
            text = text.replace(sgr, "");
        }
    }
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| is_forbidden(c)) {
        let before: Vec<char> = text.get(..at).unwrap_or_default().chars().collect();
        let context: String = before[before.len().saturating_sub(40)..].iter().collect();
        panic!(
            "{what}: raw U+{:04X} reaches the output after {context:?}",
            u32::from(c)
        );
    }
}

/// Escape sequences an attacker would hide in policy text: window title (OSC 0), a hyperlink
/// (OSC 8), a C1 CSI, conceal, cursor-up + erase-line, bidi override and isolate, NEL, U+2028/9.
const INJECTIONS: [&str; 10] = [
    "\x1b]0;owned\x07",
    "\x1b]8;;https://evil.example/\x1b\\链接\x1b]8;;\x1b\\",
    "\u{9B}2J",
    "\x1b[8m",
    "\x1b[1A\x1b[2K",
    "\u{202E}txt.exe",
    "\u{2066}隔离\u{2069}",
    "\u{85}::error::forged",
    "\u{2028}::error::forged",
    "\u{2029}\x7f",
];

/// Writes an old and a new policy (the new one adds a third-party SDK whose table row, title and
/// contact carry every injection) and returns their paths; the new file's name is hostile too.
fn hostile_pair(dir: &Path) -> (PathBuf, PathBuf) {
    let old = std::fs::read_to_string(corpus("examples/old.md")).expect("example");
    let new = std::fs::read_to_string(corpus("examples/new.md")).expect("example");
    let all = INJECTIONS.concat();
    let new = new
        .replacen("# 云笺笔记隐私政策", &format!("# 云笺笔记{all}隐私政策"), 1)
        .replacen(
            "| 腾讯Bugly |",
            &format!("| 星云{all}推送SDK | 星云{all}科技有限公司 | 推送{all}消息 | 设备型号 |\n| 腾讯Bugly |"),
            1,
        )
        + &format!("\n电子邮箱：evil{}@example.cn\n", INJECTIONS[4]);
    // Enough ordinary text that the reader does not take the file for binary data.
    let padding = "\n本政策适用于云笺笔记的全部功能，请您仔细阅读。\n".repeat(800);
    let old_path = dir.join("old.md");
    let new_path = dir.join("new\x1b[2K\u{202E}.md");
    std::fs::write(&old_path, old + &padding).expect("write");
    std::fs::write(&new_path, new + &padding).expect("write");
    (old_path, new_path)
}

#[test]
fn issue_18_1_no_raw_control_reaches_any_output() {
    let dir = scratch();
    let (old, new) = hostile_pair(&dir);
    let (o, n) = (old.to_string_lossy(), new.to_string_lossy());
    let dir_path = dir.to_path_buf();
    let mut runs: Vec<(Vec<&str>, bool)> = Vec::new();
    for format in ["text", "json"] {
        runs.push((vec!["parse", &n, "--format", format], false));
        runs.push((vec!["extract", &n, "--format", format], false));
    }
    for format in ["text", "json", "html", "markdown"] {
        runs.push((vec!["diff", &o, &n, "--format", format], false));
    }
    runs.push((vec!["diff", &o, &n, "--only", "all"], false));
    runs.push((vec!["diff", &o, &n, "--color", "always"], true));
    runs.push((vec!["diff", &o, &n, "--stat", "--color", "always"], true));
    runs.push((vec!["diff", &o, &n, "--stat"], false));
    for format in ["markdown", "text"] {
        runs.push((vec!["notice", &o, &n, "--format", format], false));
    }
    for format in ["text", "json", "github", "sarif"] {
        runs.push((vec!["check", &o, &n, "--format", format], false));
    }
    let d = dir_path.to_string_lossy().into_owned();
    runs.push((vec!["batch", &d], false));
    runs.push((vec!["batch", &d, "--diff-series"], false));
    let missing = format!("{d}/gone\x1b]0;t\x07.md");
    let accepted = runs.len();
    runs.push((vec!["parse", &missing], false));
    for (i, (args, coloured)) in runs.iter().enumerate() {
        let out = policydiff(args, None);
        let what = format!("{args:?}").replace(&d, "DIR");
        if i < accepted {
            assert_ne!(out.status.code(), Some(2), "{what}: {}", stderr(&out));
        }
        assert!(
            !stderr(&out).contains("panicked"),
            "{what}: {}",
            stderr(&out)
        );
        assert!(
            !out.stdout.is_empty() || !out.stderr.is_empty(),
            "{what}: no output"
        );
        assert_safe(&format!("{what} stdout"), &out.stdout, *coloured);
        assert_safe(&format!("{what} stderr"), &out.stderr, false);
    }
    // The hostile text is still there, visibly: a reviewer sees what the policy tried.
    let check = policydiff(&["check", &o, &n], None);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let text = stdout(&check);
    assert!(text.contains("FAIL") && text.contains("<U+001B>"), "{text}");
    // A GitHub annotation is one line: nothing inside a message may start another.
    let github = stdout(&policydiff(&["check", &o, &n, "--format", "github"], None));
    assert!(github.lines().all(|l| l.starts_with("::")), "{github}");
    // JSON keeps the exact text (escaped, not altered).
    let json: serde_json::Value =
        serde_json::from_slice(&policydiff(&["parse", &n, "--format", "json"], None).stdout)
            .expect("parse JSON");
    assert!(
        json.to_string().contains('\u{9B}'),
        "JSON must keep the text it escapes"
    );
}

#[test]
fn issue_18_2_devices_fifos_and_links_to_them_are_read_only_up_to_the_cap() {
    let dir = scratch();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.md")).expect("symlink");
    for input in ["/dev/zero", "/dev/urandom", "zero.md"] {
        let out = run_bounded(
            &dir,
            &["--max-size", "1000", "parse", input],
            Duration::from_secs(20),
        );
        assert_eq!(out.status.code(), Some(2), "{input}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("above the limit of 1000 bytes"),
            "{input}: {}",
            stderr(&out)
        );
    }
    // A FIFO in a crawl is recorded as skipped, not read (which would block the whole run).
    let crawl = dir.join("crawl");
    std::fs::create_dir(&crawl).expect("mkdir");
    std::fs::copy(corpus("examples/old.md"), crawl.join("a.md")).expect("copy");
    let fifo = crawl.join("pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let out = run_bounded(&dir, &["batch", "crawl"], Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(records.len(), 2, "{}", stdout(&out));
    let pipe = records
        .iter()
        .find(|r| r["path"].as_str().is_some_and(|p| p.ends_with("pipe.md")))
        .expect("a record for the FIFO");
    assert!(
        pipe["error"]
            .as_str()
            .is_some_and(|e| e.contains("not a regular file")),
        "{pipe}"
    );
    assert_eq!(pipe["skipped"], true, "{pipe}");
    assert!(
        stderr(&out).contains("0 error(s), 1 skipped"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn issue_18_3_crawl_does_not_follow_links_unless_asked_and_never_loops() {
    let dir = scratch();
    let d = dir.join("d");
    std::fs::create_dir_all(d.join("sub")).expect("mkdir");
    std::fs::copy(corpus("examples/old.md"), d.join("sub/policy.md")).expect("copy");
    std::os::unix::fs::symlink(".", d.join("cur")).expect("symlink");
    std::os::unix::fs::symlink("..", d.join("sub/up")).expect("symlink");
    std::os::unix::fs::symlink("sub/policy.md", d.join("alias.md")).expect("symlink");
    let out = run_bounded(&dir, &["batch", "d"], Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
    assert!(stderr(&out).contains("3 skipped"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("symbolic link not followed"),
        "{}",
        stderr(&out)
    );
    let out = run_bounded(&dir, &["batch", "d", "--follow"], Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "each file once: {}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("symbolic link loop"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn issue_18_4_foreign_bytes_are_named_not_decoded() {
    let dir = scratch();
    let mut zip = b"PK\x03\x04\x14\0\0\0\x08\0".to_vec();
    zip.extend_from_slice(&[0; 16]);
    zip.extend_from_slice(b"\x13\0\0\0[Content_Types].xmlword/document.xml");
    let mut elf = b"\x7fELF\x02\x01\x01".to_vec();
    elf.extend_from_slice(&[0; 40]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "p.pdf",
            b"%PDF-1.3\n1 0 obj\n<< /Type /Catalog >>\nxref\n0000000000 65535 f\n".to_vec(),
            // Since issue 19 PDFs are read: a damaged one is named as such.
            "cannot read this PDF document",
        ),
        ("w.docx", zip, "cannot read this Word document (.docx)"),
        (
            "i.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "this is a PNG image",
        ),
        ("x.txt", elf, "this is an executable (ELF)"),
    ];
    for (name, bytes, what) in &cases {
        std::fs::write(dir.join(name), bytes).expect("write");
        let out = policydiff_in(&dir, &["parse", name]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{name}: {what}")),
            "{name}: {}",
            stderr(&out)
        );
    }
    // Legacy encodings of other languages: GB18030 would "decode" them into ideographs.
    let latin = "Politique de confidentialité. Nous collectons vos données personnelles: numéro de téléphone, adresse électronique et préférences. Vous pouvez accéder à vos données, les rectifier ou les supprimer à tout moment.\n".repeat(4);
    let japanese = "個人情報保護方針。当社は、お客様の氏名、メールアドレス、電話番号を取得し、サービスの提供のために利用します。お客様は、いつでも開示、訂正、削除を請求できます。\n".repeat(4);
    let korean = "개인정보 처리방침. 회사는 서비스 제공을 위하여 이름, 전화번호, 이메일 주소를 수집합니다. 이용자는 언제든지 열람, 정정, 삭제를 요구할 수 있습니다.\n".repeat(4);
    let encoded: [(&str, &encoding_rs::Encoding, &str, &str); 3] = [
        (
            "fr.txt",
            encoding_rs::WINDOWS_1252,
            latin.as_str(),
            "windows-1252",
        ),
        (
            "ja.txt",
            encoding_rs::SHIFT_JIS,
            japanese.as_str(),
            "Shift_JIS",
        ),
        ("ko.txt", encoding_rs::EUC_KR, korean.as_str(), "EUC-KR"),
    ];
    for (name, encoding, text, label) in encoded {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{name}");
        std::fs::write(dir.join(name), &bytes).expect("write");
        let out = policydiff_in(&dir, &["parse", name]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stdout(&out));
        assert!(
            stderr(&out).contains(&format!("looks like {label}")),
            "{name}: {}",
            stderr(&out)
        );
    }
    // Chinese in GBK is still read.
    let chinese = std::fs::read_to_string(corpus("examples/old.md")).expect("example");
    let (gbk, _, _) = encoding_rs::GBK.encode(&chinese);
    std::fs::write(dir.join("zh.md"), &gbk).expect("write");
    let out = policydiff_in(&dir, &["parse", "zh.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A repository whose policy got a major, date-bumped edit in a second commit.
fn repo_with_major_edit() -> Repo {
    let (base, edit) = base_and_major_edit();
    let repo = Repo::new("issue18", &base);
    repo.commit(&bump_date(&edit), "Add the advertising SDK");
    repo
}

#[test]
fn issue_18_5_git_values_paths_separators_ranges_and_absolute_paths() {
    let repo = repo_with_major_edit();
    let absolute = repo
        .dir
        .join("policy/privacy.md")
        .to_string_lossy()
        .into_owned();
    let ok_runs: [&[&str]; 6] = [
        &["--git", "policy/privacy.md"],
        &["--git", "--", "policy/privacy.md"],
        &["--git", "HEAD~1...HEAD", "policy/privacy.md"],
        &["--git", "HEAD~1..", "policy/privacy.md"],
        &["--git", "HEAD~1..HEAD", &absolute],
        &["--git", "..HEAD", "policy/privacy.md"],
    ];
    for args in ok_runs {
        let (code, out, err) = repo.check(args);
        assert!(code == 0 || code == 1, "{args:?}: {out}{err}");
        assert!(out.contains("policy/privacy.md"), "{args:?}: {out}");
    }
    // The edit is a major change between HEAD~1 and HEAD, through every spelling of the range.
    for range in ["HEAD~1...HEAD", "HEAD~1..HEAD"] {
        let (code, out, err) = repo.check(&["--git", range, &absolute]);
        assert_eq!(code, 1, "{range}: {out}{err}");
    }
}

#[test]
fn issue_18_6_shallow_clone_is_detected_with_the_fetch_depth_hint() {
    let repo = repo_with_major_edit();
    let clones = scratch();
    let url = format!("file://{}", repo.dir.display());
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(clones.join("shallow"))
        .status()
        .expect("git clone");
    assert!(status.success());
    let out = policydiff_in(
        &clones.join("shallow"),
        &["check", "--git", "HEAD~1..HEAD", "policy/privacy.md"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("shallow clone") && err.contains("fetch-depth: 0"),
        "{err}"
    );
}

#[test]
fn issue_18_7_added_and_deleted_policies_and_directories() {
    let repo = repo_with_major_edit();
    std::fs::write(
        repo.dir.join("policy/kids.md"),
        std::fs::read(corpus("examples/new.md")).expect("example"),
    )
    .expect("write");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "Add the children's policy"]);
    let (code, out, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy/kids.md"]);
    assert!(
        code == 0 || code == 1,
        "an added policy is checked, not trouble: {out}{err}"
    );
    assert!(out.contains("新增的政策文件"), "{out}");
    assert!(
        !out.contains("[date]"),
        "no date rule for an added policy: {out}"
    );
    repo.git(&["rm", "-q", "policy/kids.md"]);
    repo.git(&["commit", "-q", "-m", "Drop it"]);
    let (code, out, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy/kids.md"]);
    assert_eq!(code, 1, "a deleted policy fails: {out}{err}");
    assert!(out.contains("被删除"), "{out}");
    let (code, out, err) =
        repo.check(&["--git", "HEAD~1..HEAD", "policy/kids.md", "--allow", "all"]);
    assert_eq!(code, 0, "acknowledged: {out}{err}");
    // Deleted in the working tree too.
    let (code, _, err) = repo.check(&["--git", "HEAD~1", "policy/kids.md"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy"]);
    assert_eq!(code, 2);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn issue_18_8_sarif_has_every_failing_change_encoded_uris_and_removal_lines() {
    let (base, _) = base_and_major_edit();
    let dir = scratch();
    // A minor change only (a sentence removed, the date moved on): fails with fail-on = "minor".
    let paragraphs: Vec<&str> = base.split("\n\n").collect();
    let removed = paragraphs
        .iter()
        .rposition(|p| !p.starts_with('#') && p.chars().count() > 30)
        .expect("a paragraph to remove");
    let edited: Vec<&str> = paragraphs
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != removed)
        .map(|(_, p)| *p)
        .collect();
    std::fs::create_dir(dir.join("政策 目录")).expect("mkdir");
    std::fs::write(dir.join("old.md"), &base).expect("write");
    std::fs::write(
        dir.join("政策 目录/new.md"),
        bump_date(&edited.join("\n\n")),
    )
    .expect("write");
    std::fs::write(dir.join("policydiff.toml"), "fail-on = \"minor\"\n").expect("write");
    let out = policydiff_in(
        &dir,
        &["check", "old.md", "政策 目录/new.md", "--format", "sarif"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    crate::sarif_schema::validate(&log);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty(), "a failing run has results");
    let minor = results
        .iter()
        .find(|r| r["ruleId"] == "minor_change")
        .expect("the minor change is a result");
    let artifact = &minor["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        artifact["uri"], "%E6%94%BF%E7%AD%96%20%E7%9B%AE%E5%BD%95/new.md",
        "{artifact}"
    );
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    let line = minor["locations"][0]["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .expect("line");
    assert!(
        line > 1,
        "a removed clause points near where it was, not at line 1"
    );
}

#[test]
fn issue_18_9_examples_install_from_the_repository_hooks_and_config_acknowledgements() {
    for example in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = std::fs::read_to_string(crate::common::root().join("examples/ci").join(example))
            .expect("example");
        for line in text.lines().filter(|l| l.contains("cargo install")) {
            assert!(
                line.contains("--git") || line.contains("--path"),
                "{example}: {line}"
            );
        }
    }
    // The commit-msg hook reads the trailer from the message and names the real path.
    let repo = repo_with_major_edit();
    let (_, edit) = base_and_major_edit();
    let policy = bump_date(&edit).replace("2024年9月1日", "2024年10月1日")
        + "\n为提升服务质量，我们接入了腾讯Bugly，用于收集崩溃日志。\n";
    std::fs::write(repo.dir.join("policy/privacy.md"), policy).expect("write");
    repo.git(&["add", "-A"]);
    let hook = crate::common::root().join("examples/ci/commit-msg-hook.sh");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_policydiff"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run_hook = |message: &str| {
        std::fs::write(repo.dir.join("MSG"), message).expect("write");
        Command::new("bash")
            .arg(&hook)
            .arg("MSG")
            .current_dir(&*repo.dir)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .expect("hook")
    };
    let refused = run_hook("Add crash reporting\n");
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stdout(&refused).contains("FAIL  policy/privacy.md"),
        "{}",
        stdout(&refused)
    );
    let accepted =
        run_hook("Add crash reporting\n\nPolicy-Change: third_party, data_category, purpose\n");
    assert_eq!(
        accepted.status.code(),
        Some(0),
        "{}{}",
        stdout(&accepted),
        stderr(&accepted)
    );
    // A custom trailer key shows in the hint; allow = ["all"] acknowledges like --allow all.
    repo.configure("trailer = \"Privacy-Change\"\n");
    let (code, out, _) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("`Privacy-Change: "), "{out}");
    repo.configure("allow = [\"all\"]\n");
    let (code, out, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 0, "{out}{err}");
    repo.configure("allow = [\"minor\", \"everything\"]\n");
    let (code, _, err) = repo.check(&["--git", "HEAD~1..HEAD", "policy/privacy.md"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("policydiff.toml:1") && err.contains("minor, all"),
        "{err}"
    );
}

#[test]
fn issue_18_10_flags_are_never_silently_ignored() {
    let pair = corpus("pairs/03-fitness-new-ad-sdk");
    let (old, new) = (pair.join("old.md"), pair.join("new.md"));
    let (o, n) = (old.to_string_lossy(), new.to_string_lossy());
    let refused: [(&[&str], &str); 6] = [
        (&["diff", &o, &n, "--stat", "--format", "json"], "--stat"),
        (&["diff", &o, &n, "--stat", "--format", "html"], "--stat"),
        (
            &["diff", &o, &n, "--only", "major", "--format", "json"],
            "--only",
        ),
        (&["batch", &o, "--jobs", "0"], "omit --jobs"),
        (&["diff", "-", "-"], "only once"),
        (&["--max-size", "ten", "parse", &o], "64MiB"),
    ];
    for (args, needle) in refused {
        let out = policydiff(args, Some(b"x"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
    let out = policydiff(&["--max-size", "1k", "parse", &o], None);
    assert!(
        stderr(&out).contains("limit of 1000 bytes"),
        "{}",
        stderr(&out)
    );
    for size in ["10M", "64MiB", "1000000"] {
        let out = policydiff(&["--max-size", size, "parse", &o], None);
        assert_eq!(out.status.code(), Some(0), "{size}: {}", stderr(&out));
    }
    // --only still shapes the text and Markdown reports.
    let all = policydiff(&["diff", &o, &n, "--only", "all"], None);
    let major = policydiff(
        &["diff", &o, &n, "--only", "major", "--format", "markdown"],
        None,
    );
    assert_eq!(all.status.code(), Some(1));
    assert_eq!(major.status.code(), Some(1));
}

#[test]
fn issue_18_11_a_closed_pipe_keeps_the_exit_status() {
    let pair = corpus("pairs/03-fitness-new-ad-sdk");
    let (old, new) = (pair.join("old.md"), pair.join("new.md"));
    let closed_reader = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_policydiff"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // The reader goes away before anything is written, as `| head -0` would.
        drop(child.stdout.take());
        child.wait_with_output().expect("wait")
    };
    let (o, n) = (old.to_string_lossy(), new.to_string_lossy());
    let out = closed_reader(&["diff", &o, &n]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "diff keeps its status: {}",
        stderr(&out)
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let out = closed_reader(&["batch", &corpus("policies").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("error:"), "{}", stderr(&out));
}
