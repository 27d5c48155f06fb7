//! Integration tests: extract. Quality against the gold annotations of `corpus/policies`, the seed
//! policy and robustness over the shared corpus (printing the figures; run with `--nocapture`).

use crate::common;
use crate::invariants::assert_practices_point_into;
use policydiff::dictionary::Compiled;
use policydiff::extract::{contact_key, extract};
use policydiff::model::practices::Practices;
use policydiff::normalize::normalize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// True / false positives and false negatives of one field.
#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn add_sets(&mut self, gold: &HashSet<String>, found: &HashSet<String>) {
        self.tp += gold.intersection(found).count();
        self.fp += found.difference(gold).count();
        self.fn_ += gold.difference(found).count();
    }
}

/// The policy file a gold annotation belongs to (same stem, any other extension).
fn policy_of(gold: &Path) -> Option<PathBuf> {
    let stem = gold
        .file_name()?
        .to_str()?
        .strip_suffix(".gold.json")?
        .to_owned();
    let dir = gold.parent()?;
    common::files_under(dir).into_iter().find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&format!("{stem}.")) && !n.ends_with(".gold.json"))
    })
}

/// A data-item wording in canonical form: the dictionary name, else the normalised wording.
fn canonical(dict: &Compiled, wording: &str) -> String {
    dict.canonical_item(wording)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| normalize(wording))
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// One-to-one matches of gold third parties: same name, same registry SDK, or same company.
fn score_parties(
    dict: &Compiled,
    gold: &Value,
    found: &Practices,
    report: &mut Vec<String>,
) -> Score {
    let gold: Vec<(String, Option<String>)> = gold["third_parties"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or("").to_owned(),
                        p["company"].as_str().map(str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let sdk = |name: &str| dict.canonical_sdk(name).map(|e| e.name.clone());
    let mut used = vec![false; found.third_parties.len()];
    let mut score = Score::default();
    for (name, company) in &gold {
        let hit = found.third_parties.iter().enumerate().position(|(i, p)| {
            !used[i]
                && (normalize(&p.name) == normalize(name)
                    || (sdk(&p.name).is_some() && sdk(&p.name) == sdk(name))
                    || (company.is_some()
                        && p.company.as_deref().map(normalize)
                            == company.as_deref().map(normalize)))
        });
        match hit {
            Some(i) => {
                used[i] = true;
                score.tp += 1;
            }
            None => {
                score.fn_ += 1;
                report.push(format!("    third party missing: {name} ({company:?})"));
            }
        }
    }
    for (i, p) in found.third_parties.iter().enumerate() {
        if !used[i] {
            score.fp += 1;
            report.push(format!(
                "    third party extra: {} ({:?})",
                p.name, p.company
            ));
        }
    }
    score
}

#[test]
fn gold_precision_and_recall() {
    let dict = Compiled::builtin();
    let golds: Vec<PathBuf> = common::files_under(&common::corpus("policies"))
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    if golds.is_empty() {
        eprintln!("no gold annotations under corpus/policies: skipped");
        return;
    }
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut report = Vec::new();
    for gold_path in &golds {
        let gold: Value =
            serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
        let policy =
            policy_of(gold_path).unwrap_or_else(|| panic!("no policy for {}", gold_path.display()));
        let found = extract(&common::parse_file(&policy));
        report.push(format!("  {}", policy.display()));

        let gold_items: HashSet<String> = strings(&gold, "data_items")
            .iter()
            .map(|w| canonical(dict, w))
            .collect();
        let items: HashSet<String> = found
            .data_items
            .iter()
            .filter(|i| !i.definition_only)
            .map(|i| i.name.clone())
            .collect();
        scores
            .entry("data_items")
            .or_default()
            .add_sets(&gold_items, &items);
        for missing in gold_items.difference(&items) {
            report.push(format!("    item missing: {missing}"));
        }
        for extra in items.difference(&gold_items) {
            report.push(format!("    item extra: {extra}"));
        }
        let gold_not: HashSet<String> = strings(&gold, "not_collected")
            .iter()
            .map(|w| canonical(dict, w))
            .collect();
        let not: HashSet<String> = found.not_collected.iter().map(|i| i.name.clone()).collect();
        scores
            .entry("not_collected")
            .or_default()
            .add_sets(&gold_not, &not);

        let parties = score_parties(dict, &gold, &found, &mut report);
        let entry = scores.entry("third_parties").or_default();
        entry.tp += parties.tp;
        entry.fp += parties.fp;
        entry.fn_ += parties.fn_;

        let key = |kind: &str, value: &str| format!("{kind}:{}", contact_key(kind, value));
        let gold_contacts: HashSet<String> = gold["contacts"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        key(
                            c["kind"].as_str().unwrap_or(""),
                            c["value"].as_str().unwrap_or(""),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let contacts: HashSet<String> = found
            .contacts
            .iter()
            .map(|c| key(&c.kind, &c.value))
            .collect();
        scores
            .entry("contacts")
            .or_default()
            .add_sets(&gold_contacts, &contacts);
        for missing in gold_contacts.difference(&contacts) {
            report.push(format!("    contact missing: {missing}"));
        }
        for extra in contacts.difference(&gold_contacts) {
            report.push(format!("    contact extra: {extra}"));
        }

        let scalars = [
            (
                "controller",
                gold["controller"].as_str().map(normalize),
                found.controller.as_deref().map(normalize),
            ),
            (
                "effective_date",
                gold["effective_date"].as_str().map(str::to_owned),
                found.effective_date.clone(),
            ),
            (
                "minor_age",
                gold["minor_age"].as_u64().map(|a| a.to_string()),
                found.minor_age.map(|a| a.to_string()),
            ),
            (
                "cross_border",
                gold["cross_border"].as_bool().map(|b| b.to_string()),
                Some(found.cross_border.to_string()),
            ),
        ];
        for (field, expected, got) in scalars {
            let s = scores.entry(field).or_default();
            if expected == got {
                s.tp += 1;
            } else {
                s.fp += usize::from(got.is_some());
                s.fn_ += usize::from(expected.is_some());
                report.push(format!("    {field}: expected {expected:?}, got {got:?}"));
            }
        }
    }
    println!("extraction quality over {} gold policies:", golds.len());
    println!(
        "  {:<15} {:>9} {:>9}   tp  fp  fn",
        "field", "precision", "recall"
    );
    for (field, s) in &scores {
        println!(
            "  {field:<15} {:>9.3} {:>9.3}  {:>3} {:>3} {:>3}",
            s.precision(),
            s.recall(),
            s.tp,
            s.fp,
            s.fn_
        );
    }
    println!("{}", report.join("\n"));
    let minimum = |field: &str| if field == "data_items" { 0.95 } else { 1.0 };
    for (field, s) in &scores {
        if *field == "not_collected" {
            continue;
        }
        assert!(
            s.precision() >= minimum(field) && s.recall() >= minimum(field),
            "{field}: precision {:.3} recall {:.3} below {}",
            s.precision(),
            s.recall(),
            minimum(field)
        );
    }
}

#[test]
fn seed_policy() {
    let Some(shared) = common::shared() else {
        eprintln!("../shared absent: skipped");
        return;
    };
    let seed = shared.join("seeds").join("000_cdebb876857469e7.txt");
    if !seed.is_file() {
        eprintln!("seed absent: skipped");
        return;
    }
    let p = extract(&common::parse_file(&seed));
    // The 15 rows of the seed's SDK table, with the provider the table names ("-" → none).
    let expected: [(&str, Option<&str>); 15] = [
        ("微信Open SDK", Some("深圳市腾讯计算机系统有限公司")),
        ("腾讯QQ互联", Some("深圳市腾讯计算机系统有限公司")),
        ("腾讯Bugly", Some("深圳市腾讯计算机系统有限公司")),
        ("微博开放平台", Some("北京微梦创科网络技术有限公司")),
        ("MobTech ShareSDK", Some("上海掌之淘信息技术有限公司")),
        ("支付宝SDK", Some("支付宝(杭州)信息技术有限公司")),
        ("HMS Core SDK", Some("华为技术有限公司")),
        ("腾讯云对象存储SDK", Some("腾讯云计算(北京)有限责任公司")),
        ("极光推送", Some("深圳市和讯华谷信息技术有限公司")),
        ("友盟Umeng", Some("北京锐讯灵通科技有限公司")),
        ("腾讯云即时通信IM", Some("腾讯云计算(北京)有限责任公司")),
        ("腾讯灯塔SDK", Some("深圳市腾讯计算机系统有限公司")),
        ("ijk 视频播放器", None),
        ("GSYVideoPlayer", None),
        ("Glide", None),
    ];
    for (name, company) in expected {
        let party = p
            .third_parties
            .iter()
            .find(|t| normalize(&t.name).starts_with(&normalize(name)))
            .unwrap_or_else(|| {
                panic!(
                    "seed SDK {name} missing: {:?}",
                    p.third_parties.iter().map(|t| &t.name).collect::<Vec<_>>()
                )
            });
        assert_eq!(
            party.company.as_deref().map(normalize),
            company.map(normalize),
            "{name}"
        );
    }
    let has = |kind: &str, value: &str| {
        p.contacts
            .iter()
            .any(|c| c.kind == kind && c.value == value)
    };
    assert!(
        has("wechat", "waiyu3721") && has("email", "service@92waiyu.com"),
        "{:?}",
        p.contacts
    );
    assert_eq!(p.controller.as_deref(), Some("广州市九二网络科技有限公司"));
    assert_eq!(p.effective_date.as_deref(), Some("2021-09-12"));
    assert_eq!(p.minor_age, Some(18));
    assert!(!p.cross_border);
    println!(
        "seed: {} data items ({} sensitive), {} third parties, {} rights, {} permissions",
        p.data_items.iter().filter(|i| !i.definition_only).count(),
        p.data_items
            .iter()
            .filter(|i| !i.definition_only && i.sensitive)
            .count(),
        p.third_parties.len(),
        p.rights.len(),
        p.permissions.len()
    );
}

#[test]
fn shared_corpus_extracts_without_panics() {
    let Some(shared) = common::shared() else {
        eprintln!("../shared absent: skipped");
        return;
    };
    let files: Vec<PathBuf> = common::files_under(&shared.join("corpus"))
        .into_iter()
        .filter(|p| {
            !matches!(p.extension().and_then(|e| e.to_str()), Some("tsv"))
                && !p.ends_with("README.md")
        })
        .collect();
    let mut items: HashMap<String, usize> = HashMap::new();
    let mut sdks: HashMap<String, usize> = HashMap::new();
    let mut failures = Vec::new();
    let mut with_controller = 0;
    for file in &files {
        let Ok(input) = policydiff::read::read_input(file, policydiff::read::DEFAULT_MAX_SIZE)
        else {
            continue;
        };
        let doc = policydiff::structure::parse(&input);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(&doc)));
        match result {
            Ok(p) => {
                assert_practices_point_into(&file.display().to_string(), &doc, &p);
                with_controller += usize::from(p.controller.is_some());
                for i in p.data_items.iter().filter(|i| !i.definition_only) {
                    *items.entry(i.name.clone()).or_default() += 1;
                }
                for t in &p.third_parties {
                    let name = Compiled::builtin()
                        .canonical_sdk(&t.name)
                        .map_or(t.name.clone(), |e| e.name.clone());
                    *sdks.entry(name).or_default() += 1;
                }
            }
            Err(_) => failures.push(file.display().to_string()),
        }
    }
    let top = |counts: &HashMap<String, usize>| {
        let mut v: Vec<(&String, &usize)> = counts.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        v.into_iter()
            .take(20)
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "shared corpus: {} files, {} with a controller",
        files.len(),
        with_controller
    );
    println!("  top data items: {}", top(&items));
    println!("  top third parties: {}", top(&sdks));
    assert!(failures.is_empty(), "extraction panicked on: {failures:#?}");
}

/// The whole extraction of every fixture policy, as JSON: findings, wordings, spans and order.
/// A change that alters any of them (a refactor that should not, or a rule that should) shows up
/// here; review intended changes with `cargo insta review`.
#[test]
fn extraction_of_every_fixture_is_unchanged() {
    let policies: Vec<PathBuf> = common::files_under(&common::corpus("policies"))
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .filter_map(|gold| policy_of(gold))
        .collect();
    assert!(policies.len() >= 6, "fixture policies missing");
    for policy in &policies {
        let name = policy
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("policy");
        let doc = common::parse_file(policy);
        let practices = extract(&doc);
        assert_practices_point_into(name, &doc, &practices);
        insta::assert_snapshot!(
            format!("extract-{name}"),
            serde_json::to_string_pretty(&practices).unwrap()
        );
    }
}
