import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLoginFailure } from '../../src/auth/sign-in/codex-login.js';
import { checkRedirectPaste, stateOf } from '../../src/auth/sign-in/redirect-paste.js';
import { openBrowser } from '../../src/env/browser.js';
import { detectHeadless } from '../../src/env/headless.js';

const STATE = 'abc123state';

describe('checkRedirectPaste', () => {
  const cases: [string, string, { input?: string; problem?: RegExp }][] = [
    ['full redirect URL', `http://localhost:1455/auth/callback?code=CODE1&state=${STATE}`, { input: `CODE1#${STATE}` }],
    ['URL wrapped over lines', `http://localhost:1455/auth/cal\nlback?code=CODE1&st\r\nate=${STATE}  `, { input: `CODE1#${STATE}` }],
    ['code#state', `CODE2#${STATE}`, { input: `CODE2#${STATE}` }],
    ['query string', `?code=CODE3&state=${STATE}`, { input: `CODE3#${STATE}` }],
    ['query string without ?', `code=CODE4&state=${STATE}&scope=x`, { input: `CODE4#${STATE}` }],
    ['bare code', 'CODE5', { input: 'CODE5' }],
    ['state of another attempt', 'http://localhost:1455/auth/callback?code=C&state=other', { problem: /different sign-in attempt/ }],
    ['code#other-state', 'C#other', { problem: /different sign-in attempt/ }],
    ['access_denied', `http://localhost:1455/auth/callback?error=access_denied&state=${STATE}`, { problem: /cancelled or access was denied/ }],
    ['other OAuth error', `http://localhost:1455/auth/callback?error=server_error&error_description=boom&state=${STATE}`, { problem: /server_error.*boom/ }],
    ['URL without code', 'http://localhost:1455/auth/callback?state=x', { problem: /no code/ }],
    ['empty', '  \n ', { problem: /Nothing was pasted/ }],
    ['garbage', 'hello world <script>', { problem: /does not look like/ }],
    ['escape sequences around a code', `\u001b[200~CODE6#${STATE}\u001b[201~`, { input: `CODE6#${STATE}` }],
  ];
  for (const [name, raw, expected] of cases) {
    it(name, () => {
      const result = checkRedirectPaste(raw, STATE);
      if (expected.input) expect(result).toEqual({ ok: true, input: expected.input });
      else expect(!result.ok && result.problem).toMatch(expected.problem!);
    });
  }
  it('reads the state of an authorize URL', () => {
    expect(stateOf(`https://auth.openai.com/oauth/authorize?a=1&state=${STATE}`)).toBe(STATE);
    expect(stateOf('not a url')).toBeNull();
  });
});

describe('detectHeadless', () => {
  const table: [Record<string, string>, NodeJS.Platform, boolean][] = [
    [{ SSH_CONNECTION: '1 2 3 4', DISPLAY: ':0' }, 'linux', true],
    [{ SSH_CLIENT: '1 2 3' }, 'darwin', true],
    [{ SSH_TTY: '/dev/pts/1' }, 'darwin', true],
    [{ CODESPACES: 'true', DISPLAY: ':0' }, 'linux', true],
    [{ REMOTE_CONTAINERS: 'true' }, 'darwin', true],
    [{}, 'linux', true],
    [{ DISPLAY: ':0' }, 'linux', false],
    [{ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', false],
    [{}, 'darwin', false],
    [{}, 'win32', false],
  ];
  for (const [env, platform, headless] of table) {
    it(`${JSON.stringify(env)} on ${platform} → ${headless ? 'headless' : 'desktop'}`, () => {
      expect(detectHeadless(env, platform).headless).toBe(headless);
    });
  }
});

describe('openBrowser', () => {
  it('BROWSER=none opens nothing', async () => {
    expect(await openBrowser('https://x', { BROWSER: 'none' })).toEqual({ kind: 'disabled' });
  });
  it('runs $BROWSER with a page that forwards to the URL (the URL itself stays off argv)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oc-browser-'));
    const script = join(dir, 'browser.sh');
    await writeFile(script, `#!/bin/sh\nprintf '%s' "$1" > "${dir}/arg"\ncat "$1" > "${dir}/got"\n`);
    await chmod(script, 0o755);
    const url = 'https://auth.openai.com/oauth/authorize?a=1&b=2';
    expect(await openBrowser(url, { BROWSER: script, PATH: process.env.PATH })).toMatchObject({ kind: 'opened' });
    await expect.poll(() => readFile(join(dir, 'got'), 'utf8').catch(() => '')).toContain('location.replace("https://auth.openai.com/oauth/authorize?a=1&b=2")');
    expect(await readFile(join(dir, 'arg'), 'utf8')).toMatch(/sign-in\.html$/);
  });
  it('reports a browser that cannot start, without throwing', async () => {
    const result = await openBrowser('https://x', { BROWSER: '/nonexistent/browser', PATH: process.env.PATH });
    expect(result).toMatchObject({ kind: 'failed' });
  });
});

describe('describeLoginFailure', () => {
  it('keeps the status and OAuth code, never the body', () => {
    const body = '{"error":"invalid_grant","error_description":"code CANARY-123 expired","refresh_token":"rt_SECRET"}';
    const text = describeLoginFailure(new Error(`OpenAI Codex token exchange failed (400): ${body}`));
    expect(text).toMatch(/HTTP 400, invalid_grant/);
    expect(text).not.toMatch(/CANARY|SECRET/);
  });
  it('explains a network failure', () => {
    expect(describeLoginFailure(new TypeError('fetch failed'))).toMatch(/could not be reached/);
  });
  it('redacts and strips anything else', () => {
    const text = describeLoginFailure(new Error('weird \u001b]0;title\u0007 eyJhbGciOi.eyJzdWIiOiIx.sig'));
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('eyJ');
  });
});
