//! `cargo xtask bench [--quick] [--only STEP]`: the benchmark suite in one
//! command. It installs OpenAPI Generator (bench/setup.sh), runs the
//! criterion runtime benchmarks (crates/benchmarks), times code generation
//! against OpenAPI Generator, measures clean debug builds of every provider
//! crate and of OpenAPI Generator's crate for the same spec, and writes the
//! results table into BENCHMARKS.md between its markers.
//!
//! Every step logs under target/bench/ and clean builds use their own target
//! directories there, so the shared target directory is never cleaned. A
//! step that cannot run (no Java, no pip) says what is missing and its rows
//! read "not measured"; the other steps go on.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use codegen::PROVIDERS;

const BEGIN: &str = "<!-- bench:begin -->";
const END: &str = "<!-- bench:end -->";
const STEPS: usize = 5;

/// Repetitions of each timed process.
#[derive(Clone, Copy, Debug)]
struct Plan {
    quick: bool,
    /// Runs of our generator.
    codegen_runs: usize,
    /// Runs of OpenAPI Generator (a JVM start each: slower).
    ogen_runs: usize,
    /// Clean builds of each crate.
    build_runs: usize,
    /// Rebuilds of a crate's own code after its dependencies are built.
    own_runs: usize,
}

impl Plan {
    fn new(quick: bool) -> Self {
        if quick {
            Plan {
                quick,
                codegen_runs: 3,
                ogen_runs: 2,
                build_runs: 1,
                own_runs: 1,
            }
        } else {
            Plan {
                quick,
                codegen_runs: 10,
                ogen_runs: 5,
                build_runs: 3,
                own_runs: 3,
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Runtime,
    Generation,
    Compile,
    /// PortSIP at 24 and 567 operations; only when asked for by name.
    Scale,
}

mod scale;

pub(crate) fn main(root: &Path, args: &[String]) -> Result<ExitCode> {
    let mut quick = false;
    let mut only: Vec<Step> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => quick = true,
            "--only" => {
                let step = it.next().context("`--only` needs a step")?;
                only.push(match step.as_str() {
                    "runtime" => Step::Runtime,
                    "generation" => Step::Generation,
                    "compile" => Step::Compile,
                    "scale" => Step::Scale,
                    other => bail!("unknown step `{other}` (runtime, generation, compile, scale)"),
                });
            }
            other => bail!("unknown argument `{other}` (expected `--quick` or `--only STEP`)"),
        }
    }
    let wants = |s: Step| (only.is_empty() && s != Step::Scale) || only.contains(&s);
    let plan = Plan::new(quick);
    let out = root.join("target/bench");
    fs::create_dir_all(&out).context("creating target/bench")?;
    let started = Instant::now();
    let load_at_start = load_average();
    println!(
        "bench: {} run; logs and outputs under {}",
        if quick { "quick" } else { "full" },
        out.display()
    );

    progress(1, "OpenAPI Generator setup (bench/setup.sh)");
    let ogen = if wants(Step::Generation) || wants(Step::Compile) || wants(Step::Scale) {
        setup_ogen(root, &out)
    } else {
        skipped();
        Err("not requested".into())
    };

    progress(
        2,
        "criterion runtime benchmarks (cargo bench -p benchmarks)",
    );
    let (runtime, paired) = if wants(Step::Runtime) {
        (
            run_criterion(root, &out, plan),
            run_paired(root, &out, plan),
        )
    } else {
        skipped();
        (None, Paired::new())
    };

    progress(
        3,
        "generation benchmark (cargo xtask codegen vs OpenAPI Generator)",
    );
    let generation = if wants(Step::Generation) {
        generation(root, &out, plan, ogen.as_ref().ok())
    } else {
        skipped();
        Generation::default()
    };

    progress(4, "compile-cost report (clean debug builds)");
    let builds = if wants(Step::Compile) {
        compile_costs(root, &out, plan, ogen.is_ok())
    } else {
        skipped();
        Vec::new()
    };

    if wants(Step::Scale) {
        println!("\n[scale] PortSIP at 24 and at 567 operations");
        let table = scale::run(root, &out, plan, ogen.as_ref().ok());
        let path = out.join("scale.md");
        fs::write(&path, &table).context("writing target/bench/scale.md")?;
        println!("{table}\n  scale table in {}", path.display());
    }

    progress(5, "results table");
    let mut machine = Machine::probe(ogen.as_ref().ok());
    machine.load = format!(
        "{load_at_start} at the start, {} at the end",
        load_average()
    );
    let table = render(
        &machine,
        plan,
        runtime.as_ref(),
        &paired,
        &generation,
        &builds,
        ogen.as_ref().err(),
    );
    let report = out.join("report.md");
    fs::write(&report, &table).context("writing target/bench/report.md")?;
    if only.is_empty() {
        write_between_markers(&root.join("BENCHMARKS.md"), &table)?;
        println!(
            "  wrote the table into BENCHMARKS.md (and {})",
            report.display()
        );
    } else {
        println!(
            "  --only: BENCHMARKS.md left as it is; table in {}",
            report.display()
        );
    }
    println!("bench: done in {}", secs(started.elapsed().as_secs_f64()));
    Ok(ExitCode::SUCCESS)
}

fn progress(n: usize, what: &str) {
    println!("[{n}/{STEPS}] {what} …");
}

fn skipped() {
    println!("  skipped (--only)");
}

// ---------------------------------------------------------------- helpers

/// Runs `cmd` with its output appended to `log`; lines for which `echo`
/// returns text are also printed, indented.
fn run_logged(
    cmd: &mut Command,
    log: &Path,
    echo: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Result<ExitStatus> {
    let file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .with_context(|| format!("opening {}", log.display()))?;
    let file = Mutex::new(file);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {cmd:?}"))?;
    let stdout = child.stdout.take().context("stdout")?;
    let stderr = child.stderr.take().context("stderr")?;
    let pump = |stream: &mut dyn std::io::Read| {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Ok(mut f) = file.lock() {
                let _ = writeln!(f, "{line}");
            }
            if let Some(text) = echo(&line) {
                println!("  {text}");
            }
        }
    };
    std::thread::scope(|s| {
        let mut out = stdout;
        let mut err = stderr;
        s.spawn(move || pump(&mut out));
        s.spawn(move || pump(&mut err));
    });
    Ok(child.wait()?)
}

fn quiet(_: &str) -> Option<String> {
    None
}

/// Median, minimum and maximum of repeated measurements (seconds, or any
/// unit the caller keeps to).
#[derive(Clone, Copy, Debug)]
struct Stats {
    median: f64,
    min: f64,
    max: f64,
    n: usize,
}

impl Stats {
    fn of(mut values: Vec<f64>) -> Option<Stats> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        };
        Some(Stats {
            median,
            min: values[0],
            max: values[n - 1],
            n,
        })
    }
}

