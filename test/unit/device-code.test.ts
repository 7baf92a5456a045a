import { readFile, readdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEVICE_CODE_LIFETIME_MS, DEVICE_URL, DeviceCodeDisabledError, intervalMs, loginCodexDevice } from '../../src/auth/sign-in/device-code.js';
import { CancelledError } from '../../src/base/errors.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { tempState } from '../support/cli.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { redirectOpenAI } from '../support/redirect-fetch.mjs';

let issuer: Issuer;
let undoRedirect: () => void;
beforeAll(async () => {
  issuer = await startIssuer({ accountId: 'acct_device1', email: 'dev@example.com' });
  // Our code calls https://auth.openai.com: send it to the issuer.
  undoRedirect = redirectOpenAI(issuer.url);
});
afterAll(async () => {
  undoRedirect();
  await issuer.close();
});

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
  issuer.setMode({ deviceDisabled: false, deviceInterval: 5, deviceUserCodeKey: 'user_code', deviceSlowDown: 0 });
});
afterEach(() => state.cleanup());

/** An injected clock: sleeping advances it; `onSleep` plays the user (approving after n polls, say). */
function world(onSleep: (n: number, code: string) => void = () => undefined, desktop = false) {
  let clock = Date.UTC(2026, 0, 15, 12);
  const sleeps: number[] = [];
  const codes: { userCode: string; url: string; expiresAt: number }[] = [];
  const phases: string[] = [];
  const opened: string[] = [];
  const launches: string[] = [];
  const deps = {
    headless: desktop ? { headless: false, reason: null } : { headless: true, reason: 'this is an SSH session' },
    openBrowser: async (url: string) => {
      opened.push(url);
      return { kind: 'opened' as const, via: 'a test browser' };
    },
    env: {},
    warn: () => undefined,
    now: () => clock,
    sleep: async (ms: number, signal: AbortSignal) => {
      if (signal.aborted) throw signal.reason;
      sleeps.push(ms);
      clock += ms;
      onSleep(sleeps.length, codes[0]!.userCode);
    },
  };
  const events = {
    onCode: (c: (typeof codes)[number]) => codes.push(c),
    onPhase: (p: string) => phases.push(p),
    onBrowser: (launch: { kind: string }) => launches.push(launch.kind),
  };
  return { deps, events, sleeps, codes, phases, opened, launches, paths: resolveAgentPaths(state.env), now: () => clock };
}

const storeText = (paths: { storeFile: string }) => readFile(paths.storeFile, 'utf8').catch(() => null);

