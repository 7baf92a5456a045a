import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginCodex, LoginTimeoutError, type CodexLoginDeps, type CodexLoginEvents } from '../../src/auth/sign-in/codex-login.js';
import { CancelledError } from '../../src/base/errors.js';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { tempState } from '../support/cli.js';

const STATE = 'st4te';
const AUTH_URL = `https://auth.openai.com/oauth/authorize?client_id=x&state=${STATE}`;
type PiLogin = NonNullable<CodexLoginDeps['login']>;

let state: Awaited<ReturnType<typeof tempState>>;
let paths: AgentPaths;
beforeEach(async () => {
  state = await tempState();
  paths = resolveAgentPaths(state.env);
});
afterEach(() => state.cleanup());

/** pi-ai's contract as loginCodex sees it: onAuth, then the paste races the callback. */
function fakePiLogin(callback?: Promise<string | null>): { login: PiLogin; exchanged: string[] } {
  const exchanged: string[] = [];
  const login: PiLogin = async (options) => {
    options.onAuth({ url: AUTH_URL });
    const manual = options.onManualCodeInput!();
    const code = callback ? await Promise.race([callback, manual]) : await manual;
    exchanged.push(String(code));
    return { access: 'acc-new', refresh: 'ref-new', expires: 1_900_000_000_000, accountId: 'acct-9' };
  };
  return { login, exchanged };
}

function recorder() {
  const seen: string[] = [];
  const events: CodexLoginEvents = {
    onAuthUrl: ({ portBusy, headless }) => seen.push(`url busy=${portBusy} headless=${headless.headless}`),
    onBrowser: (launch) => seen.push(`browser ${launch.kind}`),
    onPasteRejected: (problem) => seen.push(`rejected ${problem.slice(0, 40)}`),
    onPhase: (phase) => seen.push(phase),
  };
  return { seen, events };
}

function deps(login: PiLogin, overrides: Partial<CodexLoginDeps> = {}): CodexLoginDeps & { opened: string[] } {
  const opened: string[] = [];
  return {
    env: {},
    headless: { headless: false, reason: null },
    openBrowser: async (url) => {
      opened.push(url);
      return { kind: 'opened', via: 'test' };
    },
    portIsFree: async () => true,
    warn: () => undefined,
    now: Date.now,
    login,
    opened,
    ...overrides,
  };
}

/** A paste source fed from a list; each call takes the next answer. */
function pastes(...answers: string[]) {
  return async (_check: unknown, signal: AbortSignal) => {
    const next = answers.shift();
    if (next !== undefined) return next;
    return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  };
}

describe('loginCodex', () => {
  it('a wrong-state paste is explained and asked again; the right one is exchanged and stored', async () => {
    await mkdir(paths.agentDir, { recursive: true });
    const previous = { type: 'oauth', provider: 'openai-codex', access: 'a0', refresh: 'r0', expires: 1, custom: 'kept' };
    await writeFile(paths.storeFile, JSON.stringify({
      version: 1,
      profiles: { 'openai-codex:default': previous },
      usageStats: { 'openai-codex:default': { reloginRequired: { since: 1, reason: 'refresh_token_reused' } } },
    }));
    const { login, exchanged } = fakePiLogin();
    const { seen, events } = recorder();
    const d = deps(login);
    const result = await loginCodex(
      { paths, profileId: 'openai-codex:default', signal: new AbortController().signal, readPaste: pastes('CODE#other', `http://localhost:1455/auth/callback?code=GOOD&state=${STATE}`) },
      events,
      d,
    );
    expect(result).toMatchObject({ profileId: 'openai-codex:default', accountId: 'acct-9' });
    expect(exchanged).toEqual([`GOOD#${STATE}`]);
    expect(seen).toEqual(['url busy=false headless=false', 'browser opened', 'rejected That address is from a different sign-in', 'exchanging', 'saving']);
    const store = JSON.parse(await readFile(paths.storeFile, 'utf8'));
    // A new sign-in replaces the profile whole: nothing of the earlier one (its custom field) stays.
    expect(store.profiles['openai-codex:default']).toEqual({ type: 'oauth', provider: 'openai-codex', access: 'acc-new', refresh: 'ref-new', expires: 1_900_000_000_000, accountId: 'acct-9' });
    expect(store.usageStats).toBeUndefined();
  });

  it('headless, --no-browser or a busy port: no browser is launched', async () => {
    for (const [overrides, noBrowser] of [
      [{ headless: { headless: true, reason: 'ssh' } }, false],
      [{}, true],
      [{ portIsFree: async () => false }, false],
    ] as [Partial<CodexLoginDeps>, boolean][]) {
      const { login } = fakePiLogin();
      const d = deps(login, overrides);
      await loginCodex({ paths, profileId: 'openai-codex:default', noBrowser, signal: new AbortController().signal, readPaste: pastes(`C#${STATE}`) }, recorder().events, d);
      expect(d.opened).toEqual([]);
    }
  });

  it('times out with a message and writes nothing', async () => {
    const { login } = fakePiLogin();
    const error = await loginCodex(
      { paths, profileId: 'openai-codex:default', signal: new AbortController().signal, readPaste: pastes(), timeoutMs: 50 },
      recorder().events,
      deps(login),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginTimeoutError);
    await expect(readFile(paths.storeFile)).rejects.toThrow(/ENOENT/);
  });

  it('cancel aborts the paste and writes nothing, even if the callback arrives afterwards', async () => {
    let deliver!: (code: string) => void;
    const { login } = fakePiLogin(new Promise((resolve) => (deliver = resolve)));
    const abort = new AbortController();
    const running = loginCodex({ paths, profileId: 'openai-codex:default', signal: abort.signal, readPaste: pastes() }, recorder().events, deps(login));
    await new Promise((r) => setTimeout(r, 10));
    abort.abort(new CancelledError());
    deliver('LATE');
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    await expect(readFile(paths.storeFile)).rejects.toThrow(/ENOENT/);
  });

  it('the browser callback wins: the paste prompt is told to stop', async () => {
    let pasteSignal: AbortSignal | undefined;
    const { login } = fakePiLogin(Promise.resolve('FROM-CALLBACK'));
    await loginCodex(
      {
        paths,
        profileId: 'openai-codex:work',
        signal: new AbortController().signal,
        readPaste: (_check, signal) => {
          pasteSignal = signal;
          return new Promise(() => undefined);
        },
      },
      recorder().events,
      deps(login),
    );
    expect(pasteSignal?.aborted).toBe(true);
    expect(JSON.parse(await readFile(paths.storeFile, 'utf8')).profiles['openai-codex:work'].accountId).toBe('acct-9');
  });

  it('a failed exchange says what happened without the endpoint body, and writes nothing', async () => {
    const login: PiLogin = async (options) => {
      options.onAuth({ url: AUTH_URL });
      await options.onManualCodeInput!();
      throw new Error('OpenAI Codex token exchange failed (400): {"error":"invalid_grant","refresh_token":"rt_LEAK"}');
    };
    const error = (await loginCodex(
      { paths, profileId: 'openai-codex:default', signal: new AbortController().signal, readPaste: pastes(`C#${STATE}`) },
      recorder().events,
      deps(login),
    ).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/HTTP 400, invalid_grant/);
    expect(error.message).not.toContain('LEAK');
    await expect(readFile(paths.storeFile)).rejects.toThrow(/ENOENT/);
  });
});