fn secs(s: f64) -> String {
    if s >= 60.0 {
        format!("{}m{:04.1}s", (s / 60.0).floor(), s % 60.0)
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else {
        format!("{:.0} ms", s * 1e3)
    }
}

fn nanos(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn stats_cell(s: Option<Stats>, fmt: fn(f64) -> String) -> String {
    match s {
        Some(s) if s.n > 1 => format!("{} ({}–{})", fmt(s.median), fmt(s.min), fmt(s.max)),
        Some(s) => format!("{} (1 run)", fmt(s.median)),
        None => "not measured".into(),
    }
}

fn ratio(num: Option<Stats>, den: Option<Stats>) -> Option<f64> {
    match (num, den) {
        (Some(a), Some(b)) if b.median > 0.0 => Some(a.median / b.median),
        _ => None,
    }
}

fn ratio_cell(r: Option<f64>) -> String {
    r.map_or_else(|| "n/a".into(), |r| format!("{r:.2}×"))
}

/// `met`/`missed` against a target the ratio must stay at or under.
fn verdict_at_most(r: Option<f64>, limit: f64) -> &'static str {
    match r {
        Some(r) if r <= limit => "met",
        Some(_) => "missed",
        None => "not measured",
    }
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n    ")
}

fn openapi_providers(root: &Path) -> Vec<&'static str> {
    PROVIDERS
        .iter()
        .filter(|p| {
            fs::read_to_string(root.join(p.spec))
                .map(|s| s.lines().any(|l| l.starts_with("openapi:")))
                .unwrap_or(false)
        })
        .map(|p| p.name)
        .collect()
}

// ------------------------------------------------------ OpenAPI Generator

/// How to start OpenAPI Generator.
#[derive(Debug)]
struct Ogen {
    /// `java -jar <jar>` (the jar the PyPI wheel ships), or the wrapper.
    program: Vec<String>,
    version: String,
}

impl Ogen {
    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program[0]);
        cmd.args(&self.program[1..]);
        cmd
    }
}

fn setup_ogen(root: &Path, out: &Path) -> Result<Ogen, String> {
    let log = out.join("setup.log");
    let _ = fs::remove_file(&log);
    let status = run_logged(
        Command::new("bash").arg(root.join("bench/setup.sh")),
        &log,
        &|line| line.starts_with("setup:").then(|| line.to_owned()),
    );
    match status {
        Ok(s) if s.success() => {}
        Ok(_) => {
            let why = tail(&log, 1);
            if !why.starts_with("setup:") {
                println!("  {why}");
            }
            println!(
                "  OpenAPI Generator unavailable: its rows will read \"not measured\"; the other steps go on"
            );
            return Err(why);
        }
        Err(e) => {
            println!(
                "  cannot run bench/setup.sh ({e:#}); OpenAPI Generator rows will read \"not measured\""
            );
            return Err(format!("{e:#}"));
        }
    }
    let version = fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .last()
        .unwrap_or("?")
        .trim()
        .to_owned();
    let venv = out.join("venv");
    let jar = fs::read_dir(venv.join("lib"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            e.path()
                .join("site-packages/openapi_generator_cli/openapi-generator.jar")
        })
        .find(|p| p.is_file());
    let program = match jar {
        Some(jar) => vec!["java".into(), "-jar".into(), jar.display().to_string()],
        None => vec![venv.join("bin/openapi-generator-cli").display().to_string()],
    };
    println!("  OpenAPI Generator {version} ready: {}", program.join(" "));
    Ok(Ogen { program, version })
}

// ------------------------------------------------------------- criterion

/// (group, function) pairs the bench writes, as the table uses them.
const CALLS: &[(&str, &str)] = &[
    (
        "portsip `get_tenant_status`",
        "call_portsip_get_tenant_status",
    ),
    (
        "skyetel `get_tenant_features`",
        "call_skyetel_get_tenant_features",
    ),
    (
        "voicemeup `get_account_details`",
        "call_voicemeup_get_account_details",
    ),
    (
        "callr `system.get_timestamp` (JSON-RPC)",
        "call_callr_system_get_timestamp",
    ),
];
const DECODES: &[(&str, &str)] = &[
    (
        "Skyetel: 10,000 `PhoneNumber`s",
        "decode_skyetel_phonenumbers_10k",
    ),
    (
        "PortSIP: `CallRateList` of 10,000",
        "decode_portsip_call_rates_10k",
    ),
    (
        "CALLR: `SearchResults` with 10,000 hits",
        "decode_callr_search_10k",
    ),
];
const ENCODES: &[(&str, &str)] = &[
    (
        "Skyetel order form, 1,000 numbers (`encode::Form`)",
        "encode_skyetel_order_form_1000",
    ),
    (
        "deepObject query, `page[..]` + 50 `filter[..]` keys (`encode::DeepObject`)",
        "encode_deep_object_query_50",
    ),
];

/// Criterion's estimate for one benchmark: median of the per-iteration
/// times, min and max over the samples (nanoseconds).
type Estimates = std::collections::BTreeMap<String, Stats>;

fn criterion_dir(root: &Path) -> PathBuf {
    root.join("target/criterion")
}

