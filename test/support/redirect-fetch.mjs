// Preload: `OPENCLAW_TEST_ISSUER=http://127.0.0.1:PORT node --import ./test/support/redirect-fetch.mjs dist/...`
// pi-ai hard-codes https://auth.openai.com, so point its fetches at the fake issuer.
// Without the env var this is a no-op.
const issuer = process.env.OPENCLAW_TEST_ISSUER;
const ORIGIN = "https://auth.openai.com";

if (issuer) {
  const realFetch = globalThis.fetch;
  const rewrite = (/** @type {string} */ url) =>
    url.startsWith(ORIGIN) ? new URL(url.slice(ORIGIN.length) || "/", issuer).toString() : null;

  globalThis.fetch = function redirectedFetch(input, init) {
    if (input instanceof Request) {
      const target = rewrite(input.url);
      // new Request(url, request) copies method, headers, body and signal.
      return realFetch(target ? new Request(target, input) : input, init);
    }
    const target = rewrite(input instanceof URL ? input.href : String(input));
    return realFetch(target ?? input, init);
  };
}
