//! Fixture specs, one per rule, with snapshots of what each rule produces.

use std::path::Path;

use codegen::{FormStyle, Provider, Spec};

const FIXTURE: Provider = Provider {
    name: "fixture",
    spec: "specs/fixture.yaml",
    crate_dir: "crates/fixture",
    form_style: FormStyle::Standard,
    docs: &[],
    docs_layout: None,
    area_features: false,
    operation_tests: false,
};

/// Parses a fixture under the name messages show for it.
fn parse(path: &Path) -> codegen::Result<Spec> {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let dir = path
        .parent()
        .and_then(Path::file_name)
        .expect("fixture folder");
    let name = Path::new("fixtures")
        .join(dir)
        .join(path.file_name().expect("fixture name"));
    Spec::parse(name, &text)
}

/// Everything generated under `src/generated/<dir>/` (or the file
/// `src/generated/<dir>.rs`), in file order: the split by area keeps each
/// concern in one folder.
fn concern(files: &[codegen::GeneratedFile], dir: &str) -> String {
    let root = Path::new("crates/fixture/src/generated");
    let found: Vec<&str> = files
        .iter()
        .filter(|f| f.path.starts_with(root.join(dir)) || f.path == root.join(format!("{dir}.rs")))
        .map(|f| f.contents.as_str())
        .collect();
    assert!(!found.is_empty(), "no {dir} files");
    found.concat()
}

/// Every defect yields one clear error naming file, line and operation, and no files.
#[test]
fn invalid_specs() {
    insta::glob!("fixtures/invalid/*.yaml", |path| {
        let outcome = parse(path).and_then(|spec| codegen::generate(&spec, &FIXTURE));
        let err = outcome.expect_err("the fixture is invalid");
        insta::assert_snapshot!(err.to_string());
    });
}

/// Each normalization rule, shown on the document the emitter receives.
#[test]
fn normalization_rules() {
    insta::glob!("fixtures/normalize/*.yaml", |path| {
        let spec = parse(path).expect("the fixture is valid");
        codegen::validate(&spec).expect("the fixture passes validation");
        let n = codegen::normalize(&spec.openapi);
        let doc = serde_norway::to_string(&serde_json::json!({
            "paths": n.openapi.paths,
            "components": n.openapi.components,
        }))
        .expect("serializable");
        let limits = format!("{:?}", n.rate_limits());
        let enums: Vec<String> = n
            .open_enums()
            .iter()
            .map(|e| format!("{}: {}", e.name, e.values.join(", ")))
            .collect();
        let repeatable: Vec<&str> = n.repeatable().collect();
        insta::assert_snapshot!(format!(
            "{doc}\nopen enums:\n{}\nrate limits: {limits}\nsafe to repeat: {}",
            enums.join("\n"),
            repeatable.join(", ")
        ));
        // Every fixture also generates code that the formatter accepted.
        codegen::generate(&spec, &FIXTURE).expect("the fixture generates");
    });
}

/// An open enum keeps unknown values; its generated code is shown whole.
#[test]
fn open_enum_code() {
    let spec = parse(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/normalize/open_enums.yaml")
            .as_path(),
    )
    .expect("valid");
    let files = codegen::generate(&spec, &FIXTURE).expect("generates");
    // `BillingType` belongs to the operations' area; `ErrorCode`, which no
    // operation reaches, is common.
    let area = concern(&files, "types/other");
    let common = concern(&files, "types/common");
    let start = area
        .find("/**How calls are charged.")
        .expect("the enum is emitted");
    let end = area
        .find("/// Types for composing complex structures.")
        .expect("the type builders follow");
    let error_code = common
        .find("/**The documented values.")
        .expect("the common enum is emitted");
    insta::assert_snapshot!(format!("{}{}", &area[start..end], &common[error_code..]));
}

/// `x-aliases` adds serde aliases to the generated struct, each field once,
/// also where typify renamed the field.
#[test]
fn field_aliases_code() {
    let spec = parse(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/normalize/field_aliases.yaml")
            .as_path(),
    )
    .expect("valid");
    let files = codegen::generate(&spec, &FIXTURE).expect("generates");
    let types = concern(&files, "types");
    let start = types
        .find("///A number; the live API")
        .expect("the struct is emitted");
    let end = start + types[start..].find("\n}\n").expect("the struct ends");
    let code = &types[start..end + 2];
    assert_eq!(code.matches("serde(alias").count(), 3, "{code}");
    let api = &files[0].contents;
    assert!(
        api.contains("- `type_: Option<String>` (also decoded from `kind`, `number_type`)"),
        "{api}"
    );
    insta::assert_snapshot!(code);
}

