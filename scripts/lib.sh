# Shared by scripts/*.sh: step lines on stdout, command output in a log that
# is shown only when the step fails.

: "${LXCBUS_SETUP_LOG:=${TMPDIR:-/tmp}/lxcbus-setup.$$.log}"

step() { printf '==> %s\n' "$*"; }

die() {
  printf 'FAILED: %s\n' "$*" >&2
  exit 1
}

# quiet STEP CMD...: runs CMD with its output in the log; on failure prints the log tail and exits.
quiet() {
  local name=$1
  shift
  if ! "$@" >"$LXCBUS_SETUP_LOG" 2>&1; then
    printf 'FAILED: %s (%s)\n--- last lines of %s:\n' "$name" "$*" "$LXCBUS_SETUP_LOG" >&2
    tail -n 40 "$LXCBUS_SETUP_LOG" >&2
    exit 1
  fi
}
