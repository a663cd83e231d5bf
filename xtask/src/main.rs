//! Repository chores. Run `cargo xtask help` for the list.

mod bench;
mod codegen;
mod doc_coverage;
mod import;
mod spec_diff;
mod tidy;

use std::path::PathBuf;

/// The generator allocates and frees millions of small token and syntax-tree
/// nodes from several threads; with mimalloc instead of the system allocator
/// `codegen` for the three OpenAPI specs took 0.45 s instead of 0.95 s
/// (release build, 2 cores, when this was added).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [PROVIDER...]          regenerate the generated sources of every (or the named) provider
  codegen --check [PROVIDER...]  write nothing; fail naming every stale, missing or stray file
  spec-diff [--base REV] [PROVIDER...] [--format markdown|json] [--fail-on breaking]
                                 the API changes of the specs since REV (default: merge-base with main)
  doc-coverage PROVIDER DOCS_FILE...
                                 list what a provider docs scrape documents that the spec lacks
  import PROVIDER DOCUMENT       add to the spec every operation of the provider's own OpenAPI
                                 document that it lacks (facts only; see xtask/src/import.rs)
  bench [--quick] [--only STEP]  run the benchmarks and write BENCHMARKS.md's table (see BENCHMARKS.md)
  help                           show this text";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::main(&repo_root(), &args[1..]),
        Some("bench") => bench::main(&repo_root(), &args[1..]),
        Some("spec-diff") => spec_diff::main(&repo_root(), &args[1..]),
        Some("doc-coverage") => doc_coverage::main(&repo_root(), &args[1..]),
        Some("import") => import::main(&repo_root(), &args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}
