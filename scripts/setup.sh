#!/usr/bin/env bash
# Installs what Ordinal's build needs, skipping whatever is already in place:
#   - the wasm32-unknown-unknown Rust target
#   - Trunk 0.21.x (cargo install; about 10 minutes the first time on 2 cores)
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock
#   - Node packages from package-lock.json into ./node_modules: wasm-opt (npm `binaryen`)
#     and Playwright
#   - with --browser: Debian's chromium and chromium-driver (for the browser tests)
# Nothing here downloads a prebuilt binary, toolchain or browser: everything comes from
# crates.io, the npm registry or Debian's packages.
#
# Meant to be sourced by serve.sh and test.sh (it exports PATH); running it directly
# works too.
set -euo pipefail

ORDINAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ORDINAL_ROOT/node_modules/.bin:$PATH"
# Playwright drives Debian's Chromium; it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

require() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed; it is part of the machine's base toolchain."
    done
}

# The value of `version = "..."` for package $1 in Cargo.lock.
locked_version() {
    awk -v name="$1" '
        $0 == "name = \"" name "\"" { found = 1; next }
        found && /^version = / { gsub(/version = |"/, ""); print; exit }
    ' "$ORDINAL_ROOT/Cargo.lock"
}

# The value of `key = "..."` in Trunk.toml.
trunk_setting() {
    sed -n "s/^$1 = \"\\(.*\\)\"/\\1/p" "$ORDINAL_ROOT/Trunk.toml" | head -n 1
}

ensure_wasm_target() {
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        return
    fi
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
}

ensure_trunk() {
    if trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
        return
    fi
    say "installing Trunk 0.21 (cargo install; 10 to 15 minutes on 2 cores)"
    cargo install --locked trunk --version '^0.21'
}

ensure_wasm_bindgen() {
    local want pinned
    want="$(locked_version wasm-bindgen)"
    [ -n "$want" ] || die "Cargo.lock has no wasm-bindgen entry"
    pinned="$(trunk_setting wasm_bindgen)"
    [ "$pinned" = "$want" ] ||
        die "Trunk.toml pins wasm_bindgen = \"$pinned\" but Cargo.lock has wasm-bindgen $want; make them equal"
    if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $want" ]; then
        return
    fi
    say "installing wasm-bindgen-cli $want (matches Cargo.lock; 3 to 7 minutes)"
    # Not --locked: one of its locked dependency versions is missing from the registry.
    cargo install wasm-bindgen-cli --version "=$want"
}

ensure_node_packages() {
    require node npm
    local stamp="$ORDINAL_ROOT/node_modules/.ordinal-installed"
    local want
    want="$(sha256sum "$ORDINAL_ROOT/package-lock.json" | cut -d' ' -f1) node-$(node --version)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    say "installing Node packages (wasm-opt from binaryen, Playwright) into node_modules/"
    (cd "$ORDINAL_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    printf '%s' "$want" >"$stamp"
}

check_wasm_opt() {
    local pinned
    pinned="$(trunk_setting wasm_opt)"
    wasm-opt --version 2>/dev/null | grep -q "($pinned)" ||
        die "wasm-opt from node_modules is not $pinned (Trunk.toml); check the binaryen version in package.json"
}

ensure_browser() {
    if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
        return
    fi
    say "installing Debian's chromium and chromium-driver"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
}

ordinal_setup() {
    require cargo rustup
    ensure_wasm_target
    ensure_trunk
    ensure_wasm_bindgen
    ensure_node_packages
    check_wasm_opt
    if [ "${1:-}" = "--browser" ]; then
        ensure_browser
    fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    ordinal_setup "$@"
    say "set-up complete"
fi
