// Preload: `OPENCLAW_TEST_PROBES=http://127.0.0.1:PORT node --import ./test/support/redirect-probes.mjs dist/...`
// sends every provider probe host (PROBE_HOSTS of probe-standin.mjs) to the stand-in there. Without the
// env var it is a no-op; in-process tests call redirectProbes(base) and undo it with what it returns.
import { redirectFetch } from './redirect-fetch.mjs';
import { PROBE_HOSTS } from './probe-standin.mjs';

/** @param {string} base */
export function redirectProbes(base) {
  return redirectFetch(PROBE_HOSTS.map(([origin, prefix]) => [origin, `${base}/${prefix}`]));
}

if (process.env.OPENCLAW_TEST_PROBES) redirectProbes(process.env.OPENCLAW_TEST_PROBES);
