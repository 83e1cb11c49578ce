#!/usr/bin/env bash
# `npm start`: set up if needed, then run the stack in the foreground, or in the
# background with `npm start -- -d` (options: lxcbus up --help).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
  bash scripts/setup.sh --if-needed
elif [ ! -x native/build/lxcbus-shim ] || [ ! -f dist/libs/stack/src/index.js ]; then
  # A rootless stack (docs/decisions/rootless.md): installing packages and building is root's job.
  echo "lxcbus: not built; run as root first: bash scripts/setup.sh" >&2
  exit 1
fi
exec node bin/lxcbus up "$@"
