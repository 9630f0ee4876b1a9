//! report.json and `--json` as a nightly job reads them: both checked against the schemas
//! published in docs/, the one-word status of each outcome a build can have, and the hash
//! and size of every file the report lists.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use sha2::{Digest, Sha256};

use common::{example, root};

/// Runs the binary from the project folder.
fn paiban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A fresh folder of this test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("report")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A published schema, itself checked against JSON Schema's meta-schema.
fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs").join(name)).unwrap();
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::meta::validate(&schema).expect("the schema is a JSON Schema");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// Asserts `doc` is valid under `schema`, listing every place it is not.
fn assert_valid(schema: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = schema
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// Every field of `doc` that the schema does not describe, by its path: the schema lets
/// later versions add fields, so validation alone would not notice one left undocumented.
fn undescribed(schema: &Value, node: &Value, doc: &Value, at: &str, out: &mut Vec<String>) {
    let node = resolve(schema, node);
    match doc {
        Value::Object(map) => {
            for (key, value) in map {
                match node["properties"].get(key) {
                    Some(sub) => undescribed(schema, sub, value, &format!("{at}/{key}"), out),
                    None => out.push(format!("{at}/{key}")),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let sub = node["prefixItems"]
                    .get(i)
                    .or_else(|| node.get("items"))
                    .unwrap_or(&Value::Null);
                undescribed(schema, sub, item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A schema node with its `$ref` followed and, for `oneOf` (a value or null), the branch
/// that describes an object or an array.
fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    if let Some(r) = node["$ref"].as_str() {
        let name = r.strip_prefix("#/$defs/").expect("local references only");
        return resolve(schema, &schema["$defs"][name]);
    }
    if let Some(branches) = node["oneOf"].as_array() {
        let typed = branches.iter().map(|b| resolve(schema, b));
        return typed
            .into_iter()
            .find(|b| b["type"] != "null")
            .unwrap_or(node);
    }
    node
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_example_s_report_follows_the_published_schema() {
    let out = fresh("example").join("out");
    let run = paiban(&[
        "build",
        example().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let printed: Value = serde_json::from_slice(&run.stdout).expect("--json prints JSON");
    let written: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(printed, written, "--json prints the report it writes");

    let text = std::fs::read_to_string(root().join("docs/report.schema.json")).unwrap();
    let raw: Value = serde_json::from_str(&text).unwrap();
    assert_valid(&schema("report.schema.json"), &written);
    let mut missing = Vec::new();
    undescribed(&raw, &raw, &written, "", &mut missing);
    assert!(missing.is_empty(), "not in the schema: {missing:?}");
    // The checks can fail: a status no job knows, a hash that is not one, a field the
    // schema does not describe.
    let mut wrong = written.clone();
    wrong["status"] = "fine".into();
    wrong["files"][0]["sha256"] = "5300c6".into();
    wrong["pages"][0]["colour"] = "red".into();
    assert_eq!(schema("report.schema.json").iter_errors(&wrong).count(), 2);
    let mut missing = Vec::new();
    undescribed(&raw, &raw, &wrong, "", &mut missing);
    assert_eq!(missing, ["/pages/0/colour"]);

    assert_eq!(written["schema_version"], 1);
    assert_eq!(written["paiban_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(written["edition"], "edition.toml");
    assert_eq!(written["pages"][1]["label"], "02");
    // Pages 2–8 carry sample copy: listed, warned about, and so the status is `warnings`.
    assert_eq!(written["status"], "warnings");
    let samples = written["samples"].as_array().unwrap();
    assert!(samples.contains(&Value::from("articles/02-jingji-bannianbao.md")));
    assert!(
        !samples
            .iter()
            .any(|s| s.as_str().unwrap().starts_with("articles/01-"))
    );
    let warned = written["warnings"].as_array().unwrap().iter();
    assert!(
        warned
            .filter(|w| w["message"].as_str().unwrap().contains("sample = true"))
            .count()
            == samples.len()
    );

    // Every file the report lists is beside it with that hash and size, and nothing else is.
    let mut names = vec!["report.json".to_string()];
    for f in written["files"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert_eq!(f["sha256"], sha256_hex(&bytes), "{name}");
        assert_eq!(f["bytes"], bytes.len(), "{name}");
        names.push(name.to_string());
    }
    let kinds: Vec<(&str, &Value)> = written["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), &f["page"]))
        .collect();
    assert_eq!(kinds[0], ("page", &Value::from(1)));
    assert_eq!(kinds[8], ("edition", &Value::Null));
    assert_eq!(kinds.len(), 9);
    names.sort();
    let mut there: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    there.sort();
    assert_eq!(names, there);
}

#[test]
fn input_errors_under_json_follow_the_published_schema() {
    let out = fresh("input-errors").join("out");
    let run = paiban(&[
        "build",
        "tests/broken/unknown-key/edition.toml",
        "-o",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(run.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&run.stdout).expect("--json prints JSON");
    assert_valid(&schema("diagnostics.schema.json"), &doc);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["status"], "errors");
    assert_eq!(doc["diagnostics"][0]["code"], "unknown-key");
    assert!(!out.exists(), "nothing is written");

    // A file that is not there has no line: null, as the schema allows.
    let run = paiban(&["check", "no-such/edition.toml", "--json"]);
    let doc: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_valid(&schema("diagnostics.schema.json"), &doc);
    assert!(doc["diagnostics"][0]["line"].is_null());
}

#[test]
fn the_diagnostics_schema_names_every_code() {
    let text = std::fs::read_to_string(root().join("docs/diagnostics.schema.json")).unwrap();
    let raw: Value = serde_json::from_str(&text).unwrap();
    let listed: Vec<&str> = raw["$defs"]["diagnostic"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let known: Vec<&str> = paiban::diag::Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(listed, known);
}

/// An edition folder with page 1 of the broadsheet holding `article` (a file of the
/// example's, copied in) in a block of `lines` body lines, three columns wide.
fn edition(name: &str, article: &str, body_extra: &str, lines: u32) -> PathBuf {
    let dir = fresh(name);
    let src = root()
        .join("examples/zhuzhou-daily-2023-07-20/articles")
        .join(article);
    let text = std::fs::read_to_string(src).unwrap();
    std::fs::write(dir.join("a.md"), format!("{text}\n{body_extra}\n")).unwrap();
    let toml = format!(
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\n\n\
         [[page.block]]\narticle = \"a.md\"\ncolumn = 6\ncolumns = 3\nline = 13\nlines = {lines}\n"
    );
    std::fs::write(dir.join("edition.toml"), toml).unwrap();
    dir
}

/// `paiban check --json` on an edition folder: exit status and report.
fn check(dir: &Path, strict: bool) -> (i32, Value) {
    let path = dir.join("edition.toml");
    let mut args = vec!["check", path.to_str().unwrap(), "--json"];
    if strict {
        args.push("--strict");
    }
    let run = paiban(&args);
    let report: Value = serde_json::from_slice(&run.stdout).expect("a report");
    assert_valid(&schema("report.schema.json"), &report);
    (run.status.code().unwrap_or(-1), report)
}

#[test]
fn status_ok_when_there_is_nothing_to_act_on() {
    let dir = edition("ok", "01-baiqiang.md", "", 17);
    let (code, report) = check(&dir, true);
    assert_eq!(report["status"], "ok", "{:#}", report["warnings"]);
    assert_eq!(report["warnings"], Value::Array(vec![]));
    assert_eq!(code, 0);
}

#[test]
fn status_warnings_for_sample_copy_and_strict_refuses_it() {
    let dir = edition("sample", "01-baiqiang.md", "", 17);
    let text = std::fs::read_to_string(dir.join("a.md")).unwrap();
    let marked = text.replacen("+++\n", "+++\nsample = true\n", 1);
    std::fs::write(dir.join("a.md"), marked).unwrap();
    let (code, report) = check(&dir, false);
    assert_eq!(report["status"], "warnings");
    assert_eq!(report["samples"], serde_json::json!(["a.md"]));
    assert_eq!(report["warnings"][0]["file"], "a.md");
    assert_eq!(code, 0);
    // Placeholder copy must not reach the press unnoticed: --strict fails the run.
    let (code, _) = check(&dir, true);
    assert_eq!(code, 2);
}

#[test]
fn status_warnings_carry_the_line_and_column_as_fields() {
    // A zero-width space on the article's line 5, column 3, which composition drops.
    let dir = edition("placed-warning", "01-baiqiang.md", "", 17);
    let text = std::fs::read_to_string(dir.join("a.md")).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    assert_eq!(lines[3], "+++");
    lines.insert(4, "株洲\u{200B}日报".into());
    std::fs::write(dir.join("a.md"), lines.join("\n")).unwrap();
    let (_, report) = check(&dir, false);
    assert_eq!(report["status"], "warnings");
    let w = &report["warnings"][0];
    assert_eq!(w["file"], "a.md");
    assert_eq!(
        (w["line"].as_u64(), w["column"].as_u64()),
        (Some(5), Some(3))
    );
    assert_eq!(w["message"], "invisible format character U+200B removed");
}

#[test]
fn status_overset_when_the_text_does_not_fit() {
    let dir = edition("overset", "01-baiqiang.md", "", 6);
    let (code, report) = check(&dir, false);
    assert_eq!(report["status"], "overset");
    assert!(report["articles"][0]["overset"]["chars"].as_u64().unwrap() > 0);
    assert_eq!(code, 0);
    assert_eq!(check(&dir, true).0, 2);
}

#[test]
fn status_errors_when_a_character_has_no_font() {
    // 😀 is in no font the template names: set as 〓, not for press.
    let dir = edition("errors", "01-baiqiang.md", "株洲😀。", 30);
    let (code, report) = check(&dir, false);
    assert_eq!(report["status"], "errors");
    assert_eq!(report["missing_glyphs"][0]["code_point"], "U+1F600");
    assert_eq!(code, 0);
    assert_eq!(check(&dir, true).0, 2);
}
