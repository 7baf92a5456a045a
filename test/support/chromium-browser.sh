#!/bin/sh
# $BROWSER stand-in for tests: follow the sign-in with headless Chromium against the fake issuer, so the
# redirect lands on pi-ai's localhost:1455 callback like a real browser would. Returns immediately
# (opener semantics). openclaw hands a browser a private page that forwards to the authorize URL (SPEC 7):
# Chromium opens a copy of that page with https://auth.openai.com pointed at the issuer, and follows it.
set -eu
: "${OPENCLAW_TEST_ISSUER:?OPENCLAW_TEST_ISSUER must be set}"
log=${OPENCLAW_TEST_BROWSER_LOG:-/dev/null}
profile=$(mktemp -d)
if [ -f "$1" ]; then
  sed "s#https://auth\.openai\.com#${OPENCLAW_TEST_ISSUER}#g" "$1" > "$profile/forward.html"
  target="file://$profile/forward.html"
else
  target=$(printf '%s' "$1" | sed "s#^https://auth\.openai\.com#${OPENCLAW_TEST_ISSUER}#")
fi

# Detached subshell: keeps running after we return, then removes the profile.
(
  "${CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile/data" --dump-dom "$target" >>"$log" 2>&1 || true
  rm -rf "$profile"
) </dev/null >/dev/null 2>&1 &