/// Output is split by concern and every file carries the header.
#[test]
fn files_and_headers() {
    let spec = parse(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/normalize/open_enums.yaml")
            .as_path(),
    )
    .expect("valid");
    let files = codegen::generate(&spec, &FIXTURE).expect("generates");
    let again = codegen::generate(&spec, &FIXTURE).expect("generates");
    assert_eq!(files, again, "generation is deterministic");
    let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "crates/fixture/API.md",
            "crates/fixture/src/generated/mod.rs",
            "crates/fixture/src/generated/types/mod.rs",
            "crates/fixture/src/generated/types/common.rs",
            "crates/fixture/src/generated/types/other.rs",
            "crates/fixture/src/generated/builder/mod.rs",
            "crates/fixture/src/generated/builder/other.rs",
            "crates/fixture/src/generated/operations/mod.rs",
            "crates/fixture/src/generated/operations/other.rs",
            "crates/fixture/src/generated/mock/mod.rs",
            "crates/fixture/src/generated/mock/other.rs",
        ]
    );
    assert!(
        files[0]
            .contents
            .contains("- `get_billing()` → `types::Billing`"),
        "{}",
        files[0].contents
    );
    for f in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
    {
        let first = f.contents.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("// @generated by `cargo xtask codegen fixture` from fixtures/normalize/open_enums.yaml (sha256 ")
                && first.ends_with("). Do not edit."),
            "{}: {first}",
            f.path.display()
        );
        assert!(f.contents.ends_with('\n') && !f.contents.contains('\r'));
    }
}

/// The encodings progenitor cannot produce are rewritten into its builders.
#[test]
fn wire_encodings_in_the_builders() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize");
    let mut lines = Vec::new();
    for name in [
        "deep_object.yaml",
        "comma_list.yaml",
        "form_body.yaml",
        "pagination.yaml",
        "envelope.yaml",
    ] {
        let spec = parse(&dir.join(name)).expect("valid");
        let files = codegen::generate(&spec, &FIXTURE).expect("generates");
        let builder = concern(&files, "builder");
        lines.push(format!("# {name}"));
        lines.extend(
            builder
                .lines()
                .filter(|l| {
                    [
                        "QueryParam::new",
                        "::encode::",
                        ".form_urlencoded",
                        ".bracket_form",
                        "offset_stream",
                        "pub fn stream",
                        "let page =",
                        "Page {",
                        "let total",
                        "items:",
                        "ENVELOPE",
                    ]
                    .iter()
                    .any(|k| l.contains(k))
                })
                .map(|l| l.trim().to_owned()),
        );
    }
    insta::assert_snapshot!(lines.join("\n"));
}

/// A multipart operation is emitted whole by our own emitter.
#[test]
fn multipart_operation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize");
    let spec = parse(&dir.join("multipart.yaml")).expect("valid");
    let files = codegen::generate(&spec, &FIXTURE).expect("generates");
    let builder = concern(&files, "builder/other");
    let ops = concern(&files, "operations/other");
    let start = builder
        .find("///Builder for [`Client::send_fax`]")
        .expect("multipart builder");
    insta::assert_snapshot!(format!(
        "{}\n{}",
        &ops[ops.find("impl Client").unwrap()..],
        &builder[start..]
    ));
    let api = &files[0].contents;
    assert!(
        api.contains(
            "- `send_fax()` `.file(FilePart)*.pages(i64).to(String)*` → `types::FaxResult`"
        ),
        "{api}"
    );
}

/// A body declared urlencoded and multipart is sent urlencoded unless its
/// file part is set; with `x-credentials-in-form`, the multipart form gets
/// the credentials as text parts and the client tells the runtime to put
/// them in urlencoded bodies too.
#[test]
fn form_or_multipart_operation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize");
    let spec = parse(&dir.join("form_or_multipart.yaml")).expect("valid");
    let files = codegen::generate(&spec, &FIXTURE).expect("generates");
    let (builder, ops, root) = (
        &concern(&files, "builder/other"),
        &concern(&files, "operations/other"),
        &concern(&files, "mod"),
    );
    let start = builder
        .find("///Builder for [`Client::send_message`]")
        .expect("the builder");
    insta::assert_snapshot!(format!(
        "{}\n{}",
        &ops[ops.find("impl Client").unwrap()..],
        &builder[start..]
    ));
    let flag = "fn credentials_in_form() -> bool {\n        true\n    }";
    assert!(root.contains(flag), "{root}");
    // Without the flag, nothing asks for the credentials in the body.
    let plain = parse(&dir.join("multipart.yaml")).expect("valid");
    let files = codegen::generate(&plain, &FIXTURE).expect("generates");
    for f in &files {
        assert!(
            !f.contents.contains("credentials_in_form"),
            "{}",
            f.path.display()
        );
        assert!(
            !f.contents.contains("multipart_credentials"),
            "{}",
            f.path.display()
        );
    }
}