describe('device code sign-in against the test issuer', () => {
  it('shows the code and the device URL, polls until approved, exchanges, stores the profile with its account and email', async () => {
    const w = world((n, code) => n === 2 && issuer.approveDevice(code));
    const polls = issuer.stats.devicePolls;
    const result = await loginCodexDevice({ paths: w.paths, profileId: 'openai-codex:default', signal: new AbortController().signal }, w.events, w.deps);
    expect(w.codes).toHaveLength(1);
    expect(w.codes[0]!.url).toBe(DEVICE_URL);
    expect(w.codes[0]!.userCode).toMatch(/^[A-F0-9]{4}-[A-F0-9]{4}$/);
    expect(w.codes[0]!.expiresAt).toBe(Date.UTC(2026, 0, 15, 12) + DEVICE_CODE_LIFETIME_MS);
    expect(w.phases).toEqual(['waiting', 'exchanging', 'saving']);
    expect(w.sleeps).toEqual([5000, 5000]);
    expect(issuer.stats.devicePolls - polls).toBe(2);
    expect(result).toMatchObject({ profileId: 'openai-codex:default', accountId: 'acct_device1', email: 'dev@example.com' });

    const text = (await storeText(w.paths))!;
    const stored = JSON.parse(text).profiles['openai-codex:default'];
    expect(stored).toMatchObject({ type: 'oauth', provider: 'openai-codex', accountId: 'acct_device1', email: 'dev@example.com' });
    expect(stored.expires).toBe(w.now() + 3600_000);
    expect(issuer.isCurrentRefresh(stored.refresh)).toBe(true);
    // The user code is never stored.
    expect(text).not.toContain(w.codes[0]!.userCode);
  });

  it('reads a user code sent as "usercode", and an interval under 1 s is raised to 1 s', async () => {
    issuer.setMode({ deviceUserCodeKey: 'usercode', deviceInterval: '0.2' });
    const w = world((n, code) => n === 1 && issuer.approveDevice(code));
    await loginCodexDevice({ paths: w.paths, profileId: 'openai-codex:work', signal: new AbortController().signal }, w.events, w.deps);
    expect(w.sleeps).toEqual([1000]);
    expect(JSON.parse((await storeText(w.paths))!).profiles['openai-codex:work']).toBeDefined();
  });

  it('honours slow_down: each one adds 5 s to the interval', async () => {
    issuer.setMode({ deviceInterval: 2, deviceSlowDown: 2 });
    const w = world((n, code) => n === 3 && issuer.approveDevice(code));
    await loginCodexDevice({ paths: w.paths, profileId: 'openai-codex:default', signal: new AbortController().signal }, w.events, w.deps);
    expect(w.sleeps).toEqual([2000, 7000, 12000]);
  });

  it('404 from the user-code request: not enabled, names the browser sign-in, writes nothing', async () => {
    issuer.setMode({ deviceDisabled: true });
    const w = world();
    const error = await loginCodexDevice({ paths: w.paths, profileId: 'openai-codex:default', signal: new AbortController().signal }, w.events, w.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceCodeDisabledError);
    expect((error as Error).message).toMatch(/not enabled/);
    expect((error as Error).message).toContain('openclaw models auth login --provider openai-codex');
    expect(w.codes).toEqual([]);
    expect(await readdir(state.dir)).toEqual([]);
  });

  it('never approved: ends after 15 minutes of the injected clock, polls no more, writes nothing', async () => {
    const w = world();
    const polls = issuer.stats.devicePolls;
    const error = await loginCodexDevice({ paths: w.paths, profileId: 'openai-codex:default', signal: new AbortController().signal }, w.events, w.deps).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/expired after 15 minutes/);
    expect(w.now() - Date.UTC(2026, 0, 15, 12)).toBeLessThanOrEqual(DEVICE_CODE_LIFETIME_MS);
    expect(issuer.stats.devicePolls - polls).toBe(DEVICE_CODE_LIFETIME_MS / 5000);
    expect(await readdir(state.dir)).toEqual([]);
  });

  it('cancel while polling: rejects with the cancel at once, sends no further poll, writes nothing', async () => {
    const cancel = new AbortController();
    const w = world((n) => n === 2 && cancel.abort(new CancelledError()));
    const polls = issuer.stats.devicePolls;
    const error = await loginCodexDevice({ paths: w.paths, profileId: 'openai-codex:default', signal: cancel.signal }, w.events, w.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    await new Promise((r) => setTimeout(r, 50));
    expect(issuer.stats.devicePolls - polls).toBe(1);
    expect(await readdir(state.dir)).toEqual([]);
  });

  it('a user code holding escape sequences is refused, never shown: nothing written', async () => {
    issuer.setMode({ deviceUserCode: 'AB\u001b]0;PWNED\u0007\u001b[2J' });
    const w = world();
    const error = await loginCodexDevice({ paths: w.paths, profileId: 'openai-codex:default', signal: new AbortController().signal }, w.events, w.deps).catch((e: unknown) => e);
    issuer.setMode({ deviceUserCode: undefined });
    expect((error as Error).message).not.toMatch(/\u001b|PWNED/);
    expect(w.codes).toEqual([]);
    expect(await readdir(state.dir)).toEqual([]);
  });

  it('on a desktop the device page is opened once (argv-safe launch) and reported; headless or --no-browser, never', async () => {
    const desk = world((n, code) => n === 1 && issuer.approveDevice(code), true);
    await loginCodexDevice({ paths: desk.paths, profileId: 'openai-codex:default', signal: new AbortController().signal }, desk.events, desk.deps);
    expect(desk.opened).toEqual([DEVICE_URL]);
    expect(desk.launches).toEqual(['opened']);
    const flagged = world((n, code) => n === 1 && issuer.approveDevice(code), true);
    await loginCodexDevice({ paths: flagged.paths, profileId: 'openai-codex:b', signal: new AbortController().signal, noBrowser: true }, flagged.events, flagged.deps);
    const ssh = world((n, code) => n === 1 && issuer.approveDevice(code));
    await loginCodexDevice({ paths: ssh.paths, profileId: 'openai-codex:c', signal: new AbortController().signal }, ssh.events, ssh.deps);
    expect([...flagged.opened, ...ssh.opened]).toEqual([]);
  });

  it('intervalMs: seconds as a string or number, at least 1 s, 5 s when missing', () => {
    expect(intervalMs('5')).toBe(5000);
    expect(intervalMs(3)).toBe(3000);
    expect(intervalMs('0.1')).toBe(1000);
    expect(intervalMs(undefined)).toBe(5000);
    expect(intervalMs('soon')).toBe(5000);
  });
});
