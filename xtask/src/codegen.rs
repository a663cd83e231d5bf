//! `cargo xtask codegen`: regenerates the client sources, or checks them.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use codegen::{GeneratedFile, PROVIDERS, Provider, Spec};

pub(crate) fn main(root: &Path, args: &[String]) -> Result<ExitCode> {
    let mut check = false;
    let mut names = Vec::new();
    for a in args {
        match a.as_str() {
            "--check" => check = true,
            flag if flag.starts_with('-') => bail!("unknown flag `{flag}` (expected `--check`)"),
            name => names.push(name.to_owned()),
        }
    }
    let providers = select(&names)?;
    if check {
        let problems = check_all(root, &providers)?;
        if problems.is_empty() {
            println!(
                "codegen --check: {} provider(s) up to date",
                providers.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!(
            "codegen --check: {} file(s) out of date; run `cargo xtask codegen`",
            problems.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    // Generate everything first: a defect in any spec leaves every file as it was.
    let plans = generate_all(root, &providers)?;
    for (p, (files, gen_time)) in providers.iter().zip(plans) {
        let started = Instant::now();
        let stats = write(root, p, &files)?;
        println!(
            "{:<10} {} written, {} unchanged, {} removed ({} ms)",
            p.name,
            stats.written,
            stats.unchanged,
            stats.removed,
            (gen_time + started.elapsed()).as_millis()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn select(names: &[String]) -> Result<Vec<&'static Provider>> {
    if names.is_empty() {
        return Ok(PROVIDERS.iter().collect());
    }
    names
        .iter()
        .map(|n| {
            codegen::provider(n).with_context(|| {
                let known: Vec<&str> = PROVIDERS.iter().map(|p| p.name).collect();
                format!("unknown provider `{n}` (known: {})", known.join(", "))
            })
        })
        .collect()
}

/// Runs the generator for every provider in `providers`, one thread each
/// (the providers share nothing), and returns their files and generation
/// times in the same order. The first failure in that order is returned.
pub(crate) fn generate_all(
    root: &Path,
    providers: &[&Provider],
) -> Result<Vec<(Vec<GeneratedFile>, Duration)>> {
    std::thread::scope(|scope| {
        let running: Vec<_> = providers
            .iter()
            .map(|p| {
                scope.spawn(move || {
                    let started = Instant::now();
                    generate(root, p).map(|files| (files, started.elapsed()))
                })
            })
            .collect();
        running
            .into_iter()
            .zip(providers)
            .map(|(thread, p)| match thread.join() {
                Ok(result) => result,
                Err(_) => Err(anyhow::anyhow!(
                    "the generator stopped unexpectedly on {}",
                    p.name
                )),
            })
            .collect()
    })
}

/// Runs the generator for one provider.
pub(crate) fn generate(root: &Path, p: &Provider) -> Result<Vec<GeneratedFile>> {
    let spec = Spec::load(root, Path::new(p.spec))?;
    let codegen::Output {
        mut files,
        features,
    } = codegen::generate_crate(&spec, p)?;
    if let Some(block) = features {
        // The crate's manifest is hand-written but for its area features,
        // which follow the spec's tags.
        let path = Path::new(p.crate_dir).join("Cargo.toml");
        let manifest = fs::read_to_string(root.join(&path))
            .with_context(|| format!("cannot read {}", path.display()))?;
        let contents = codegen::splice_features(&manifest, &block)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        files.push(GeneratedFile { path, contents });
    }
    Ok(files)
}

#[derive(Debug, Default)]
pub(crate) struct Stats {
    written: usize,
    unchanged: usize,
    removed: usize,
}

/// Every file currently under the provider's generated folder.
fn existing(root: &Path, p: &Provider) -> Result<BTreeSet<PathBuf>> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.join(p.generated_dir())];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
        }
    }
    Ok(out)
}

pub(crate) fn write(root: &Path, p: &Provider, files: &[GeneratedFile]) -> Result<Stats> {
    let mut stats = Stats::default();
    let mut stray = existing(root, p)?;
    for f in files {
        stray.remove(&f.path);
        let target = root.join(&f.path);
        if fs::read(&target).ok().as_deref() == Some(f.contents.as_bytes()) {
            stats.unchanged += 1;
            continue;
        }
        write_atomically(&target, f.contents.as_bytes())?;
        stats.written += 1;
    }
    for path in stray {
        fs::remove_file(root.join(&path))
            .with_context(|| format!("cannot remove {}", path.display()))?;
        stats.removed += 1;
    }
    Ok(stats)
}

/// Writes through a temporary file in the same folder and a rename, so a
/// reader never sees half a file.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    let dir = target.parent().context("generated file without a folder")?;
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = target
        .file_name()
        .context("generated file without a name")?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, target).with_context(|| {
        let _ = fs::remove_file(&tmp);
        format!("cannot replace {}", target.display())
    })
}

/// One reason the committed output differs from what the specs produce.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Problem {
    Stale { path: PathBuf, spec_changed: bool },
    Missing(PathBuf),
    Stray(PathBuf),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Stale {
                path,
                spec_changed: true,
            } => {
                write!(
                    f,
                    "stale:   {} (its spec changed since it was generated)",
                    path.display()
                )
            }
            Problem::Stale {
                path,
                spec_changed: false,
            } => {
                write!(
                    f,
                    "stale:   {} (differs from what the generator produces)",
                    path.display()
                )
            }
            Problem::Missing(path) => write!(f, "missing: {}", path.display()),
            Problem::Stray(path) => write!(f, "stray:   {} (no longer generated)", path.display()),
        }
    }
}

