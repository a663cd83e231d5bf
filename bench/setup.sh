#!/usr/bin/env bash
# Installs what the OpenAPI Generator comparison of `cargo xtask bench`
# needs: the PyPI package `openapi-generator-cli` (pinned in
# bench/requirements.txt; its wheel bundles OpenAPI Generator's jar) into a
# virtualenv at target/bench/venv. Nothing is installed outside the repo.
#
# Exit codes: 0 ready, 2 no Java, 3 no Python venv, 4 pip failed.
# Prints the generator's version on success.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/target/bench/venv"

if ! command -v java >/dev/null 2>&1; then
    echo "setup: java not found: OpenAPI Generator needs a Java 11+ runtime (Debian: apt-get install openjdk-17-jre-headless)" >&2
    exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "setup: python3 not found: needed to install openapi-generator-cli from PyPI" >&2
    exit 3
fi
if [ ! -x "$venv/bin/pip" ]; then
    mkdir -p "$(dirname "$venv")"
    if ! python3 -m venv "$venv"; then
        echo "setup: cannot create a virtualenv at $venv (Debian: apt-get install python3-venv)" >&2
        exit 3
    fi
fi
if ! "$venv/bin/pip" install --disable-pip-version-check --quiet -r "$root/bench/requirements.txt"; then
    echo "setup: pip could not install bench/requirements.txt (is PyPI reachable?)" >&2
    exit 4
fi
"$venv/bin/openapi-generator-cli" version
