#!/usr/bin/env bash
# What the browser tests (tests/browser/) need, fetched if missing:
# - Debian's chromium at /usr/bin/chromium (Playwright drives it; its own browser download is not used),
# - axe-core, the accessibility checker the tests inject into each page, in .cache/axe/.
# Run from anywhere; exits non-zero with a message saying what is missing and how to get it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHROMIUM=/usr/bin/chromium
AXE_VERSION=4.14.1
AXE_DIR="$ROOT/.cache/axe"
AXE_JS="$AXE_DIR/axe-core-$AXE_VERSION/axe.min.js"

fail() { echo "test-browser-deps: $*" >&2; exit 1; }

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    fail "the browser tests need Debian's chromium ($CHROMIUM). Install it as root: apt-get install chromium"
  fi
  echo "Installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends chromium >/dev/null || fail "apt-get install chromium failed"
  [ -x "$CHROMIUM" ] || fail "chromium installed but $CHROMIUM is still missing"
fi

if [ ! -s "$AXE_JS" ]; then
  command -v npm >/dev/null 2>&1 || fail "npm is needed to fetch axe-core $AXE_VERSION (apt-get install npm), or put axe.min.js at $AXE_JS"
  echo "Fetching axe-core $AXE_VERSION into $AXE_DIR"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null) || fail "npm pack axe-core@$AXE_VERSION failed (no access to the npm registry?)"
  tar -xzf "$tmp/axe-core-$AXE_VERSION.tgz" -C "$tmp" || fail "could not unpack axe-core-$AXE_VERSION.tgz"
  [ -s "$tmp/package/axe.min.js" ] || fail "the axe-core $AXE_VERSION package has no axe.min.js"
  mkdir -p "$AXE_DIR/axe-core-$AXE_VERSION"
  # The cache is never committed, whatever .gitignore says.
  [ -f "$ROOT/.cache/.gitignore" ] || echo '*' >"$ROOT/.cache/.gitignore"
  cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$AXE_DIR/axe-core-$AXE_VERSION/" 2>/dev/null \
    || cp "$tmp/package/axe.min.js" "$AXE_DIR/axe-core-$AXE_VERSION/"
fi
echo "Browser test dependencies ready: $CHROMIUM, $AXE_JS"