/// Compares the committed output of `providers` with fresh output; writes nothing.
pub(crate) fn check_all(root: &Path, providers: &[&Provider]) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    for (p, (files, _)) in providers.iter().zip(generate_all(root, providers)?) {
        let mut stray = existing(root, p)?;
        for f in &files {
            stray.remove(&f.path);
            match fs::read_to_string(root.join(&f.path)) {
                Ok(now) if now == f.contents => {}
                Ok(now) => problems.push(Problem::Stale {
                    path: f.path.clone(),
                    spec_changed: spec_hash(&now)
                        .is_some_and(|old| Some(old) != spec_hash(&f.contents)),
                }),
                Err(_) => problems.push(Problem::Missing(f.path.clone())),
            }
        }
        problems.extend(stray.into_iter().map(Problem::Stray));
    }
    problems.sort();
    Ok(problems)
}

/// The spec hash recorded in a generated file's header.
fn spec_hash(contents: &str) -> Option<&str> {
    let first = contents.lines().next()?;
    let start = first.find("(sha256 ")? + "(sha256 ".len();
    first[start..].split(')').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` alone catches output that was not regenerated.
    #[test]
    fn generated_code_is_fresh() {
        let root = crate::repo_root();
        let all: Vec<&Provider> = PROVIDERS.iter().collect();
        let problems = check_all(&root, &all).expect("every spec generates");
        let listing: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            problems.is_empty(),
            "generated code is out of date; run `cargo xtask codegen`:\n{}",
            listing.join("\n")
        );
    }

    /// The crate's manifest, whose area features generation rewrites.
    fn copy_manifest(tmp: &Path, p: &Provider) {
        let manifest = Path::new(p.crate_dir).join("Cargo.toml");
        fs::create_dir_all(tmp.join(p.crate_dir)).unwrap();
        fs::copy(crate::repo_root().join(&manifest), tmp.join(&manifest)).unwrap();
    }

    #[test]
    fn check_names_stale_missing_and_stray_files() {
        let tmp = std::env::temp_dir().join(format!("xtask-check-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let p = &PROVIDERS[0];
        fs::create_dir_all(tmp.join("specs")).unwrap();
        fs::copy(crate::repo_root().join(p.spec), tmp.join(p.spec)).unwrap();
        copy_manifest(&tmp, p);
        let files = generate(&tmp, p).unwrap();
        write(&tmp, p, &files).unwrap();
        assert_eq!(check_all(&tmp, &[p]).unwrap(), vec![]);

        let stale = &files[0].path;
        let missing = &files[1].path;
        let stray = p.generated_dir().join("old.rs");
        let edited = fs::read_to_string(tmp.join(stale)).unwrap() + "// edited by hand\n";
        fs::write(tmp.join(stale), edited).unwrap();
        fs::remove_file(tmp.join(missing)).unwrap();
        fs::write(tmp.join(&stray), "").unwrap();
        let found = check_all(&tmp, &[p]).unwrap();
        assert_eq!(
            found,
            vec![
                Problem::Stale {
                    path: stale.clone(),
                    spec_changed: false
                },
                Problem::Missing(missing.clone()),
                Problem::Stray(stray.clone()),
            ]
        );

        // Regenerating repairs all three and reports what it did.
        let stats = write(&tmp, p, &files).unwrap();
        assert_eq!((stats.written, stats.removed), (2, 1));
        assert_eq!(check_all(&tmp, &[p]).unwrap(), vec![]);

        // A spec edit without regeneration is named as such.
        let spec = tmp.join(p.spec);
        let text = fs::read_to_string(&spec).unwrap();
        fs::write(
            &spec,
            text + "# An edit the generated files do not know of.\n",
        )
        .unwrap();
        assert!(
            check_all(&tmp, &[p])
                .unwrap()
                .iter()
                .all(|problem| matches!(
                    problem,
                    Problem::Stale {
                        spec_changed: true,
                        ..
                    }
                ))
        );
        fs::remove_dir_all(&tmp).unwrap();
    }

    /// A defective spec fails the whole run and leaves every generated file as it was.
    #[test]
    fn a_bad_spec_writes_nothing() {
        let tmp = std::env::temp_dir().join(format!("xtask-bad-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let p = &PROVIDERS[0];
        fs::create_dir_all(tmp.join("specs")).unwrap();
        let good = fs::read_to_string(crate::repo_root().join(p.spec)).unwrap();
        fs::write(tmp.join(p.spec), &good).unwrap();
        copy_manifest(&tmp, p);
        write(&tmp, p, &generate(&tmp, p).unwrap()).unwrap();
        let before = snapshot(&tmp.join(p.crate_dir));

        let bad = good.replacen(
            "operationId: get_tenant\n",
            "operationId: get_tenant_status\n",
            1,
        );
        assert_ne!(bad, good);
        fs::write(tmp.join(p.spec), bad).unwrap();
        let err = main(&tmp, &[]).unwrap_err().to_string();
        assert!(
            err.contains("duplicate `operationId: get_tenant_status`"),
            "{err}"
        );
        assert!(err.starts_with(&format!("error: {}:", p.spec)), "{err}");
        assert_eq!(snapshot(&tmp.join(p.crate_dir)), before);
        fs::remove_dir_all(&tmp).unwrap();
    }

    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    out.push((path.clone(), fs::read(&path).unwrap()));
                }
            }
        }
        out.sort();
        out
    }
}
