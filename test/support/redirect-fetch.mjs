// Sends the global fetch's requests for fixed https:// hosts (pi-ai's and ours) to local test servers.
// As a preload: `OPENCLAW_TEST_ISSUER=http://127.0.0.1:PORT node --import ./test/support/redirect-fetch.mjs dist/...`
// points https://auth.openai.com at the fake issuer (without the env var it is a no-op). In-process tests
// call redirectOpenAI(issuer.url) or redirectFetch(routes) themselves and undo it with what they return.
// The offline guard goes in first, beneath every redirection: what is not redirected fails at once.
import './offline.mjs';

/**
 * Every fetch of a URL that starts with one of the routes' origins goes to its base instead (the rest of
 * the URL kept); a base may be a function, asked at each fetch (a server a test starts later). Returns the
 * function that puts the real fetch back.
 * @param {ReadonlyArray<readonly [string, string | (() => string)]>} routes [origin, base] pairs
 * @returns {() => void}
 */
export function redirectFetch(routes) {
  const realFetch = globalThis.fetch;
  const rewrite = (/** @type {string} */ url) => {
    for (const [origin, base] of routes) if (url.startsWith(origin)) return new URL(url.slice(origin.length), typeof base === 'function' ? base() : base).toString();
    return null;
  };
  globalThis.fetch = function redirectedFetch(input, init) {
    if (input instanceof Request) {
      const target = rewrite(input.url);
      // new Request(url, request) copies method, headers, body and signal.
      return realFetch(target ? new Request(target, input) : input, init);
    }
    const target = rewrite(input instanceof URL ? input.href : String(input));
    return realFetch(target ?? input, init);
  };
  return () => {
    globalThis.fetch = realFetch;
  };
}

/**
 * https://auth.openai.com to the fake issuer at `issuer`.
 * @param {string} issuer
 */
export function redirectOpenAI(issuer) {
  return redirectFetch([['https://auth.openai.com/', `${issuer}/`]]);
}

if (process.env.OPENCLAW_TEST_ISSUER) redirectOpenAI(process.env.OPENCLAW_TEST_ISSUER);
