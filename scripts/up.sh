#!/usr/bin/env bash
# `npm start`: set up if needed, then run the stack in the foreground, or in the
# background with `npm start -- -d` (options: lxcbus up --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --if-needed
exec node bin/lxcbus up "$@"
