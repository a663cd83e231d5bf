//! `cargo xtask spec-diff`: the semantic API changelog of spec edits.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use codegen::diff::{Change, bump, diff, markdown};
use codegen::{PROVIDERS, Provider, Spec};
use serde::Serialize;

const USAGE: &str = "usage: cargo xtask spec-diff [--base REV] [PROVIDER...] [--format markdown|json] [--fail-on breaking]";

/// A spec that exists on one side only is compared with this one.
const EMPTY: &str = "openapi: 3.0.3\ninfo: {title: none, version: '0'}\npaths: {}\n";

#[derive(Serialize)]
struct Report<'a> {
    base: String,
    providers: Vec<ProviderReport<'a>>,
}

#[derive(Serialize)]
struct ProviderReport<'a> {
    provider: &'a str,
    spec: &'a str,
    version: String,
    next_version: String,
    bump: &'static str,
    breaking: bool,
    changes: Vec<Change>,
}

pub(crate) fn main(root: &Path, args: &[String]) -> Result<ExitCode> {
    let mut base = None;
    let mut json = false;
    let mut fail_on_breaking = false;
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--base" => base = Some(it.next().context("`--base` needs a revision")?.clone()),
            "--format" => match it.next().map(String::as_str) {
                Some("markdown") => json = false,
                Some("json") => json = true,
                other => bail!("`--format` takes markdown or json, not {other:?}\n{USAGE}"),
            },
            "--fail-on" => match it.next().map(String::as_str) {
                Some("breaking") => fail_on_breaking = true,
                other => bail!("`--fail-on` takes `breaking`, not {other:?}\n{USAGE}"),
            },
            flag if flag.starts_with('-') => bail!("unknown flag `{flag}`\n{USAGE}"),
            name => names.push(name.to_owned()),
        }
    }
    let providers: Vec<&Provider> = if names.is_empty() {
        PROVIDERS.iter().collect()
    } else {
        names
            .iter()
            .map(|n| codegen::provider(n).with_context(|| format!("unknown provider `{n}`")))
            .collect::<Result<_>>()?
    };
    let base = match base {
        Some(b) => b,
        None => default_base(root)?,
    };

    let mut report = Report {
        base: base.clone(),
        providers: Vec::new(),
    };
    for p in providers {
        let old_text = git_show(root, &base, p.spec)?.unwrap_or_else(|| EMPTY.to_owned());
        let old = Spec::parse(format!("{}@{base}", p.spec), &old_text)?;
        let new = Spec::load(root, Path::new(p.spec))?;
        let changes = diff(&old, &new);
        let version = crate_version(root, p)?;
        let (next, level) = bump(&version, &changes);
        report.providers.push(ProviderReport {
            provider: p.name,
            spec: p.spec,
            breaking: changes.iter().any(|c| c.breaking),
            version,
            next_version: next,
            bump: level,
            changes,
        });
    }

    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("## API changes since `{base}`\n");
        for p in &report.providers {
            println!(
                "{}",
                markdown(p.provider, p.spec, &base, &p.version, &p.changes)
            );
        }
    }
    let breaking = report.providers.iter().any(|p| p.breaking);
    Ok(if fail_on_breaking && breaking {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The merge-base with `main`, or `HEAD~1` when `main` is checked out.
fn default_base(root: &Path) -> Result<String> {
    let branch = git(root, &["rev-parse", "--abbrev-ref", "HEAD"])?;
    if branch == "main" || git(root, &["rev-parse", "--verify", "main"]).is_err() {
        return Ok("HEAD~1".into());
    }
    git(root, &["merge-base", "HEAD", "main"])
}

fn git(root: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The spec's text at `rev`, or `None` if it did not exist there.
fn git_show(root: &Path, rev: &str, path: &str) -> Result<Option<String>> {
    git(
        root,
        &["rev-parse", "--verify", &format!("{rev}^{{commit}}")],
    )
    .with_context(|| format!("`{rev}` is not a revision of this repository"))?;
    let out = Command::new("git")
        .args(["show", &format!("{rev}:{path}")])
        .current_dir(root)
        .output()
        .context("cannot run git")?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// The `version` in the provider crate's manifest.
fn crate_version(root: &Path, p: &Provider) -> Result<String> {
    let manifest = std::fs::read_to_string(root.join(p.crate_dir).join("Cargo.toml"))
        .with_context(|| format!("cannot read {}/Cargo.toml", p.crate_dir))?;
    manifest
        .lines()
        .find_map(|l| {
            l.strip_prefix("version = \"")?
                .strip_suffix('"')
                .map(str::to_owned)
        })
        .with_context(|| format!("{}/Cargo.toml has no version", p.crate_dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(root: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A branch that removes an operation, adds a required parameter,
    /// retypes a response field and adds an enum value: four changes, three
    /// breaking, and `--fail-on breaking` fails.
    #[test]
    fn reports_the_four_changes_of_a_branch() {
        let tmp = std::env::temp_dir().join(format!("xtask-spec-diff-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let p = &PROVIDERS[0];
        let fixture = crate::repo_root().join("codegen/tests/fixtures/diff/done_when_four_changes");
        std::fs::create_dir_all(tmp.join("specs")).unwrap();
        std::fs::create_dir_all(tmp.join(p.crate_dir)).unwrap();
        std::fs::write(
            tmp.join(p.crate_dir).join("Cargo.toml"),
            "[package]\nversion = \"0.3.1\"\n",
        )
        .unwrap();
        std::fs::copy(fixture.join("old.yaml"), tmp.join(p.spec)).unwrap();
        run(&tmp, &["init", "-q", "-b", "main"]);
        run(
            &tmp,
            &["-c", "user.name=t", "-c", "user.email=t@t", "add", "."],
        );
        run(
            &tmp,
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "-qm",
                "base",
            ],
        );
        run(&tmp, &["checkout", "-qb", "edit"]);
        std::fs::copy(fixture.join("new.yaml"), tmp.join(p.spec)).unwrap();

        // The merge-base with main is the default base.
        assert_eq!(
            default_base(&tmp).unwrap(),
            git(&tmp, &["rev-parse", "main"]).unwrap()
        );
        let args: Vec<String> = [p.name, "--fail-on", "breaking"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(main(&tmp, &args).unwrap(), ExitCode::FAILURE);
        let quiet: Vec<String> = [p.name, "--format", "json"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(main(&tmp, &quiet).unwrap(), ExitCode::SUCCESS);

        let old = Spec::parse("old", &git_show(&tmp, "main", p.spec).unwrap().unwrap()).unwrap();
        let new = Spec::load(&tmp, Path::new(p.spec)).unwrap();
        let changes = diff(&old, &new);
        let kinds: Vec<(String, bool)> = changes
            .iter()
            .map(|c| (serde_json::to_string(&c.kind).unwrap(), c.breaking))
            .collect();
        assert_eq!(
            kinds,
            [
                ("\"operation_removed\"".to_string(), true),
                ("\"parameter_added\"".to_string(), true),
                ("\"field_retyped\"".to_string(), true),
                ("\"enum_value_added\"".to_string(), false),
            ]
        );
        assert_eq!(bump(&crate_version(&tmp, p).unwrap(), &changes).0, "0.4.0");
        assert!(git_show(&tmp, "main", "specs/none.yaml").unwrap().is_none());
        assert!(git_show(&tmp, "no-such-rev", p.spec).is_err());
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
