//! `cargo xtask doc-coverage PROVIDER DOCS_FILE`: what the docs document
//! that the spec lacks. A docs file is either a scrape in the provider's
//! layout or the provider's own OpenAPI document, of which the tags listed
//! in the spec's `x-doc-coverage-tags` are checked.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use codegen::Spec;

const USAGE: &str = "usage: cargo xtask doc-coverage PROVIDER DOCS_FILE [DOCS_FILE...]\n       cargo xtask doc-coverage --all DOCS_DIR";

pub(crate) fn main(root: &Path, args: &[String]) -> Result<ExitCode> {
    if let [flag, dir] = args
        && flag == "--all"
    {
        let mut ok = true;
        for p in codegen::PROVIDERS {
            let files: Vec<String> = p.docs.iter().map(|f| format!("{dir}/{f}")).collect();
            let mut args = vec![p.name.to_owned()];
            args.extend(files);
            ok &= one(root, &args)? == ExitCode::SUCCESS;
        }
        return Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    one(root, args)
}

fn one(root: &Path, args: &[String]) -> Result<ExitCode> {
    let [name, docs @ ..] = args else {
        bail!("{USAGE}")
    };
    if docs.is_empty() {
        bail!("{USAGE}");
    }
    let provider = codegen::provider(name).with_context(|| format!("unknown provider `{name}`"))?;
    let spec = Spec::load(root, Path::new(provider.spec))?;
    let mut complete = true;
    for doc in docs {
        let text = std::fs::read_to_string(doc).with_context(|| format!("cannot read {doc}"))?;
        if codegen::coverage::is_openapi_document(&text) {
            let coverage = openapi_document(&spec, doc, &text)?;
            print!("{}", coverage.render(provider.name, doc));
            complete &= coverage.complete();
            continue;
        }
        let layout = provider.docs_layout.with_context(|| {
            format!(
                "{doc}: the settings of {} name no docs layout, so its scrapes cannot be read",
                provider.name
            )
        })?;
        let items = codegen::coverage::documented(layout, &text);
        if items.is_empty() {
            bail!(
                "{doc}: found nothing documented; is it a {} docs scrape?",
                provider.name
            );
        }
        let coverage = codegen::coverage::check(&spec.openapi, &items);
        print!("{}", coverage.render(provider.name, doc));
        complete &= coverage.complete();
    }
    Ok(if complete {
        ExitCode::SUCCESS
    } else {
        eprintln!("doc-coverage: {name}: the spec lacks documented items (listed above)");
        ExitCode::FAILURE
    })
}

/// Checks the spec against the provider's OpenAPI document `text` (read
/// from `doc`), for the tags the spec says it covers.
fn openapi_document(spec: &Spec, doc: &str, text: &str) -> Result<codegen::coverage::Coverage> {
    let file = spec.file.display();
    let tags = codegen::coverage::coverage_tags(&spec.openapi)
        .map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let items = codegen::coverage::documented_openapi(text, &tags)
        .map_err(|e| anyhow::anyhow!("{doc}: {e}"))?;
    println!("{doc}: OpenAPI document, tags {}", tags.join(", "));
    Ok(codegen::coverage::check_openapi(&spec.openapi, &items))
}
