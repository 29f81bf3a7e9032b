#!/usr/bin/env bash
# Prints the size of each wasm and JS file of a build, raw and gzip-compressed (-9).
set -euo pipefail
dist="${1:-dist}"
printf '%-48s %10s %10s\n' "file" "bytes" "gzip"
for file in "$dist"/*.wasm "$dist"/*.js; do
    [ -e "$file" ] || continue
    printf '%-48s %10d %10d\n' "$(basename "$file")" "$(wc -c <"$file")" "$(gzip -9 -c "$file" | wc -c)"
done
