#!/usr/bin/env bash
# Installs whatever is missing (see setup.sh), then builds Ordinal and serves it with
# live reload. Set PORT to use another port than 8080.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ordinal_setup
cd "$ORDINAL_ROOT"
port="${PORT:-8080}"
say "Ordinal will be at http://127.0.0.1:$port/ once the first build finishes"
exec trunk serve --address 127.0.0.1 --port "$port" "$@"
