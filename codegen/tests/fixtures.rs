//! Fixture specs, one per rule, with snapshots of what each rule produces.

use std::path::Path;

use codegen::{FormStyle, Provider, Spec};

const FIXTURE: Provider = Provider {
    name: "fixture",
    spec: "specs/fixture.yaml",
    crate_dir: "crates/fixture",
    form_style: FormStyle::Standard,
    docs: &[],
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
        let limits = format!("{:?}", n.rate_limits);
        let enums: Vec<String> = n
            .open_enums
            .iter()
            .map(|e| format!("{}: {}", e.name, e.values.join(", ")))
            .collect();
        let repeatable: Vec<&str> = n.retry.idempotent().collect();
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
    let types = files
        .iter()
        .find(|f| f.path.ends_with("types.rs"))
        .expect("a types file");
    let start = types
        .contents
        .find("/**How calls are charged.")
        .expect("the enum is emitted");
    insta::assert_snapshot!(&types.contents[start..]);
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
    let types = files
        .iter()
        .find(|f| f.path.ends_with("types.rs"))
        .expect("a types file");
    let start = types
        .contents
        .find("///A number; the live API")
        .expect("the struct is emitted");
    let end = start
        + types.contents[start..]
            .find("\n}\n")
            .expect("the struct ends");
    let code = &types.contents[start..end + 2];
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
            "crates/fixture/src/generated/types.rs",
            "crates/fixture/src/generated/builder.rs",
            "crates/fixture/src/generated/operations.rs",
            "crates/fixture/src/generated/mock.rs",
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
        let builder = files
            .iter()
            .find(|f| f.path.ends_with("builder.rs"))
            .expect("builder file");
        lines.push(format!("# {name}"));
        lines.extend(
            builder
                .contents
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
    let builder = files
        .iter()
        .find(|f| f.path.ends_with("builder.rs"))
        .expect("builder file");
    let ops = files
        .iter()
        .find(|f| f.path.ends_with("operations.rs"))
        .expect("operations file");
    let start = builder
        .contents
        .find("///Builder for [`Client::send_fax`]")
        .expect("multipart builder");
    insta::assert_snapshot!(format!(
        "{}\n{}",
        &ops.contents[ops.contents.find("impl Client").unwrap()..],
        &builder.contents[start..]
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
    let file = |suffix: &str| {
        &files
            .iter()
            .find(|f| f.path.ends_with(suffix))
            .unwrap_or_else(|| panic!("no {suffix}"))
            .contents
    };
    let (builder, ops, root) = (file("builder.rs"), file("operations.rs"), file("mod.rs"));
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