fn run_criterion(root: &Path, out: &Path, plan: Plan) -> Option<Estimates> {
    let dir = criterion_dir(root);
    let groups = CALLS.iter().chain(DECODES).chain(ENCODES);
    for (_, group) in groups.clone() {
        // Stale estimates must not stand in for a benchmark that failed.
        let _ = fs::remove_dir_all(dir.join(group));
    }
    let log = out.join("criterion.log");
    let _ = fs::remove_file(&log);
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args(["bench", "-p", "benchmarks", "--bench", "runtime"])
        .env("CRITERION_HOME", &dir);
    if plan.quick {
        cmd.env("BENCH_QUICK", "1");
    }
    let last_name = Mutex::new(String::new());
    let echo = |line: &str| -> Option<String> {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("Compiling benchmarks") {
            return Some(format!("compiling benchmarks{rest}"));
        }
        if t.starts_with("Benchmarking") {
            return None;
        }
        if t.starts_with("Finished") || t.starts_with("error") {
            return Some(t.to_owned());
        }
        let is_name = ["call_", "decode_", "encode_"]
            .iter()
            .any(|p| t.starts_with(p))
            && !t.contains(' ');
        if is_name {
            *last_name.lock().ok()? = t.to_owned();
            return None;
        }
        if let Some(pos) = t.find("time:") {
            let name = last_name.lock().ok()?.clone();
            let (head, times) = t.split_at(pos);
            let head = head.trim();
            let name = if head.is_empty() {
                name
            } else {
                head.to_owned()
            };
            return Some(format!("{name:<58} {times}"));
        }
        None
    };
    match run_logged(&mut cmd, &log, &echo) {
        Ok(s) if s.success() => {}
        Ok(_) => {
            println!(
                "  cargo bench failed; see {}:\n    {}",
                log.display(),
                tail(&log, 8)
            );
        }
        Err(e) => {
            println!("  cannot run cargo bench: {e:#}");
            return None;
        }
    }
    let mut estimates = Estimates::new();
    for (_, group) in groups {
        let Ok(entries) = fs::read_dir(dir.join(group)) else {
            continue;
        };
        for e in entries.flatten() {
            let function = e.file_name().to_string_lossy().into_owned();
            if let Some(s) = read_criterion(&e.path().join("new")) {
                estimates.insert(format!("{group}/{function}"), s);
            }
        }
    }
    println!(
        "  {} estimates read from {}",
        estimates.len(),
        dir.display()
    );
    Some(estimates)
}

/// Median from `estimates.json`; min and max of the per-iteration time of
/// each sample from `sample.json`.
/// One paired measurement (`crates/benchmarks/examples/paired.rs`): the
/// median of the per-round ratios generated ÷ hand-written, its quartiles,
/// the rounds, and each side's median time per call (ns).
#[derive(Clone, Copy, Debug)]
struct PairedRatio {
    median: f64,
    q1: f64,
    q3: f64,
    rounds: usize,
    ours_ns: f64,
    theirs_ns: f64,
}

type Paired = std::collections::BTreeMap<String, PairedRatio>;

/// A paired ratio as a table cell: median (quartiles, rounds; each side's
/// median time).
fn paired_cell(p: Option<&PairedRatio>) -> String {
    p.map_or("not measured".to_owned(), |p| {
        format!(
            "{:.2}× ({:.2}–{:.2}, {} rounds; {} vs {})",
            p.median,
            p.q1,
            p.q3,
            p.rounds,
            nanos(p.ours_ns),
            nanos(p.theirs_ns)
        )
    })
}

/// One `paired …` line of the example's output.
fn parse_paired(line: &str) -> Option<(String, PairedRatio)> {
    let mut f = line.split_whitespace();
    if f.next()? != "paired" {
        return None;
    }
    let group = f.next()?.to_owned();
    let mut num = || f.next()?.parse::<f64>().ok();
    let r = PairedRatio {
        median: num()?,
        q1: num()?,
        q3: num()?,
        rounds: num()? as usize,
        ours_ns: num()?,
        theirs_ns: num()?,
    };
    Some((group, r))
}

/// Runs the paired per-call measurement (release build of the example).
fn run_paired(root: &Path, out: &Path, plan: Plan) -> Paired {
    let log = out.join("paired.log");
    let _ = fs::remove_file(&log);
    println!("  paired per-call rounds (cargo run --release --example paired) …");
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root).args([
        "run",
        "--release",
        "-p",
        "benchmarks",
        "--example",
        "paired",
    ]);
    if plan.quick {
        cmd.env("BENCH_QUICK", "1");
    }
    let echo = |line: &str| line.starts_with("paired ").then(|| line.to_owned());
    match run_logged(&mut cmd, &log, &echo) {
        Ok(s) if s.success() => {}
        _ => {
            println!(
                "  the paired measurement failed; see {}:\n    {}",
                log.display(),
                tail(&log, 8)
            );
            return Paired::new();
        }
    }
    fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .filter_map(parse_paired)
        .collect()
}

fn read_criterion(dir: &Path) -> Option<Stats> {
    let read = |name: &str| -> Option<serde_json::Value> {
        serde_json::from_str(&fs::read_to_string(dir.join(name)).ok()?).ok()
    };
    let estimates = read("estimates.json")?;
    let median = estimates.pointer("/median/point_estimate")?.as_f64()?;
    let sample = read("sample.json")?;
    let iters = sample.get("iters")?.as_array()?;
    let times = sample.get("times")?.as_array()?;
    let per_iter: Vec<f64> = iters
        .iter()
        .zip(times)
        .filter_map(|(i, t)| Some(t.as_f64()? / i.as_f64()?))
        .collect();
    let spread = Stats::of(per_iter)?;
    Some(Stats {
        median,
        min: spread.min,
        max: spread.max,
        n: spread.n,
    })
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

// ------------------------------------------------------------ generation

#[derive(Debug, Default)]
struct Generation {
    /// `xtask codegen` for every spec.
    ours_all: Option<Stats>,
    /// `xtask codegen` for the OpenAPI specs only.
    ours_openapi: Option<Stats>,
    /// The xtask command timed.
    command: String,
    /// OpenAPI Generator, one `generate` process per spec, summed.
    ogen_each: Option<Stats>,
    /// OpenAPI Generator, one `batch` process for all specs.
    ogen_batch: Option<Stats>,
    openapi: Vec<&'static str>,
    notes: Vec<String>,
}

fn time_process(cmd: &mut Command, must_succeed: bool) -> Result<f64> {
    let started = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("starting {cmd:?}"))?;
    let elapsed = started.elapsed().as_secs_f64();
    if must_succeed && !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(elapsed)
}

