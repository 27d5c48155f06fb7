//! `policydiff.toml`: the optional, strictly validated team configuration for `policydiff check`.
//!
//! Found in the current directory or the repository root. Unknown keys, wrong types and unknown
//! reason codes are errors that name the file, the line and the valid choices.

use crate::dictionary::{CueEntry, DataItemEntry, Dictionaries, SdkEntry, CATEGORIES};
use crate::model::diff::{ReasonCode, Severity};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The configuration file name.
pub const FILE_NAME: &str = "policydiff.toml";

/// Largest configuration file read, in bytes (1 MiB).
pub const MAX_SIZE: u64 = 1024 * 1024;

/// Default commit trailer that acknowledges reason codes: `Policy-Change: third_party, data_category`.
pub const DEFAULT_TRAILER: &str = "Policy-Change";

/// The team's settings for `check`. Every field is optional; see the README for an example.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Reason codes that count as major for this team (default: all seven).
    #[serde(default = "all_codes")]
    pub major_codes: Vec<ReasonCode>,
    /// The severity that fails the check: `major` (default) or `minor` (any substantive change).
    #[serde(default = "default_fail_on")]
    pub fail_on: Severity,
    /// Acknowledged for every check, as with `--allow`: reason codes, `minor`, `all`.
    #[serde(default)]
    pub allow: Vec<Allowance>,
    /// Fail when the text changed in substance but the effective/updated date did not move forward.
    #[serde(default = "default_true")]
    pub require_date_bump: bool,
    /// Sections whose changes are ignored, by id (`八`) or title (`如何联系我们`).
    #[serde(default)]
    pub ignore_sections: Vec<String>,
    /// The commit-message trailer key that acknowledges reason codes.
    #[serde(default = "default_trailer")]
    pub trailer: String,
    /// Extra dictionary entries merged into the built-in ones.
    #[serde(default)]
    pub dictionary: DictionaryExtras,
}

/// One `allow` value: a reason code, `minor` or `all`, validated exactly as `--allow` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance(String);

impl Allowance {
    /// The value as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Allowance {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        crate::check::Acknowledged::parse([value.as_str()]).map_err(serde::de::Error::custom)?;
        Ok(Allowance(value))
    }
}

/// Dictionary entries a team adds: data items, SDKs and purposes.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DictionaryExtras {
    /// Extra personal-information items.
    #[serde(default)]
    pub data_items: Vec<ExtraDataItem>,
    /// Extra third-party SDKs or partners.
    #[serde(default)]
    pub sdks: Vec<ExtraSdk>,
    /// Extra purposes.
    #[serde(default)]
    pub purposes: Vec<ExtraPurpose>,
}

/// A personal-information item added by configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExtraDataItem {
    /// Canonical name.
    pub name: String,
    /// GB/T 35273-2020 Appendix A category.
    pub category: String,
    /// Whether it is sensitive personal information.
    #[serde(default)]
    pub sensitive: bool,
    /// Other ways policies write it.
    #[serde(default)]
    pub synonyms: Vec<String>,
}

/// A third-party SDK added by configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExtraSdk {
    /// Name as policies write it.
    pub name: String,
    /// The providing company.
    pub company: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A purpose added by configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExtraPurpose {
    /// Stable code (snake_case).
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// Words that signal it in a sentence.
    #[serde(default)]
    pub cues: Vec<String>,
}

fn all_codes() -> Vec<ReasonCode> {
    ReasonCode::ALL.to_vec()
}

fn default_fail_on() -> Severity {
    Severity::Major
}

fn default_true() -> bool {
    true
}

fn default_trailer() -> String {
    DEFAULT_TRAILER.to_owned()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            major_codes: all_codes(),
            fail_on: default_fail_on(),
            allow: Vec::new(),
            require_date_bump: true,
            ignore_sections: Vec::new(),
            trailer: default_trailer(),
            dictionary: DictionaryExtras::default(),
        }
    }
}

/// A configuration file that could not be read or is not valid.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file is too large, or not a file (read through the bounded reader).
    #[error(transparent)]
    Read(#[from] crate::Error),
    /// The file exists but could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The configuration file.
        path: PathBuf,
        /// The operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not match the schema.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The configuration file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong and, where the parser knows them, the valid choices.
        message: String,
    },
}

