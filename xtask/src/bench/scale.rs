//! `cargo xtask bench --only scale`: PortSIP at two sizes, from one run.
//!
//! The small crate is today's spec cut down to the Tenant and Billing
//! operations (24, what the crate had before the whole document came in),
//! generated into a git worktree of this checkout under `target/bench`.
//! For both sizes: generation (in process, the spec loaded and the crate
//! generated), and the crate's own code in a clean debug build (its
//! dependencies built first, then `cargo clean -p portsip` and a rebuild),
//! with `full` and, for 567, with one tag's feature alone. OpenAPI
//! Generator's `rust` generator runs on PortSIP's official document
//! itself, and its crate is built the same way.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::{DEV_PROFILE, Ogen, Plan, Stats, cargo, quiet, run_logged, secs};

/// PortSIP's own OpenAPI document, beside the repository as in CI.
const OFFICIAL: &str = "../shared/reference/portsip-openapi-v22.json";

/// The tags the small crate keeps.
const SMALL_TAGS: &[&str] = &["Tenant", "Billing"];

/// One tag's feature alone: the largest tag, and a mid-sized one.
const ONE_TAG: &[&str] = &["user", "call_queue"];

/// One row of the scale table.
struct Row {
    what: String,
    value: Option<Stats>,
    note: String,
}

pub(super) fn run(root: &Path, out: &Path, plan: Plan, ogen: Option<&Ogen>) -> String {
    match scale(root, out, plan, ogen) {
        Ok(table) => table,
        Err(e) => {
            println!("  scale: not measured: {e:#}");
            format!("Scale: not measured ({e:#}).\n")
        }
    }
}

