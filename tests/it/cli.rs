//! Integration tests of the command line: exit codes and error messages for bad input, per command.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the built `policydiff` binary in `dir` with `args` (CI variables removed, so defaults are local ones).
pub fn policydiff_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policydiff"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("run policydiff")
}

/// Runs the built `policydiff` binary with `args` (and optional stdin bytes).
pub fn policydiff(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_policydiff"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn policydiff");
    if let Some(mut pipe) = child.stdin.take() {
        if let Some(bytes) = stdin {
            // The child may exit before reading everything (e.g. on an oversized input).
            let _ = pipe.write_all(bytes);
        }
    }
    child.wait_with_output().expect("wait for policydiff")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn temp_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

#[test]
fn bad_inputs_exit_2_with_a_message_naming_the_file() {
    let scratch = crate::common::scratch();
    let empty = temp_file(&scratch, "empty.txt", b"");
    let blank = temp_file(&scratch, "blank.txt", b"  \n\t\n");
    let binary = temp_file(
        &scratch,
        "binary.bin",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    );
    let dir = scratch.to_path_buf();
    let missing = Path::new("/nonexistent/policy.txt");
    let cases: [(&Path, &str); 5] = [
        (&empty, "empty input"),
        (&blank, "empty input"),
        (&binary, "an executable (ELF)"),
        (&dir, "is a directory"),
        (missing, "cannot read"),
    ];
    for command in ["parse", "extract"] {
        for (path, expected) in &cases {
            let p = path.to_string_lossy();
            let out = policydiff(&[command, &p], None);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{command} {p}: {}",
                stderr(&out)
            );
            let err = stderr(&out);
            assert!(err.contains(expected), "{command} {p}: {err}");
            assert!(
                err.contains(p.as_ref()),
                "{command} {p}: error must name the file: {err}"
            );
            assert!(!err.contains("panicked"), "{command} {p}: {err}");
        }
    }
    let out = policydiff(
        &["diff", &empty.to_string_lossy(), &binary.to_string_lossy()],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn oversized_input_is_refused_with_the_limit() {
    let scratch = crate::common::scratch();
    let big = temp_file(&scratch, "big.txt", "隐私政策。\n".repeat(300).as_bytes());
    let out = policydiff(
        &["--max-size", "1000", "parse", &big.to_string_lossy()],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("above the limit of 1000 bytes"),
        "{}",
        stderr(&out)
    );
    let out = policydiff(
        &["--max-size", "1000", "parse", "-"],
        Some("政策。\n".repeat(300).as_bytes()),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("above the limit"), "{}", stderr(&out));
}

#[test]
fn invalid_utf8_mid_file_names_the_byte_offset() {
    let scratch = crate::common::scratch();
    let mut bytes = "一、我们如何收集信息\n我们收集您的姓名。"
        .as_bytes()
        .to_vec();
    bytes.splice(9..9, [0xC3, 0x28]);
    // Mixed garbage that is neither UTF-8 nor plausible GB18030.
    bytes.extend_from_slice(&[0x80, 0xFF, 0xFE, 0x81]);
    let path = temp_file(&scratch, "broken.txt", &bytes);
    let out = policydiff(&["parse", &path.to_string_lossy()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("byte "), "{err}");
}

#[test]
fn unknown_flag_is_trouble_and_help_is_success() {
    assert_eq!(
        policydiff(&["parse", "--nope", "x"], None).status.code(),
        Some(2)
    );
    assert_eq!(policydiff(&["--help"], None).status.code(), Some(0));
}

#[test]
fn batch_is_deterministic_across_jobs_and_records_errors() {
    let dir = crate::common::scratch();
    std::fs::create_dir_all(dir.join("series")).unwrap();
    for name in ["edu-kids.md", "shop-mall.txt", "bank-wallet.html"] {
        std::fs::copy(
            crate::common::corpus(&format!("policies/{name}")),
            dir.join(name),
        )
        .unwrap();
    }
    std::fs::write(dir.join("broken.txt"), b"\x7fELF\0\0\0binary").unwrap();
    let pair = crate::common::corpus("pairs/03-fitness-new-ad-sdk");
    std::fs::copy(pair.join("old.md"), dir.join("series/2024-01-01.md")).unwrap();
    std::fs::copy(pair.join("new.md"), dir.join("series/2024-06-01.md")).unwrap();
    let d = dir.to_string_lossy();
    let one = policydiff(&["batch", &d, "--jobs", "1"], None);
    let two = policydiff(&["batch", &d, "--jobs", "2"], None);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(one.stdout, two.stdout, "output must not depend on --jobs");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&one.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    let broken = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("broken.txt"))
        .unwrap();
    assert!(
        broken["error"].as_str().unwrap().contains("executable"),
        "{broken}"
    );
    assert!(lines
        .iter()
        .filter(|l| l["error"].is_null())
        .all(|l| l["extract"]["data_items"].is_array()));
    assert!(
        stderr(&one).contains("6 files") && stderr(&one).contains("1 error"),
        "{}",
        stderr(&one)
    );

    let series = policydiff(&["batch", &format!("{d}/series"), "--diff-series"], None);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&series.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["diff"]["major"], true, "{}", lines[0]);

    let shards: Vec<String> = (0..2)
        .map(|i| {
            String::from_utf8_lossy(
                &policydiff(&["batch", &d, "--shard", &format!("{i}/2")], None).stdout,
            )
            .into_owned()
        })
        .collect();
    assert_eq!(shards.iter().map(|s| s.lines().count()).sum::<usize>(), 6);
    assert_eq!(
        policydiff(&["batch", "/nonexistent-dir"], None)
            .status
            .code(),
        Some(2)
    );
}

/// Saves `bytes` as `policy.<format>` and as `renamed.txt`: the renamed copy must be read by its
/// content (`source.format` is `format`), and `batch` over the folder must read both without error.
pub fn assert_detected_by_content(bytes: &[u8], format: &str) {
    let dir = crate::common::scratch();
    let real = format!("policy.{format}");
    std::fs::write(dir.join(&real), bytes).expect("write");
    std::fs::write(dir.join("renamed.txt"), bytes).expect("write");
    let renamed = dir.join("renamed.txt").to_string_lossy().into_owned();
    let out = policydiff(&["parse", &renamed, "--format", "json"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["source"]["format"], format);
    let out = policydiff(&["batch", &dir.to_string_lossy()], None);
    let lines = String::from_utf8_lossy(&out.stdout);
    assert!(
        lines.contains(&real) && lines.contains("renamed.txt"),
        "{lines}"
    );
    assert!(!lines.contains("\"error\":\""), "{lines}");
}