impl Config {
    /// Parses configuration text; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let before = text.get(..offset).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim().to_owned(),
            }
        })?;
        if let Some(bad) = config
            .dictionary
            .data_items
            .iter()
            .find(|d| !CATEGORIES.contains(&d.category.as_str()))
        {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                line: line_of_key(text, &format!("category = \"{}\"", bad.category)),
                column: 1,
                message: format!(
                    "unknown category `{}` for data item `{}`; valid: {}",
                    bad.category,
                    bad.name,
                    CATEGORIES.join(", ")
                ),
            });
        }
        if config.fail_on == Severity::Editorial {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                line: line_of_key(text, "fail-on"),
                column: 1,
                message: "fail-on must be `major` or `minor`".into(),
            });
        }
        Ok(config)
    }

    /// Reads and parses the configuration file at `path`, through the bounded reader (a
    /// configuration is a few lines: more than [`MAX_SIZE`] bytes is refused).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let io = |source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let bytes = crate::read::read_bounded(file, path, MAX_SIZE)?;
        let text = String::from_utf8(bytes)
            .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
        Config::parse(&text, path)
    }

    /// Loads `policydiff.toml` from `dir`, else from the repository root above it; the defaults when neither has one.
    pub fn discover(
        dir: &Path,
        repo_root: Option<&Path>,
    ) -> Result<(Config, Option<PathBuf>), ConfigError> {
        for candidate in std::iter::once(dir).chain(repo_root) {
            let path = candidate.join(FILE_NAME);
            if path.is_file() {
                return Ok((Config::load(&path)?, Some(path)));
            }
        }
        Ok((Config::default(), None))
    }

    /// The configured dictionary entries as dictionary data, or `None` when there are none.
    pub fn extra_dictionaries(&self) -> Option<Dictionaries> {
        let d = &self.dictionary;
        if d.data_items.is_empty() && d.sdks.is_empty() && d.purposes.is_empty() {
            return None;
        }
        Some(Dictionaries {
            data_items: d
                .data_items
                .iter()
                .map(|e| DataItemEntry {
                    name: e.name.clone(),
                    category: e.category.clone(),
                    sensitive: e.sensitive,
                    synonyms: e.synonyms.clone(),
                })
                .collect(),
            sdks: d
                .sdks
                .iter()
                .map(|e| SdkEntry {
                    name: e.name.clone(),
                    company: Some(e.company.clone()),
                    kind: "other".to_owned(),
                    aliases: e.aliases.clone(),
                })
                .collect(),
            purposes: d
                .purposes
                .iter()
                .map(|e| CueEntry {
                    code: e.code.clone(),
                    name: e.name.clone(),
                    cues: e.cues.clone(),
                })
                .collect(),
            ..Dictionaries::default()
        })
    }

    /// The built-in dictionaries with the configured entries merged in, compiled; `None` when the
    /// configuration adds none (use [`Compiled::builtin`] then).
    ///
    /// [`Compiled::builtin`]: crate::dictionary::Compiled::builtin
    pub fn compiled_dictionaries(&self) -> Option<crate::dictionary::Compiled> {
        self.extra_dictionaries().map(|extra| {
            let mut dictionaries = Dictionaries::builtin().clone();
            dictionaries.merge(extra);
            crate::dictionary::Compiled::new(dictionaries)
        })
    }

    /// True when `code` counts as major for this team.
    pub fn counts_as_major(&self, code: ReasonCode) -> bool {
        self.major_codes.contains(&code)
    }
}

/// 1-based line on which `key` (or `key = value`) first appears, for errors found after parsing.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("policydiff.toml"))
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn full_example_parses() {
        let config = parse(
            r#"
major-codes = ["data_category", "third_party", "purpose"]
fail-on = "minor"
allow = ["contact"]
require-date-bump = false
ignore-sections = ["如何联系我们"]
trailer = "Privacy-Change"

[[dictionary.sdks]]
name = "某某推送"
company = "某某科技有限公司"

[[dictionary.data-items]]
name = "车架号"
category = "个人财产信息"
synonyms = ["VIN"]
"#,
        )
        .unwrap();
        assert_eq!(config.major_codes.len(), 3);
        assert_eq!(config.fail_on, Severity::Minor);
        assert_eq!(config.allow, vec![Allowance("contact".into())]);
        assert_eq!(config.dictionary.sdks[0].company, "某某科技有限公司");
        assert_eq!(config.dictionary.data_items[0].synonyms, ["VIN"]);
    }

    #[test]
    fn errors_name_line_and_valid_choices() {
        let cases = [
            ("allow = []\nbogus = 1\n", 2, "unknown field `bogus`"),
            ("require-date-bump = \"yes\"\n", 1, "boolean"),
            ("\n\nallow = [\"thrid_party\"]\n", 3, "third_party"),
            ("fail-on = \"editorial\"\n", 1, "major"),
            (
                "[[dictionary.data-items]]\nname = \"x\"\ncategory = \"个人杂项\"\n",
                3,
                "个人基本资料",
            ),
        ];
        for (text, line, needle) in cases {
            match parse(text) {
                Err(ConfigError::Invalid {
                    line: got, message, ..
                }) => {
                    assert_eq!(got, line, "{text:?}: {message}");
                    assert!(message.contains(needle), "{text:?}: {message}");
                }
                other => panic!("{text:?}: expected an error, got {other:?}"),
            }
        }
    }
}
