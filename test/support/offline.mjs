// Tests never reach the internet (house rules): every fetch of a host that is not this machine (or a
// reserved test name: *.invalid, *.test, *.example, *.localhost, which only a test proxy can resolve) fails
// at once, as a refused connection does. A sign-in is checked live now (issue 21): a test that gives no
// stand-in sees "could not be checked" at once instead of waiting out a deadline or reaching a real server.
// Loaded by test/support/setup.ts in every test process and preloaded into every CLI the tests spawn
// (test/support/cli.ts); redirections (redirect-fetch.mjs) wrap it, so what they send to 127.0.0.1 passes.

const LOCAL = /^(?:127\.\d+\.\d+\.\d+|\[::1\]|::1|localhost)$/i;
const RESERVED = /\.(?:invalid|test|example|localhost)$/i;

/** @param {string | undefined} value */
const isLocal = (value) => {
  try {
    return value !== undefined && value !== '' && LOCAL.test(new URL(value).hostname);
  } catch {
    return false;
  }
};

/**
 * A test's proxy on this machine (test/e2e/proxy.test.ts) carries a real host name to 127.0.0.1 or refuses
 * it: nothing leaves the machine, so the request is its to answer.
 */
const throughLocalProxy = () =>
  ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].some((name) => isLocal(process.env[name]));

/** @param {string} url */
export function isOffLimits(url) {
  let host;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return !(LOCAL.test(host) || RESERVED.test(host) || throughLocalProxy());
}

// Installed once per process, beneath any redirection (redirect-fetch.mjs imports this module first).
const marks = /** @type {{ openclawOffline?: boolean }} */ (globalThis);
if (!marks.openclawOffline) {
  marks.openclawOffline = true;
  const realFetch = globalThis.fetch;
  const offlineFetch = function offlineFetch(/** @type {RequestInfo | URL} */ input, /** @type {RequestInit | undefined} */ init) {
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : String(input);
    if (isOffLimits(url)) {
      const cause = Object.assign(new Error(`connect ECONNREFUSED (tests are offline: ${new URL(url).host})`), { code: 'ECONNREFUSED' });
      return Promise.reject(new TypeError('fetch failed', { cause }));
    }
    return realFetch(input, init);
  };
  globalThis.fetch = offlineFetch;
}
