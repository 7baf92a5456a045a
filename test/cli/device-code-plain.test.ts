import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { redirectFetch } from '../support/redirect-fetch.mjs';

// A user-level review: `models auth login --provider openai-codex --device-code` with no terminal (a
// script, a CI job) printed clack's frame to stdout: box-drawing guides, spinner bars and diamonds. Off a
// terminal it says plain lines; what a person must read and do (the page, the code, progress) goes to
// stderr, so a script that captures stdout does not swallow the code, and stdout carries the outcome.
let issuer: Issuer;
let state: Awaited<ReturnType<typeof tempState>>;
let undo: () => void;
const CODE = 'ABCD-1234';
// clack's guides and symbols, the spinner's frames, and any escape sequence.
const FRAME = /[│┌└◇◆■▲●○◒◐◓◑┐┘─╮╯╭╰]|\u001b/;

beforeAll(async () => {
  issuer = await startIssuer({ accountId: 'acct_plain1', email: 'ci@example.com' });
  undo = redirectFetch([['https://auth.openai.com/', `${issuer.url}/`]]);
});
afterAll(async () => {
  undo();
  await issuer.close();
});
beforeEach(async () => {
  state = await tempState();
  issuer.setMode({ deviceDisabled: false, deviceInterval: 1, deviceUserCode: CODE });
});
afterEach(() => state.cleanup());

/** Approves the code as soon as it is handed out, as the user does on another device. */
function approveWhenAsked(): () => void {
  const timer = setInterval(() => {
    if (issuer.deviceUserCodes().includes(CODE)) issuer.approveDevice(CODE);
  }, 50);
  return () => clearInterval(timer);
}

const login = (env: Record<string, string> = {}) =>
  runInProcess(['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code', '--no-verify'], { env: { ...state.env, ...env } });

describe('device code with no terminal', () => {
  it('plain lines: the page, the code and progress on stderr; stdout only the outcome; no frame anywhere', async () => {
    const stop = approveWhenAsked();
    const result = await login().finally(stop);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(FRAME);
    expect(result.stderr).not.toMatch(FRAME);
    const err = result.stderr.split('\n');
    // The URL and the code each alone on a line: they copy whole.
    expect(err).toContain('https://auth.openai.com/codex/device');
    expect(err.map((line) => line.trim())).toContain(CODE);
    expect(result.stderr).toContain('The code expires in 15 minutes.');
    expect(result.stderr).toContain('Never share this code');
    expect(result.stderr).toContain('Waiting for the code to be approved');
    expect(result.stdout).not.toContain(CODE);
    expect(result.stdout).not.toContain('auth.openai.com');
    expect(result.stdout).toMatch(/^Signed in as ci@example\.com, ChatGPT account acct_plain1/m);
    expect(result.stdout).toContain(storeFileOf(state.dir));
    const profile = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai-codex:default'];
    expect(profile).toMatchObject({ type: 'oauth', accountId: 'acct_plain1' });
  }, 30_000);

  it('in Traditional Chinese too', async () => {
    const stop = approveWhenAsked();
    const result = await login({ LANG: 'zh_TW.UTF-8' }).finally(stop);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(FRAME);
    expect(result.stderr).toContain('https://auth.openai.com/codex/device');
    expect(result.stderr).toContain(CODE);
    expect(result.stdout).not.toContain(CODE);
  }, 30_000);

  it('a failure is one error line on stderr, and stdout stays empty', async () => {
    issuer.setMode({ deviceDisabled: true });
    const result = await login();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(FRAME);
    expect(result.stderr).toMatch(/^error: Device sign-in is not enabled/m);
  });
});
