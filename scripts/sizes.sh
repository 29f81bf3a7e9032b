#!/usr/bin/env bash
# Prints the size of every file a browser loads from a build (wasm, JS including the
# editor bundle, CSS, HTML, icon), raw and gzip-compressed (-9), and the total: what
# the whole app costs to transfer. With MAX_GZIP_BYTES set, a total above it fails:
# scripts/test.sh sets it a little above today's size, so that a change which makes
# the app much bigger (a second copy of the Kubernetes decoders, say) is noticed.
set -euo pipefail
dist="${1:-dist}"
printf '%-48s %10s %10s\n' "file" "bytes" "gzip"
total_raw=0
total_gzip=0
for file in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css "$dist"/*.html "$dist"/*.svg; do
    [ -e "$file" ] || continue
    raw=$(wc -c <"$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    total_raw=$((total_raw + raw))
    total_gzip=$((total_gzip + gz))
    printf '%-48s %10d %10d\n' "$(basename "$file")" "$raw" "$gz"
done
printf '%-48s %10d %10d  (%d KiB gzip)\n' "total" "$total_raw" "$total_gzip" "$((total_gzip / 1024))"
if [ -n "${MAX_GZIP_BYTES:-}" ] && [ "$total_gzip" -gt "$MAX_GZIP_BYTES" ]; then
    printf 'sizes: the app is %d bytes gzip, over the budget of %d (MAX_GZIP_BYTES)\n' \
        "$total_gzip" "$MAX_GZIP_BYTES" >&2
    exit 1
fi
