#!/usr/bin/env bash
# Builds the one-file Ordinal an instructor copies to a USB stick: the release site
# (scripts/build.sh, into dist/) turned into dist-single/ordinal.html, with the wasm,
# JS, CSS and icon inside, which works opened straight from disk (file://) with no
# network. `--no-build` reuses an existing dist/. Extra arguments go to trunk build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "${1:-}" = "--no-build" ]; then
    shift
    [ -f dist/index.html ] || { echo "build-single: no dist/index.html; run without --no-build" >&2; exit 1; }
else
    scripts/build.sh "$@"
fi
node scripts/single-file.mjs dist dist-single/ordinal.html
printf '%-48s %10d %10d\n' "ordinal.html" "$(wc -c <dist-single/ordinal.html)" "$(gzip -9 -c dist-single/ordinal.html | wc -c)"
