#!/usr/bin/env bash
# Prepares a Debian 12 / Ubuntu machine (as root) to build and run lxcbus:
# Debian packages, npm dependencies, then the native addon and TypeScript.
# Idempotent: installs only what is missing, runs apt-get update only then.
#   --if-needed   stop early when everything is already installed and built (scripts/up.sh)
# The Debian `lxc` package is not needed to run lxcbus and is not installed by
# default; its lxc-net (where systemd runs it) would compete with lxcbus's
# dnsmasq on lxcbr0.
#   LXCBUS_WITH_LXC=1   also install `lxc`, for bench/ and the side-by-side LXC checks.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# Build: native addon and shim (make, g++, python3 for node-gyp, libcap, libseccomp).
# Run: nats-server (embedded bus), uidmap (newuidmap), iproute2 (bridges in tests),
# busybox-static (test rootfs), xz-utils (image tarballs), dnsmasq-base (DHCP on bridges),
# libc6-dev (the static test probe).
REQUIRED=(nats-server busybox-static libcap-dev libseccomp-dev uidmap iproute2 dnsmasq-base xz-utils make g++ python3 pkg-config libc6-dev)
# Real LXC, for side-by-side checks and bench/ only: opt-in (see the header).
OPTIONAL=()
# lxc-templates holds the per-distribution configs (alpine.common.conf ...) that downloaded images include;
# real lxc-copy needs rsync for full copies (bench/copy).
if [ "${LXCBUS_WITH_LXC:-0}" = 1 ]; then OPTIONAL+=(lxc lxc-templates rsync); fi

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

deps_current() {
  [ -f node_modules/.package-lock.json ] &&
    [ ! package.json -nt node_modules/.package-lock.json ] &&
    { [ ! -f package-lock.json ] || [ ! package-lock.json -nt node_modules/.package-lock.json ]; }
}

built() {
  local s
  [ -d native/build ] && [ -f dist/libs/stack/src/index.js ] && [ -f dist/cli/index.js ] || return 1
  for s in image-fetcher id-mapper network-allocator runtime-executor state-reporter; do
    [ -f "dist/services/$s/src/main.js" ] || return 1
  done
}

check_node() {
  command -v node >/dev/null || die "node: not found (lxcbus needs Node >= 20: https://github.com/nodesource/distributions)"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "node: version $(node --version) is too old (lxcbus needs Node >= 20)"
}

lxc_note() {
  if [ ${#OPTIONAL[@]} -eq 0 ] && [ -n "$(missing_packages lxc)" ]; then
    step "packages: skipping lxc (LXCBUS_WITH_LXC=1 installs it, for bench/ and side-by-side LXC checks)"
  elif [ ${#OPTIONAL[@]} -gt 0 ]; then
    # Its lxc-net may already serve DHCP on lxcbr0: then start the stack with LXCBUS_DNSMASQ=off.
    step "packages: lxc requested (LXCBUS_WITH_LXC=1); if its lxc-net runs dnsmasq on lxcbr0, set LXCBUS_DNSMASQ=off"
  fi
}

install_packages() {
  local missing optional
  lxc_note
  mapfile -t missing < <(missing_packages "${REQUIRED[@]}")
  mapfile -t optional < <(missing_packages ${OPTIONAL[@]+"${OPTIONAL[@]}"})
  if [ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ]; then
    step "packages: all present"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    [ ${#missing[@]} -eq 0 ] || die "packages: missing ${missing[*]}; run scripts/setup.sh as root"
    step "packages: optional ${optional[*]} not installed (needs root; skipped)"
    return
  fi
  export DEBIAN_FRONTEND=noninteractive
  step "packages: apt-get update"
  quiet "packages: apt-get update" apt-get update -q
  if [ ${#missing[@]} -gt 0 ]; then
    step "packages: installing ${missing[*]}"
    quiet "packages: apt-get install" apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}"
  fi
  if [ ${#optional[@]} -gt 0 ]; then
    step "packages: installing optional ${optional[*]}"
    apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${optional[@]}" >"$LXCBUS_SETUP_LOG" 2>&1 ||
      step "packages: optional ${optional[*]} unavailable; side-by-side LXC checks will skip"
  fi
}

install_npm_deps() {
  if deps_current; then
    step "npm: dependencies current"
  elif [ -f package-lock.json ]; then
    step "npm: npm ci"
    # The local npm cache answers first (--prefer-offline): registry look-ups here can
    # stall on slow DNS; a failed attempt (EAI_AGAIN and the like) is retried.
    # The committed lockfile has no tarball URLs (this machine's npm omits them), so
    # npm ci would ask the registry for every package's metadata. Filling the URLs in
    # for the install lets it take tarballs from the local cache by integrity; the
    # committed lockfile is put back (mtime kept) whatever happens.
    local saved
    saved=$(mktemp)
    cp -p package-lock.json "$saved"
    trap 'cp -p "'"$saved"'" package-lock.json; rm -f "'"$saved"'"' EXIT
    node scripts/lock-resolve.js "$saved" package-lock.json "$(npm config get registry)"
    quiet_retry 3 "npm: npm ci" npm ci --prefer-offline --no-audit --no-fund --fetch-retries=5 --fetch-retry-mintimeout=2000
    cp -p "$saved" package-lock.json
    rm -f "$saved"
    trap - EXIT
  else
    step "npm: npm install"
    quiet "npm: npm install" npm install --no-audit --no-fund
  fi
}

# quiet_retry N NAME CMD...: like quiet, but tries CMD up to N times before failing.
quiet_retry() {
  local n=$1 i
  shift
  for ((i = 1; i < n; i++)); do
    "${@:2}" >"$LXCBUS_SETUP_LOG" 2>&1 && return 0
    echo "    $1: attempt $i failed ($(grep -m1 -o 'code E[A-Z_]*' "$LXCBUS_SETUP_LOG" || echo error)); retrying in $((i * 5)) s"
    sleep $((i * 5))
  done
  quiet "$@"
}

main() {
  check_node
  if [ "${1:-}" = "--if-needed" ] && [ -z "$(missing_packages "${REQUIRED[@]}" ${OPTIONAL[@]+"${OPTIONAL[@]}"})" ] && deps_current && built; then
    return
  fi
  install_packages
  install_npm_deps
  step "build: npm run build (native addon, TypeScript)"
  quiet "build: npm run build" npm run build
  rm -f "$LXCBUS_SETUP_LOG"
  step "setup: done"
}

main "$@"