fn scale(root: &Path, out: &Path, plan: Plan, ogen: Option<&Ogen>) -> Result<String> {
    let p = codegen::provider("portsip").context("no portsip provider")?;
    let small = out.join("scale-24");
    println!(
        "  preparing the 24-operation worktree at {} …",
        small.display()
    );
    let _ = Command::new("git")
        .current_dir(root)
        .args(["worktree", "remove", "--force"])
        .arg(&small)
        .stderr(Stdio::null())
        .status();
    let _ = fs::remove_dir_all(&small);
    let added = Command::new("git")
        .current_dir(root)
        .args(["worktree", "add", "--detach", "--force"])
        .arg(&small)
        .arg("HEAD")
        .stdout(Stdio::null())
        .status()?;
    if !added.success() {
        bail!("git worktree add failed");
    }
    // The working tree's spec (what is measured), cut down.
    let full_text = fs::read_to_string(root.join(p.spec))?;
    let small_text = crate::import::only_tags(&full_text, SMALL_TAGS)?;
    fs::write(small.join(p.spec), &small_text)?;
    fs::copy(
        root.join(p.crate_dir).join("Cargo.toml"),
        small.join(p.crate_dir).join("Cargo.toml"),
    )?;
    let files = crate::codegen::generate(&small, p)?;
    crate::codegen::write(&small, p, &files)?;
    // The every-operation test and its snapshots are for 567 operations.
    let tests = small.join(p.crate_dir).join("tests/it");
    let main = fs::read_to_string(tests.join("main.rs"))?;
    fs::write(
        tests.join("main.rs"),
        main.replace("#[rustfmt::skip]\nmod every_operation;", "")
            .replace("mod every_operation_support;", ""),
    )?;

    let mut rows = Vec::new();
    // Generation, in process.
    let mut gen_small = Vec::new();
    let mut gen_full = Vec::new();
    // Operations in each spec, read from the first timed parse.
    let (mut n_small, mut n_full) = (0, 0);
    for run in 1..=plan.codegen_runs {
        print!("  generation {run}/{} … ", plan.codegen_runs);
        let _ = std::io::Write::flush(&mut std::io::stdout());
        for (text, into, n) in [
            (&small_text, &mut gen_small, &mut n_small),
            (&full_text, &mut gen_full, &mut n_full),
        ] {
            let started = Instant::now();
            let spec = codegen::Spec::parse(p.spec, text)?;
            let output = codegen::generate_crate(&spec, p)?;
            into.push(started.elapsed().as_secs_f64());
            drop(output);
            *n = spec.openapi.operations().count();
        }
        println!(
            "{} and {}",
            secs(gen_small[gen_small.len() - 1]),
            secs(gen_full[gen_full.len() - 1])
        );
    }
    let (gs, gf) = (Stats::of(gen_small), Stats::of(gen_full));
    rows.push(Row {
        what: format!("generation, {n_small} operations (Tenant, Billing)"),
        value: gs,
        note: String::new(),
    });
    rows.push(Row {
        what: format!("generation, {n_full} operations"),
        value: gf,
        note: growth(gs, gf, n_small, n_full),
    });

    // Own code, clean debug builds; one target directory, so the
    // dependencies are built once.
    let target = out.join("scale-build");
    let logs = out.join("build-logs");
    fs::create_dir_all(&logs)?;
    let own = |i: usize, dir: &Path, args: &[String]| {
        own_code(dir, &target, &logs, i, "portsip", &[], args, plan.own_runs)
    };
    let small_own = own(0, &small, &[]);
    let full = own(1, root, &[]);
    let full_own = full.map(|s| s.median);
    rows.push(Row {
        what: format!("own code, {n_small} operations, `full`"),
        value: small_own,
        note: String::new(),
    });
    rows.push(Row {
        what: format!("own code, {n_full} operations, `full`"),
        value: full,
        note: growth(small_own, full, n_small, n_full),
    });
    for (i, tag) in ONE_TAG.iter().enumerate() {
        let args = [
            "--no-default-features",
            "--features",
            &format!("rustls,{tag}"),
        ]
        .map(String::from);
        let alone = own(2 + i, root, &args);
        let note = match (alone, full_own) {
            (Some(a), Some(f)) => format!("{:.2}x of `full`", a.median / f),
            _ => String::new(),
        };
        rows.push(Row {
            what: format!("own code, {n_full} operations, `{tag}` alone"),
            value: alone,
            note,
        });
    }

    // OpenAPI Generator on the official document.
    if let Some(ogen) = ogen {
        let official = root.join(OFFICIAL);
        let dir = out.join("ogen-portsip-official");
        let mut times = Vec::new();
        let mut validated = String::new();
        for run in 0..=plan.ogen_runs {
            let _ = fs::remove_dir_all(&dir);
            let mut cmd = ogen.command();
            cmd.args(["generate", "-g", "rust", "-i"])
                .arg(&official)
                .arg("-o")
                .arg(&dir)
                .args(["--additional-properties=packageName=portsip_ogen"]);
            // The first run as a user would: with the document validated.
            if run > 0 {
                cmd.arg("--skip-validate-spec");
            }
            let log = logs.join("ogen-portsip-official.log");
            let _ = fs::remove_file(&log);
            let started = Instant::now();
            let ok = run_logged(&mut cmd, &log, &quiet).is_ok_and(|s| s.success());
            let wall = started.elapsed().as_secs_f64();
            if run == 0 {
                validated = if ok {
                    "the document passes its validation".into()
                } else {
                    let text = fs::read_to_string(&log).unwrap_or_default();
                    let errors: Vec<&str> = text
                        .lines()
                        .filter(|l| l.trim_start().starts_with("-attribute"))
                        .take(2)
                        .map(str::trim)
                        .collect();
                    format!(
                        "without `--skip-validate-spec` it refuses the document ({})",
                        errors.join("; ")
                    )
                };
                println!("  OpenAPI Generator, validating: {validated}");
            } else if ok {
                times.push(wall);
                println!(
                    "  OpenAPI Generator {run}/{}: {}",
                    plan.ogen_runs,
                    secs(wall)
                );
            } else {
                println!("  OpenAPI Generator failed; see {}", log.display());
                break;
            }
        }
        let lines = count_lines(&dir.join("src"));
        rows.push(Row {
            what: format!("OpenAPI Generator `rust`, {n_full} operations, generation"),
            value: Stats::of(times),
            note: format!("{validated}; {lines} lines of Rust with `--skip-validate-spec`"),
        });
        let manifest = dir.join("Cargo.toml");
        if manifest.is_file() {
            let text = fs::read_to_string(&manifest).unwrap_or_default();
            let _ = fs::write(&manifest, format!("{text}{DEV_PROFILE}"));
            let own = own_code(
                &dir,
                &out.join("scale-build-ogen"),
                &logs,
                9,
                "portsip_ogen",
                &["--manifest-path".into(), manifest.display().to_string()],
                &[],
                plan.own_runs,
            );
            let note = match (own, full_own) {
                (Some(o), Some(f)) => format!("ours with `full`: {:.2}x of this", f / o.median),
                (None, _) => {
                    let log = fs::read_to_string(logs.join("scale-portsip_ogen-9.log"))
                        .unwrap_or_default();
                    let errors = log.lines().filter(|l| l.starts_with("error[")).count();
                    format!(
                        "does not compile ({errors} errors); see target/bench/build-logs/scale-portsip_ogen-9.log"
                    )
                }
                _ => String::new(),
            };
            rows.push(Row {
                what: format!("OpenAPI Generator `rust`, {n_full} operations, own code"),
                value: own,
                note,
            });
        }
    }

    let mut table =
        String::from("| PortSIP | median | min–max | runs | note |\n|---|---|---|---|---|\n");
    for r in rows {
        let (m, range, n) = match r.value {
            Some(s) => (
                secs(s.median),
                format!("{}–{}", secs(s.min), secs(s.max)),
                s.n.to_string(),
            ),
            None => ("not measured".into(), String::new(), "0".into()),
        };
        let _ = writeln!(table, "| {} | {m} | {range} | {n} | {} |", r.what, r.note);
    }
    let _ = Command::new("git")
        .current_dir(root)
        .args(["worktree", "remove", "--force"])
        .arg(&small)
        .status();
    let _ = fs::remove_dir_all(&target);
    Ok(table)
}

