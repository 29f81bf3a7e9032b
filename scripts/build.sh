#!/usr/bin/env bash
# Installs whatever is missing (see setup.sh), then builds the static site into dist/
# and prints the size of its wasm and JS, raw and gzip.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ordinal_setup
cd "$ORDINAL_ROOT"
trunk build --release "$@"
scripts/sizes.sh dist
say "static site in dist/: copy it to any static host, under any path"