fn generation(root: &Path, out: &Path, plan: Plan, ogen: Option<&Ogen>) -> Generation {
    let mut g = Generation {
        openapi: openapi_providers(root),
        ..Generation::default()
    };
    // Our side: the release xtask binary, built in its own target directory.
    let target = out.join("xtask-release");
    let log = out.join("xtask-release.log");
    let _ = fs::remove_file(&log);
    println!("  building the release xtask binary (target/bench/xtask-release) …");
    let built = run_logged(
        Command::new(cargo())
            .current_dir(root)
            .args(["build", "--release", "-p", "xtask"])
            .env("CARGO_TARGET_DIR", &target),
        &log,
        &quiet,
    );
    let xtask = target
        .join("release")
        .join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    match built {
        Ok(s) if s.success() && xtask.is_file() => {
            // `codegen` writes nothing when the tree is fresh; when it is not
            // (work in progress), time `--check`, which generates the same
            // and compares, so the benchmark never rewrites sources.
            let fresh = Command::new(&xtask)
                .args(["codegen", "--check"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            let base: Vec<&str> = if fresh {
                vec!["codegen"]
            } else {
                g.notes.push(
                    "the generated sources differed from the specs, so `codegen --check` \
                     (same generation, no writes) was timed instead of `codegen`"
                        .into(),
                );
                vec!["codegen", "--check"]
            };
            g.command = base.join(" ");
            let mut openapi_args = base.clone();
            openapi_args.extend(g.openapi.iter().copied());
            for (label, args, slot) in [
                ("all specs", base.clone(), &mut g.ours_all),
                ("OpenAPI specs", openapi_args, &mut g.ours_openapi),
            ] {
                let run = || time_process(Command::new(&xtask).args(&args), fresh);
                let _ = run(); // warm-up: page cache, not counted
                let times: Result<Vec<f64>> = (0..plan.codegen_runs).map(|_| run()).collect();
                match times {
                    Ok(t) => {
                        *slot = Stats::of(t);
                        println!(
                            "  xtask {} ({label}): {}",
                            args.join(" "),
                            stats_cell(*slot, secs)
                        );
                    }
                    Err(e) => println!("  xtask {} failed: {e:#}", args.join(" ")),
                }
            }
        }
        _ => println!(
            "  building xtask failed; see {}:\n    {}",
            log.display(),
            tail(&log, 8)
        ),
    }

    // OpenAPI Generator's `rust` generator on the same OpenAPI specs.
    let Some(ogen) = ogen else {
        println!("  OpenAPI Generator not available: its rows read \"not measured\"");
        return g;
    };
    let ogen_out = out.join("ogen");
    let batch_dir = out.join("ogen-batch");
    let _ = fs::create_dir_all(&batch_dir);
    let log = out.join("ogen-generate.log");
    let _ = fs::remove_file(&log);
    let generate = |p: &str| {
        let mut cmd = ogen.command();
        cmd.args(["generate", "-g", "rust", "-i"])
            .arg(root.join(format!("specs/{p}.yaml")))
            .arg("-o")
            .arg(ogen_out.join(p))
            .args(["--package-name", &format!("{p}_ogen")]);
        cmd
    };
    // Once with the output logged (and checked), then timed.
    for p in &g.openapi {
        match run_logged(&mut generate(p), &log, &quiet) {
            Ok(s) if s.success() => {}
            _ => {
                println!(
                    "  OpenAPI Generator failed on specs/{p}.yaml; see {}",
                    log.display()
                );
                g.notes
                    .push(format!("OpenAPI Generator failed on specs/{p}.yaml"));
                return g;
            }
        }
    }
    let each: Result<Vec<f64>> = (0..plan.ogen_runs)
        .map(|_| {
            g.openapi
                .iter()
                .map(|p| time_process(&mut generate(p), true))
                .sum::<Result<f64>>()
        })
        .collect();
    match each {
        Ok(t) => {
            g.ogen_each = Stats::of(t);
            println!(
                "  OpenAPI Generator, one `generate` per spec: {}",
                stats_cell(g.ogen_each, secs)
            );
        }
        Err(e) => println!("  OpenAPI Generator `generate` failed: {e:#}"),
    }
    let mut configs = Vec::new();
    for p in &g.openapi {
        let config = batch_dir.join(format!("{p}.yaml"));
        let text = format!(
            "generatorName: rust\ninputSpec: {}\noutputDir: {}\nadditionalProperties:\n  packageName: {p}_ogen\n",
            root.join(format!("specs/{p}.yaml")).display(),
            ogen_out.join(p).display()
        );
        if fs::write(&config, text).is_ok() {
            configs.push(config);
        }
    }
    let batch: Result<Vec<f64>> = (0..plan.ogen_runs)
        .map(|_| {
            let mut cmd = ogen.command();
            cmd.arg("batch").args(&configs);
            time_process(&mut cmd, true)
        })
        .collect();
    match batch {
        Ok(t) => {
            g.ogen_batch = Stats::of(t);
            println!(
                "  OpenAPI Generator, one `batch` for all: {}",
                stats_cell(g.ogen_batch, secs)
            );
        }
        Err(e) => println!("  OpenAPI Generator `batch` failed: {e:#}"),
    }
    g
}

// --------------------------------------------------------------- compile

/// One crate built clean.
#[derive(Debug)]
struct Build {
    /// Package name.
    name: String,
    /// What the row shows besides the name (features).
    variant: &'static str,
    /// Provider it stands for.
    provider: &'static str,
    /// Ours, or OpenAPI Generator's.
    ogen: bool,
    /// Wall time of the successful builds.
    wall: Option<Stats>,
    /// Wall time of rebuilding the crate's own code alone: `cargo clean -p`
    /// of the crate, then `cargo build` with its dependencies already built.
    own: Option<Stats>,
    /// Wall time until a failed build stopped (a lower bound of its cost).
    failed_after: Option<Stats>,
    /// Compile errors of a failed build.
    errors: Option<usize>,
    /// Peak resident set size of the largest single process (KiB), the
    /// highest over the runs.
    peak_rss_kb: Option<u64>,
    /// Unique `name version` pairs in `cargo tree -e normal,build`.
    crates: Option<usize>,
    /// `Compiling` lines of the clean build.
    compiled: Option<usize>,
    note: Option<String>,
}

/// The `[profile.dev]` of this workspace, given to OpenAPI Generator's
/// crate too, so both build with the same settings.
const DEV_PROFILE: &str = "\n# Added by `cargo xtask bench`: a workspace of its own, and the dev\n# profile of telephony-rs, so both sides build the same way.\n[workspace]\n\n[profile.dev]\ndebug = \"line-tables-only\"\n\n[profile.dev.package.\"*\"]\ndebug = false\n";

/// Default features (the measured row), native-tls (the TLS stack OpenAPI
/// Generator's crates use by default, to show what the TLS choice costs).
const NATIVE_TLS: &str = "native-tls instead of the default rustls";

/// One area feature per provider crate, built alone (`--no-default-features
/// --features rustls,<area>`): what a user of that area compiles.
const ONE_AREA: &[(&str, &str)] = &[
    ("portsip", "tenant"),
    ("skyetel", "phone_numbers"),
    ("voicemeup", "dids"),
    ("callr", "sms"),
];

/// A crate to build: package, variant, provider, OpenAPI Generator's crate
/// directory (none for ours), extra cargo arguments, clean builds to time.
type Target = (
    String,
    &'static str,
    &'static str,
    Option<PathBuf>,
    Vec<String>,
    usize,
);

fn compile_costs(root: &Path, out: &Path, plan: Plan, ogen_ready: bool) -> Vec<Build> {
    let time_bin = Path::new("/usr/bin/time");
    let have_time = time_bin.is_file();
    if !have_time {
        println!("  /usr/bin/time (GNU time) not found: peak memory will read \"not measured\"");
    }
    let logs = out.join("build-logs");
    let _ = fs::create_dir_all(&logs);
    let mut builds = Vec::new();

    // Everything is downloaded first so no build time is network time.
    let fetch_log = logs.join("fetch.log");
    let _ = fs::remove_file(&fetch_log);
    let _ = run_logged(
        Command::new(cargo()).current_dir(root).arg("fetch"),
        &fetch_log,
        &quiet,
    );

    let openapi = openapi_providers(root);
    let mut targets: Vec<Target> = PROVIDERS
        .iter()
        .map(|p| {
            let runs = plan.build_runs;
            (p.name.to_owned(), "", p.name, None, Vec::new(), runs)
        })
        .collect();
    for p in &openapi {
        let dir = out.join("ogen").join(p);
        let runs = plan.build_runs;
        targets.push((format!("{p}_ogen"), "", p, Some(dir), Vec::new(), runs));
    }
    // One area alone, and the other TLS stack: one clean build each (their
    // dependencies are nearly the same as the default row's), then the
    // crate's own code timed like every row's.
    for (p, area) in ONE_AREA {
        if let Some(p) = PROVIDERS.iter().find(|q| q.name == *p) {
            let args = vec![
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                format!("rustls,{area}"),
            ];
            targets.push((p.name.to_owned(), area, p.name, None, args, 1));
        }
    }
    for p in &openapi {
        // `full` too: without default features a crate has no area at all.
        let args = ["--no-default-features", "--features", "native-tls,full"].map(String::from);
        targets.push((p.to_string(), NATIVE_TLS, p, None, args.to_vec(), 1));
    }

    for (name, variant, provider, dir, extra, runs) in targets {
        let ogen = dir.is_some();
        let mut b = Build {
            name: name.clone(),
            variant,
            provider,
            ogen,
            wall: None,
            own: None,
            failed_after: None,
            errors: None,
            peak_rss_kb: None,
            crates: None,
            compiled: None,
            note: None,
        };
        let tag = match variant {
            "" => name.clone(),
            NATIVE_TLS => format!("{name}-native-tls"),
            area => format!("{name}-{area}"),
        };
        let manifest = match &dir {
            None => root.join("Cargo.toml"),
            Some(dir) => dir.join("Cargo.toml"),
        };
        if ogen {
            if !ogen_ready || !manifest.is_file() {
                b.note = Some("no OpenAPI Generator output".into());
                println!("  {name}: not measured (no OpenAPI Generator output)");
                builds.push(b);
                continue;
            }
            // Generation rewrites Cargo.toml: add the workspace and profile again.
            let text = fs::read_to_string(&manifest).unwrap_or_default();
            if !text.contains("Added by `cargo xtask bench`") {
                let _ = fs::write(&manifest, format!("{text}{DEV_PROFILE}"));
            }
            let log = logs.join(format!("{tag}-fetch.log"));
            let _ = fs::remove_file(&log);
            let _ = run_logged(
                Command::new(cargo())
                    .arg("fetch")
                    .arg("--manifest-path")
                    .arg(&manifest),
                &log,
                &quiet,
            );
        }
        let selector = |cmd: &mut Command| {
            if ogen {
                cmd.arg("--manifest-path").arg(&manifest);
            } else {
                cmd.current_dir(root).args(["-p", &name]);
            }
            cmd.args(&extra);
        };

        // Unique crates in the dependency graph.
        let mut tree = Command::new(cargo());
        tree.args(["tree", "-e", "normal,build", "--prefix", "none"]);
        selector(&mut tree);
        if let Ok(output) = tree.stderr(Stdio::null()).output()
            && output.status.success()
        {
            let text = String::from_utf8_lossy(&output.stdout);
            let _ = fs::write(logs.join(format!("{tag}-tree.txt")), text.as_bytes());
            b.crates = Some(unique_crates(&text));
        }

        let target = out.join("build").join(&tag);
        let mut walls = Vec::new();
        let mut failures = Vec::new();
        for run in 1..=runs {
            let _ = fs::remove_dir_all(&target);
            let log = logs.join(format!("{tag}-build-{run}.log"));
            let time_file = logs.join(format!("{tag}-time-{run}.txt"));
            let _ = fs::remove_file(&log);
            let mut cmd = if have_time {
                let mut c = Command::new(time_bin);
                c.arg("-v").arg("-o").arg(&time_file).arg(cargo());
                c
            } else {
                Command::new(cargo())
            };
            cmd.arg("build").env("CARGO_TARGET_DIR", &target);
            selector(&mut cmd);
            print!("  {tag}: clean build {run}/{runs} … ");
            let _ = std::io::stdout().flush();
            let started = Instant::now();
            let status = run_logged(&mut cmd, &log, &quiet);
            let wall = started.elapsed().as_secs_f64();
            let text = fs::read_to_string(&log).unwrap_or_default();
            b.compiled = Some(
                text.lines()
                    .filter(|l| l.trim_start().starts_with("Compiling "))
                    .count(),
            );
            let rss = fs::read_to_string(&time_file)
                .ok()
                .and_then(|t| max_rss_kb(&t));
            b.peak_rss_kb = b.peak_rss_kb.max(rss);
            let rss = rss.map_or("not measured".into(), mib);
            match status {
                Ok(s) if s.success() => {
                    walls.push(wall);
                    println!("{}, peak RSS {rss}", secs(wall));
                }
                Ok(_) => {
                    failures.push(wall);
                    let errors = text.lines().filter(|l| l.starts_with("error[")).count();
                    b.errors = Some(errors);
                    println!(
                        "does not compile ({errors} errors) after {}, peak RSS {rss}; see {}",
                        secs(wall),
                        log.display()
                    );
                }
                Err(e) => {
                    println!("cannot run cargo: {e:#}");
                    b.note = Some("cargo could not run".into());
                    break;
                }
            }
        }
        // The crate's own code: its dependencies stay built, the crate's
        // artifacts are removed and rebuilt.
        if !walls.is_empty() {
            // OpenAPI Generator's manifest names its package; ours is `name`.
            let package = if ogen {
                package_name(&manifest).unwrap_or_else(|| name.clone())
            } else {
                name.clone()
            };
            let mut owns = Vec::new();
            for run in 1..=plan.own_runs {
                let mut clean = Command::new(cargo());
                clean
                    .args(["clean", "-p", &package])
                    .env("CARGO_TARGET_DIR", &target);
                if ogen {
                    clean.arg("--manifest-path").arg(&manifest);
                } else {
                    clean.current_dir(root);
                }
                let cleaned = clean
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                if !cleaned {
                    println!("  {tag}: `cargo clean -p {package}` failed; own code not measured");
                    break;
                }
                let mut cmd = Command::new(cargo());
                cmd.arg("build").env("CARGO_TARGET_DIR", &target);
                selector(&mut cmd);
                let log = logs.join(format!("{tag}-own-{run}.log"));
                let _ = fs::remove_file(&log);
                print!("  {tag}: own code {run}/{} … ", plan.own_runs);
                let _ = std::io::stdout().flush();
                let started = Instant::now();
                let status = run_logged(&mut cmd, &log, &quiet);
                let wall = started.elapsed().as_secs_f64();
                if status.is_ok_and(|s| s.success()) {
                    owns.push(wall);
                    println!("{}", secs(wall));
                } else {
                    println!("failed; see {}", log.display());
                    break;
                }
            }
            b.own = Stats::of(owns);
        }
        // The build outputs are large; only the numbers are kept.
        let _ = fs::remove_dir_all(&target);
        b.wall = Stats::of(walls);
        b.failed_after = Stats::of(failures);
        builds.push(b);
    }
    builds
}

/// The `name` of a manifest's `[package]`.
fn package_name(manifest: &Path) -> Option<String> {
    let text = fs::read_to_string(manifest).ok()?;
    let package = text.split("[package]").nth(1)?;
    package.lines().find_map(|l| {
        let (key, value) = l.split_once('=')?;
        (key.trim() == "name").then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// Unique `name version` pairs in `cargo tree --prefix none` output (the
/// root included; a crate listed again with `(*)` counts once).
fn unique_crates(tree: &str) -> usize {
    tree.lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some(format!("{} {}", words.next()?, words.next()?))
        })
        .collect::<BTreeSet<_>>()
        .len()
}

fn max_rss_kb(time_output: &str) -> Option<u64> {
    time_output
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

fn mib(kb: u64) -> String {
    format!("{:.0} MiB", kb as f64 / 1024.0)
}

// --------------------------------------------------------------- machine

#[derive(Debug, Default)]
struct Machine {
    cpu: String,
    cores: usize,
    memory: String,
    rustc: String,
    java: String,
    ogen: String,
    os: String,
    date: String,
    /// 1-, 5- and 15-minute load averages at the start and the end.
    load: String,
}

/// The load averages from /proc/loadavg ("unknown" elsewhere): other work
/// on the machine skews every number here.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

impl Machine {
    fn probe(ogen: Option<&Ogen>) -> Self {
        let first_line = |program: &str, args: &[&str]| -> String {
            Command::new(program)
                .args(args)
                .output()
                .ok()
                .map(|o| {
                    let text = if o.stdout.is_empty() {
                        o.stderr
                    } else {
                        o.stdout
                    };
                    String::from_utf8_lossy(&text)
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_owned()
                })
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "unknown".into())
        };
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .and_then(|l| l.split_once(':'))
            .map_or_else(|| "unknown".into(), |(_, v)| v.trim().to_owned());
        let memory = fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|m| {
                m.lines()
                    .find_map(|l| l.strip_prefix("MemTotal:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            })
            .map_or_else(
                || "unknown".into(),
                |kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0),
            );
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            memory,
            rustc: first_line("rustc", &["--version"]),
            java: Some(first_line("java", &["-version"]))
                .filter(|v| v != "unknown")
                .unwrap_or_else(|| "no Java".into()),
            ogen: ogen.map_or_else(|| "not installed".into(), |o| o.version.clone()),
            os: fs::read_to_string("/proc/sys/kernel/osrelease")
                .map(|s| format!("Linux {}", s.trim()))
                .unwrap_or_else(|_| std::env::consts::OS.into()),
            date: first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
            load: String::new(),
        }
    }
}

// ---------------------------------------------------------------- report

fn render(
    m: &Machine,
    plan: Plan,
    runtime: Option<&Estimates>,
    paired: &Paired,
    g: &Generation,
    builds: &[Build],
    ogen_error: Option<&String>,
) -> String {
    let mut s = String::new();
    let kind = if plan.quick {
        "**quick run** (`--quick`: 10 criterion samples of 1 s, 3 codegen runs, 2 OpenAPI Generator runs, 1 clean build per crate; indicative only)"
    } else {
        "full run (criterion: 100 samples per call/encoding benchmark, 30 per decoding benchmark; 10 codegen runs, 5 OpenAPI Generator runs, 3 clean builds per crate)"
    };
    let _ = writeln!(
        s,
        "Written by `cargo xtask bench{}` on {}: {kind}.\n",
        if plan.quick { " --quick" } else { "" },
        m.date
    );
    let _ = writeln!(
        s,
        "Machine: {} × {} core(s), {} RAM, {}; {}; {}; OpenAPI Generator {}. \
         Load average (1, 5, 15 min): {}.\n",
        m.cpu, m.cores, m.memory, m.os, m.rustc, m.java, m.ogen, m.load
    );
    let est = |group: &str, function: &str| -> Option<Stats> {
        runtime?.get(&format!("{group}/{function}")).copied()
    };

    let _ = writeln!(
        s,
        "### Per-call overhead (loopback server, small JSON body)\n\n\
         Criterion: median per call (min–max over its samples), each side measured \
         after the other. Paired: the median (and quartiles) of the ratios of \
         interleaved rounds, each round a batch of calls of one side then the \
         other (`examples/paired.rs`), which cancels drift between the two; the \
         target is judged on it.\n\n\
         | call | generated client (criterion) | hand-written reqwest + serde (criterion) | criterion ratio | paired ratio (quartiles, rounds) | target ≤ 1.05× (paired) |\n\
         |---|---|---|---|---|---|"
    );
    for (label, group) in CALLS {
        let (a, b) = (est(group, "generated"), est(group, "handwritten"));
        let r = ratio(a, b);
        let p = paired.get(*group);
        let _ = writeln!(
            s,
            "| {label} | {} | {} | {} | {} | {} |",
            stats_cell(a, nanos),
            stats_cell(b, nanos),
            ratio_cell(r),
            paired_cell(p),
            verdict_at_most(p.map(|p| p.median), 1.05)
        );
    }

    let _ = writeln!(
        s,
        "\n### Decoding large list responses (`serde_json::from_slice`)\n\n\
         Criterion medians (min–max), and the paired ratio of interleaved rounds \
         (as for the calls), on which the target is judged.\n\n\
         | body | generated types | hand-written serde structs | `serde_json::Value` | criterion ratio | paired ratio (quartiles, rounds) | target ≤ 1.10× (paired) |\n\
         |---|---|---|---|---|---|---|"
    );
    for (label, group) in DECODES {
        let (a, b, v) = (
            est(group, "generated"),
            est(group, "handwritten"),
            est(group, "value"),
        );
        let r = ratio(a, b);
        let p = paired.get(*group);
        let _ = writeln!(
            s,
            "| {label} | {} | {} | {} | {} | {} | {} |",
            stats_cell(a, nanos),
            stats_cell(b, nanos),
            stats_cell(v, nanos),
            ratio_cell(r),
            paired_cell(p),
            verdict_at_most(p.map(|p| p.median), 1.10)
        );
    }

    let _ = writeln!(
        s,
        "\n### Encoding bracket-heavy requests\n\n\
         | request | `client_runtime::encode` | hand-written | ratio |\n\
         |---|---|---|---|"
    );
    for (label, group) in ENCODES {
        let (a, b) = (est(group, "runtime"), est(group, "handwritten"));
        let _ = writeln!(
            s,
            "| {label} | {} | {} | {} |",
            stats_cell(a, nanos),
            stats_cell(b, nanos),
            ratio_cell(ratio(a, b))
        );
    }

    let specs = if g.openapi.is_empty() {
        "the OpenAPI specs".to_owned()
    } else {
        g.openapi.join(", ")
    };
    let cmd = if g.command.is_empty() {
        "codegen".to_owned()
    } else {
        g.command.clone()
    };
    let _ = writeln!(
        s,
        "\n### Generation (whole process, wall time)\n\n\
         | generator | specs | median (min–max) |\n|---|---|---|"
    );
    let _ = writeln!(
        s,
        "| `xtask {cmd}` (release build) | all {} | {} |",
        PROVIDERS.len(),
        stats_cell(g.ours_all, secs)
    );
    let _ = writeln!(
        s,
        "| `xtask {cmd} {}` (release build) | {specs} | {} |",
        g.openapi.join(" "),
        stats_cell(g.ours_openapi, secs)
    );
    let _ = writeln!(
        s,
        "| OpenAPI Generator `rust`, one `generate` process per spec (summed) | {specs} | {} |",
        stats_cell(g.ogen_each, secs)
    );
    let _ = writeln!(
        s,
        "| OpenAPI Generator `rust`, one `batch` process | {specs} | {} |",
        stats_cell(g.ogen_batch, secs)
    );
    // Against each of OpenAPI Generator's two ways.
    let verdict = |r: Option<f64>| match r {
        Some(r) if r >= 20.0 => "met",
        Some(_) => "missed",
        None => "not measured",
    };
    let each = ratio(g.ogen_each, g.ours_openapi);
    let batch = ratio(g.ogen_batch, g.ours_openapi);
    let _ = writeln!(
        s,
        "\nSpeed-up on the same specs (OpenAPI Generator ÷ ours), target ≥ 20×: \
         **{}** against one `generate` process per spec ({}), \
         **{}** against one `batch` process ({}).",
        ratio_cell(each),
        verdict(each),
        ratio_cell(batch),
        verdict(batch),
    );
    for note in &g.notes {
        let _ = writeln!(s, "\nNote: {note}.");
    }

    let _ = writeln!(
        s,
        "\n### Compile cost (clean debug build)\n\n\
         `cargo build` of the crate alone into an empty target directory, dev profile; \
         *own code* is the crate alone rebuilt after `cargo clean -p` of it, its \
         dependencies already built.\n\n\
         | crate | features | wall time | own code | peak RSS | unique crates | crates compiled | vs OpenAPI Generator's crate for the same spec |\n\
         |---|---|---|---|---|---|---|---|"
    );
    for b in builds {
        let area;
        let features = match (b.ogen, b.variant) {
            (true, _) => "default (native-tls)",
            (false, "") => "default (rustls, full)",
            (false, NATIVE_TLS) => "native-tls, full",
            (false, a) => {
                area = format!("rustls, `{a}` alone");
                &area
            }
        };
        let versus = if b.ogen {
            "—".to_owned()
        } else {
            match builds.iter().find(|o| o.ogen && o.provider == b.provider) {
                None => "no OpenAPI Generator crate (OpenRPC spec)".to_owned(),
                Some(o) => compare_builds(b, o),
            }
        };
        let who = if b.ogen {
            format!("`{}` (OpenAPI Generator)", b.name)
        } else {
            format!("`{}`", b.name)
        };
        let wall = match (b.wall, b.failed_after, &b.note) {
            (Some(w), _, _) => stats_cell(Some(w), secs),
            (None, Some(f), _) => format!(
                "does not compile ({} errors), stopped after {}",
                b.errors.unwrap_or(0),
                stats_cell(Some(f), secs)
            ),
            (None, None, Some(note)) => format!("not measured ({note})"),
            (None, None, None) => "not measured".to_owned(),
        };
        let _ = writeln!(
            s,
            "| {who} | {features} | {wall} | {} | {} | {} | {} | {versus} |",
            stats_cell(b.own, secs),
            b.peak_rss_kb.map_or("not measured".into(), mib),
            b.crates.map_or("not measured".into(), |n| n.to_string()),
            b.compiled.map_or("not measured".into(), |n| n.to_string()),
        );
    }
    if builds.is_empty() {
        let _ = writeln!(s, "| (not measured) | | | | | | | |");
    }
    let _ = writeln!(
        s,
        "\n### Compile cost by area (own code)\n\n\
         What a user of one area compiles of the crate itself, next to every area \
         and to OpenAPI Generator's crate for the same spec.\n\n\
         | crate | own code, `full` | own code, one area | one area ÷ `full` | OpenAPI Generator's crate, own code | `full` ÷ theirs |\n\
         |---|---|---|---|---|---|"
    );
    for (p, area) in ONE_AREA {
        let full = builds
            .iter()
            .find(|b| !b.ogen && b.provider == *p && b.variant.is_empty());
        let one = builds
            .iter()
            .find(|b| !b.ogen && b.provider == *p && b.variant == *area);
        let theirs = builds.iter().find(|b| b.ogen && b.provider == *p);
        let (full, one) = (full.and_then(|b| b.own), one.and_then(|b| b.own));
        let (theirs_cell, versus) = match theirs {
            None => ("no crate (OpenRPC spec)".to_owned(), "—".to_owned()),
            Some(t) => (stats_cell(t.own, secs), ratio_cell(ratio(full, t.own))),
        };
        let _ = writeln!(
            s,
            "| `{p}` | {} | {} (`{area}`) | {} | {theirs_cell} | {versus} |",
            stats_cell(full, secs),
            stats_cell(one, secs),
            ratio_cell(ratio(one, full)),
        );
    }
    if let Some(e) = ogen_error {
        let _ = writeln!(
            s,
            "\nOpenAPI Generator rows are not measured: {}.",
            e.trim()
        );
    }
    s
}

/// Our crate against OpenAPI Generator's for the same spec: time ratio,
/// crate counts, and the verdict of the target (less time and fewer
/// crates) for the default-feature row.
fn compare_builds(ours: &Build, theirs: &Build) -> String {
    let crates = match ours.crates.zip(theirs.crates) {
        Some((a, b)) => format!("{a} vs {b} crates"),
        None => "crates not measured".to_owned(),
    };
    let fewer = ours.crates.zip(theirs.crates).map(|(a, b)| a < b);
    let (time, faster) = match (ours.wall, theirs.wall, theirs.failed_after) {
        (Some(_), Some(_), _) => {
            let r = ratio(ours.wall, theirs.wall);
            (format!("{} the time", ratio_cell(r)), r.map(|r| r < 1.0))
        }
        (Some(_), None, Some(_)) => {
            let r = ratio(ours.wall, theirs.failed_after);
            // Theirs stopped at an error: its full build would take longer,
            // so only "ours is faster than their time to the error" proves
            // anything.
            (
                format!("{} their time to the compile error", ratio_cell(r)),
                r.and_then(|r| (r < 1.0).then_some(true)),
            )
        }
        _ => ("time not measured".to_owned(), None),
    };
    match ours.variant {
        "" => {}
        NATIVE_TLS => return format!("{time}, {crates} (same TLS stack as theirs; informative)"),
        _ => return format!("{time}, {crates} (one area; informative)"),
    }
    let verdict = match (faster, fewer) {
        (Some(true), Some(true)) => "met",
        (Some(false), _) | (_, Some(false)) => "missed",
        _ => "not decided",
    };
    format!("{time}, {crates}: {verdict}")
}

fn write_between_markers(path: &Path, table: &str) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
        bail!(
            "{} lacks the markers {BEGIN} and {END}; the table is in target/bench/report.md",
            path.display()
        );
    };
    if e < b {
        bail!("{}: {END} comes before {BEGIN}", path.display());
    }
    let new = format!(
        "{}{BEGIN}\n{}\n{}",
        &text[..b],
        table.trim_end(),
        &text[e..]
    );
    fs::write(path, new).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_take_the_median_and_the_range() {
        let s = Stats::of(vec![3.0, 1.0, 2.0, 10.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.n), (2.5, 1.0, 10.0, 4));
        assert!(Stats::of(Vec::new()).is_none());
    }

    #[test]
    fn gnu_time_output_gives_the_peak_rss() {
        let out = "\tCommand being timed: \"cargo build\"\n\tMaximum resident set size (kbytes): 812345\n";
        assert_eq!(max_rss_kb(out), Some(812_345));
    }

    #[test]
    fn the_table_goes_between_the_markers_only() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("B.md");
        fs::write(&file, format!("head\n{BEGIN}\nold\n{END}\ntail\n")).unwrap();
        write_between_markers(&file, "new table\n").unwrap();
        assert_eq!(
            fs::read_to_string(&file).unwrap(),
            format!("head\n{BEGIN}\nnew table\n{END}\ntail\n")
        );
        fs::write(&file, "no markers").unwrap();
        assert!(write_between_markers(&file, "x").is_err());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn crates_are_counted_once_each() {
        let tree = "portsip v0.1.0 (/src/telephony-rs/crates/portsip)\nserde v1.0.228\nserde_derive v1.0.228 (proc-macro)\nserde v1.0.228 (*)\n\n";
        assert_eq!(unique_crates(tree), 3);
    }

    #[test]
    fn paired_lines_are_read_and_others_skipped() {
        let (group, r) = parse_paired("paired call_x 1.0312 0.9900 1.0800 41 51234 49876").unwrap();
        assert_eq!(group, "call_x");
        assert_eq!((r.median, r.q1, r.q3, r.rounds), (1.0312, 0.99, 1.08, 41));
        assert_eq!((r.ours_ns, r.theirs_ns), (51234.0, 49876.0));
        assert!(parse_paired("Compiling benchmarks").is_none());
        assert!(parse_paired("paired call_x 1.0 oops").is_none());
    }

    #[test]
    fn units_read_naturally() {
        assert_eq!(nanos(45_600.0), "45.6 µs");
        assert_eq!(nanos(12_340_000.0), "12.34 ms");
        assert_eq!(secs(0.1234), "123 ms");
        assert_eq!(secs(83.0), "1m23.0s");
    }
}
