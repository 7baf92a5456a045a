import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { checkSignIn } from '../../src/auth/probe/verify.js';
import { postToEndpoint, TokenRequestError } from '../../src/auth/token-http.js';
import { redirectFetch } from '../support/redirect-fetch.mjs';

/**
 * A request's deadline under garbage-collector pressure. On Node 20 an AbortSignal.timeout() that only an
 * AbortSignal.any() refers to can be collected before it fires, and the request then waits for ever (what
 * made a probe flaky): each deadline here is a timer of its own (src/base/deadline.ts). The server takes
 * each request and never answers; the test process collects garbage every few milliseconds while it waits.
 * The function is first optimised, as a busy process's hot code is: optimised code keeps no local it no
 * longer reads (the interpreter happens to keep them all), which is how a timeout held only by one is lost.
 */
setFlagsFromString('--expose-gc');
setFlagsFromString('--allow-natives-syntax');
const gc = runInNewContext('gc') as () => void;
// V8's own calls (%…), which only code compiled after the flag is set can spell.
const prepare = new Function('f', '%PrepareFunctionForOptimization(f)') as (f: unknown) => void;
const optimizeNext = new Function('f', '%OptimizeFunctionOnNextCall(f)') as (f: unknown) => void;

/** Runs `call` twice with a deadline of 1 ms (the feedback optimising needs), then has `f` optimised on its next call. */
async function optimised(f: unknown, call: (timeoutMs: number) => Promise<unknown>): Promise<void> {
  prepare(f);
  for (let i = 0; i < 2; i++) await call(1).catch(() => undefined);
  optimizeNext(f);
}

const DEADLINE_MS = 300;
let server: Server;
let base: string;
let pressure: NodeJS.Timeout;
beforeEach(async () => {
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pressure = setInterval(gc, 5);
});
afterEach(async () => {
  clearInterval(pressure);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** How long `work` took to settle, or Infinity when it had not after 5 s. */
async function settledIn(work: Promise<unknown>): Promise<{ ms: number; outcome: unknown }> {
  const started = performance.now();
  const outcome = await Promise.race([work.then((value) => value, (error: unknown) => error), new Promise((resolve) => setTimeout(resolve, 5_000, 'still waiting'))]);
  return { ms: outcome === 'still waiting' ? Infinity : performance.now() - started, outcome };
}

it('a token request to a server that never answers is cut at its deadline, the caller\'s signal given too', async () => {
  const cancel = new AbortController();
  const post = (timeoutMs: number) => postToEndpoint(`${base}/token`, { form: { grant_type: 'refresh_token' } }, { env: {}, signal: cancel.signal, timeoutMs });
  await optimised(postToEndpoint, post);
  for (let round = 0; round < 3; round++) {
    const { ms, outcome } = await settledIn(post(DEADLINE_MS));
    expect(outcome).toBeInstanceOf(TokenRequestError);
    expect((outcome as TokenRequestError).reason).toBe('timeout');
    expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 20);
    expect(ms).toBeLessThan(DEADLINE_MS + 1_500);
  }
});

it('a sign-in check (a probe) of a server that never answers is cut at its deadline, a cancel signal given too', async () => {
  const undo = redirectFetch([['https://api.anthropic.com/', () => `${base}/`]]);
  try {
    const cancel = new AbortController();
    const credential = { provider: 'anthropic', type: 'api_key' as const, secret: 'sk-ant-api03-silent' };
    const check = (timeoutMs: number) => checkSignIn(credential, { env: {}, now: Date.now, timeoutMs, signal: cancel.signal });
    await optimised(checkSignIn, check);
    for (let round = 0; round < 3; round++) {
      const { ms, outcome } = await settledIn(check(DEADLINE_MS));
      expect(outcome).toMatchObject({ kind: 'unchecked', outcome: { bucket: 'timeout' } });
      expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 20);
      expect(ms).toBeLessThan(DEADLINE_MS + 1_500);
    }
  } finally {
    undo();
  }
});