/// "23.6x the operations, 41.0x the time (1.74x linear)".
fn growth(small: Option<Stats>, big: Option<Stats>, n_small: usize, n_big: usize) -> String {
    match (small, big) {
        (Some(s), Some(b)) => {
            let ops = n_big as f64 / n_small as f64;
            let time = b.median / s.median;
            format!(
                "{ops:.1}x the operations, {time:.1}x the time ({:.2}x of linear)",
                time / ops
            )
        }
        _ => String::new(),
    }
}

/// The crate's own code in a debug build: its dependencies are built
/// first, then `runs` times `cargo clean -p` and a timed rebuild.
#[allow(
    clippy::too_many_arguments,
    reason = "one call per row, each naming what differs"
)]
fn own_code(
    dir: &Path,
    target: &Path,
    logs: &Path,
    index: usize,
    package: &str,
    select: &[String],
    args: &[String],
    runs: usize,
) -> Option<Stats> {
    let build = || {
        let mut cmd = Command::new(cargo());
        cmd.current_dir(dir)
            .arg("build")
            .env("CARGO_TARGET_DIR", target);
        if select.is_empty() {
            cmd.args(["-p", package]);
        } else {
            cmd.args(select);
        }
        cmd.args(args);
        cmd
    };
    let tag = format!("{package}-{index}");
    let log = logs.join(format!("scale-{tag}.log"));
    let _ = fs::remove_file(&log);
    print!("  {tag} {}: dependencies … ", args.join(" "));
    let _ = std::io::Write::flush(&mut std::io::stdout());
    if !run_logged(&mut build(), &log, &quiet).is_ok_and(|s| s.success()) {
        println!("failed; see {}", log.display());
        return None;
    }
    let mut walls = Vec::new();
    for _ in 0..runs {
        let mut clean = Command::new(cargo());
        clean
            .current_dir(dir)
            .args(["clean", "-p", package])
            .env("CARGO_TARGET_DIR", target)
            .args(select)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if !clean.status().is_ok_and(|s| s.success()) {
            break;
        }
        let started = Instant::now();
        if !run_logged(&mut build(), &log, &quiet).is_ok_and(|s| s.success()) {
            break;
        }
        walls.push(started.elapsed().as_secs_f64());
    }
    println!(
        "own code {}",
        walls
            .iter()
            .map(|w| secs(*w))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Stats::of(walls)
}

fn count_lines(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                n += fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    n
}
