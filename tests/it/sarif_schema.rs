//! Validation of SARIF output against the bundled official SARIF 2.1.0 JSON schema.

/// Panics with every schema violation when `log` is not a valid SARIF 2.1.0 log.
pub fn validate(log: &serde_json::Value) {
    // The official schema's `language` patterns have a stray `]`, literal in ECMAScript regexes but
    // an error for the Rust regex engine: escape it (same meaning) so the schema compiles.
    let raw = include_str!("../schemas/sarif-schema-2.1.0.json");
    let stray = "-[a-zA-Z]{2}]?$";
    assert!(raw.contains(stray), "bundled schema changed");
    let schema: serde_json::Value =
        serde_json::from_str(&raw.replace(stray, r"-[a-zA-Z]{2}\\]?$")).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF log violates the 2.1.0 schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_validator_rejects_an_invalid_log() {
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]});
    let result = std::panic::catch_unwind(|| validate(&bad));
    assert!(result.is_err(), "a driver without a name must be rejected");
}