/// Each diff rule on a pair of fixture specs, as the pull-request comment shows it.
#[test]
fn spec_diff_rules() {
    insta::glob!("fixtures/diff/*/new.yaml", |path| {
        let dir = path.parent().expect("case folder");
        let case = dir.file_name().and_then(|n| n.to_str()).expect("case name");
        let old = parse(&dir.join("old.yaml")).expect("old side parses");
        let new = parse(path).expect("new side parses");
        let changes = codegen::diff::diff(&old, &new);
        let md =
            codegen::diff::markdown("fixture", "specs/fixture.yaml", "main", "0.1.0", &changes);
        let json = serde_json::to_string_pretty(&changes).expect("serializable");
        if case == "done_when_four_changes" {
            assert_eq!(changes.len(), 4, "{md}");
        }
        if case == "no_changes" {
            assert!(changes.is_empty(), "{md}");
        }
        insta::assert_snapshot!(format!("{md}\n{json}"));
    });
}

/// The crates under `codegen/golden/`: each normalize fixture's whole
/// generated file set, in a crate of the workspace, so `cargo build` and
/// `cargo test --workspace` compile every golden. This test fails naming
/// each file that differs from what the generator writes now, is missing
/// or is left over; `UPDATE_GOLDENS=1 cargo test -p codegen --test fixtures
/// goldens` rewrites them.
#[test]
fn goldens_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the repository root")
        .to_path_buf();
    let update = std::env::var_os("UPDATE_GOLDENS").is_some();
    let mut expected: std::collections::BTreeMap<std::path::PathBuf, String> = Default::default();
    let fixtures = root.join("codegen/tests/fixtures/normalize");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .expect("the fixtures")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            Some(name.strip_suffix(".yaml")?.to_owned())
        })
        .collect();
    names.sort();
    for name in &names {
        let spec = parse(&fixtures.join(format!("{name}.yaml"))).expect("the fixture is valid");
        let crate_dir: &'static str = Box::leak(format!("codegen/golden/{name}").into_boxed_str());
        // As the provider crates are: one feature per area, all on by default.
        let provider = Provider {
            crate_dir,
            area_features: true,
            ..FIXTURE
        };
        for f in codegen::generate(&spec, &provider).expect("the fixture generates") {
            expected.insert(f.path, f.contents);
        }
        let features = codegen::cargo_features(&spec, &provider)
            .expect("the fixture generates")
            .expect("areas are features");
        let manifest = codegen::splice_features(&golden_manifest(name), &features)
            .expect("a [features] table");
        let dir = Path::new(crate_dir);
        expected.insert(dir.join("Cargo.toml"), manifest);
        expected.insert(dir.join("src/lib.rs"), golden_lib(name));
    }
    let mut present = Vec::new();
    files_under(&root.join("codegen/golden"), &mut present);
    let mut problems = Vec::new();
    for path in present {
        let rel = path
            .strip_prefix(&root)
            .expect("under the root")
            .to_path_buf();
        if !expected.contains_key(&rel) {
            if update {
                std::fs::remove_file(&path).expect("removable");
            } else {
                problems.push(format!("stray: {}", rel.display()));
            }
        }
    }
    for (rel, contents) in &expected {
        let path = root.join(rel);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(contents.as_str()) {
            continue;
        }
        if update {
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("creatable");
            std::fs::write(&path, contents).expect("writable");
        } else {
            problems.push(format!("stale or missing: {}", rel.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "the golden crates are out of date; run `UPDATE_GOLDENS=1 cargo test -p codegen --test fixtures goldens` and review the diff:\n{}",
        problems.join("\n")
    );
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The manifest of the golden crate of fixture `name`: the dependencies
/// of a provider crate, and its `mock` feature on by default so that the
/// typed mocks compile too.
fn golden_manifest(name: &str) -> String {
    format!(
        r#"# Written by `goldens_are_fresh` (codegen/tests/fixtures.rs) for the fixture
# codegen/tests/fixtures/normalize/{name}.yaml. Do not edit.
[package]
name = "golden-{package}"
version = "0.0.0"
description = "The generated output of the codegen fixture `{name}.yaml`, compiled by the workspace build."
edition.workspace = true
rust-version.workspace = true
license.workspace = true
publish = false

[lib]
test = false
doctest = false

[features]
default = ["mock", "full"]
mock = ["dep:httpmock", "client-runtime/mock"]

[dependencies]
client-runtime.workspace = true
reqwest = {{ workspace = true, features = ["multipart"] }}
serde.workspace = true
serde_json.workspace = true
chrono.workspace = true
futures-core.workspace = true
futures-util.workspace = true
httpmock = {{ workspace = true, optional = true }}

[lints]
workspace = true
"#,
        package = name.replace('_', "-")
    )
}

/// The `lib.rs` of a golden crate: the generated module wired as in a
/// provider crate, with missing documentation a warning as there.
fn golden_lib(name: &str) -> String {
    format!(
        r#"//! The generated output of the codegen fixture `{name}.yaml`, compiled so
//! that the golden is code that builds. Written by `goldens_are_fresh`
//! (codegen/tests/fixtures.rs); do not edit.
#![warn(missing_docs)]

#[rustfmt::skip]
#[allow(missing_debug_implementations, reason = "generated builders and mocks")]
#[allow(clippy::all, reason = "generated code")]
mod generated;

pub use generated::*;
"#
    )
}

/// Each item lands in the area of its operation's first tag, a type used
/// by two areas or by none in `common`, and `API.md` names the feature
/// of each area.
#[test]
fn areas_layout() {
    let spec = parse(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/normalize/areas.yaml")
            .as_path(),
    )
    .expect("valid");
    let provider = Provider {
        area_features: true,
        ..FIXTURE
    };
    let files = codegen::generate(&spec, &provider).expect("generates");
    let mut out = Vec::new();
    for f in &files {
        let defined: Vec<&str> = f
            .contents
            .lines()
            .filter(|l| {
                [
                    "pub struct ",
                    "pub enum ",
                    "pub fn ",
                    "    fn ",
                    "#[cfg(",
                    "mod ",
                    "pub use ",
                ]
                .iter()
                .any(|k| l.trim_start().starts_with(k))
            })
            .map(str::trim)
            .collect();
        out.push(format!("## {}\n{}", f.path.display(), defined.join("\n")));
    }
    let api = &files[0].contents;
    let ops =
        &api[api.find("## Operations").expect("operations")..api.find("## Types").expect("types")];
    insta::assert_snapshot!(format!("{}\n\n{ops}", out.join("\n\n")));
    let features = codegen::cargo_features(&spec, &provider)
        .expect("generates")
        .expect("areas are features");
    insta::assert_snapshot!("areas_features", features);
}

/// PortSIP's own OpenAPI 3.1 document (when it is beside the repository, as
/// in CI) loads through the 3.1 front end and generates a whole crate: every
/// operation of the document becomes a method.
#[test]
fn official_openapi_3_1_document() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/portsip-openapi-v22.json");
    let Ok(text) = std::fs::read_to_string(&doc) else {
        eprintln!("skipped: {} is not present", doc.display());
        return;
    };
    let spec = Spec::parse("portsip-openapi-v22.json", &text).expect("the 3.1 document loads");
    let operations: Vec<String> = spec
        .openapi
        .operations()
        .map(|(_, _, op)| op.operation_id.clone().expect("every operation has an id"))
        .collect();
    assert_eq!(operations.len(), 567);
    let provider = Provider {
        area_features: true,
        ..FIXTURE
    };
    let files = codegen::generate(&spec, &provider).expect("the document generates");
    let client: String = files
        .iter()
        .filter(|f| {
            f.path
                .starts_with("crates/fixture/src/generated/operations")
        })
        .map(|f| f.contents.as_str())
        .collect();
    let api = &files
        .iter()
        .find(|f| f.path.ends_with("API.md"))
        .expect("API.md")
        .contents;
    for id in &operations {
        let method = heck::AsSnakeCase(id).to_string();
        assert!(
            client.contains(&format!("pub fn {method}(")),
            "no method for `{id}`"
        );
        assert!(api.contains(&format!("`{method}(")), "API.md lacks `{id}`");
    }
}
