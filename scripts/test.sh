#!/usr/bin/env bash
# Installs whatever is missing (see setup.sh, with the browser), then runs every test:
#   1. native tests: engine, manifests, command layer and CLI (cargo test, no web code),
#      then the session reducer and its write-back (the UI's pure parts, built natively)
#   2. the release build of the browser app (trunk build --release), with its sizes
#   3. browser end-to-end tests (Playwright in Debian's Chromium) against that build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ordinal_setup --browser
cd "$ORDINAL_ROOT"

# CI builds from scratch: incremental caches would only cost disk.
export CARGO_INCREMENTAL=0

say "native tests"
cargo test --locked --no-default-features
cargo test --locked --lib ui::

say "release build of the browser app"
trunk build --release
# Not the size target (400 KiB, out of reach: see README), a guard against growth:
# about 5% above the size of the app when the budget was last set.
MAX_GZIP_BYTES=1130000 scripts/sizes.sh dist

say "browser tests"
playwright test
