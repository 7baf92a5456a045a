#!/bin/sh
# $BROWSER stand-in for tests: follow the authorize URL with headless Chromium
# against the fake issuer, so the redirect lands on pi-ai's localhost:1455
# callback like a real browser would. Returns immediately (opener semantics).
set -eu
: "${OPENCLAW_TEST_ISSUER:?OPENCLAW_TEST_ISSUER must be set}"
url=$(printf '%s' "$1" | sed "s#^https://auth\.openai\.com#${OPENCLAW_TEST_ISSUER}#")
log=${OPENCLAW_TEST_BROWSER_LOG:-/dev/null}
profile=$(mktemp -d)

# Detached subshell: keeps running after we return, then removes the profile.
(
  "${CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile" --dump-dom "$url" >>"$log" 2>&1 || true
  rm -rf "$profile"
) </dev/null >/dev/null 2>&1 &
