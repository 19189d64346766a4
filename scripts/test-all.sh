#!/usr/bin/env bash
# Every test suite, the way CI runs it:
#   1. vitest (unit + integration) inside a private D-Bus session with an unlocked gnome-keyring, so the keychain
#      tests use a real Secret Service (they skip, saying why, where none is installed);
#   2. Playwright: the built renderer in Debian's Chromium through the test bridge (+ _electron specs, which skip
#      without an Electron binary).
# Ends with one line summing all runners: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)' || {
  echo "Node >= 22.12 is required (found $(node --version)); .ci/run shows how to bring Node 22 from npm." >&2
  exit 1
}

results=$(mktemp -d)
temps=("$results")
trap 'rm -rf "${temps[@]}"' EXIT
vitest_cmd="npx vitest run --reporter=default --reporter=json --outputFile.json=$results/vitest.json"
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  # Fresh keyring folders: an existing login keyring with another password would leave the collection locked.
  XDG_DATA_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d)
  temps+=("$XDG_DATA_HOME" "$XDG_RUNTIME_DIR")
  chmod 700 "$XDG_RUNTIME_DIR"
  export XDG_DATA_HOME XDG_RUNTIME_DIR
  dbus-run-session -- bash -c "echo -n test-keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && export DEVIN_TEST_KEYCHAIN=1 && $vitest_cmd"
else
  echo "note: dbus-run-session or gnome-keyring-daemon not installed; keychain tests will skip" >&2
  $vitest_cmd
fi
vitest_rc=$?

[ -f out/renderer/index.html ] && [ -f out/main/index.js ] || npx electron-vite build >/dev/null
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json,./test/e2e/skip-reasons-reporter.ts
playwright_rc=$?

node scripts/summarize-tests.mjs "$results/vitest.json" "$results/playwright.json"
summary_rc=$?
[ $vitest_rc -eq 0 ] && [ $playwright_rc -eq 0 ] && [ $summary_rc -eq 0 ]
