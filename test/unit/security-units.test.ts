import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginCodex, type CodexLoginDeps } from '../../src/auth/sign-in/codex-login.js';
import { checkRedirectPaste } from '../../src/auth/sign-in/redirect-paste.js';
import { openBrowser } from '../../src/env/browser.js';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { portIsFree } from '../../src/env/port.js';
import { writeFileAtomic } from '../../src/store/files.js';
import { saveOAuthProfile } from '../../src/store/profiles.js';
import { moveAsideCorruptStore } from '../../src/store/store.js';
import { tempState } from '../support/cli.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let state: Awaited<ReturnType<typeof tempState>>;
let paths: AgentPaths;
beforeEach(async () => {
  state = await tempState();
  paths = resolveAgentPaths(state.env);
});
afterEach(() => state.cleanup());

describe('login CSRF: the authorize URL never goes on a command line', () => {
  const URL_WITH_STATE = 'https://auth.openai.com/oauth/authorize?client_id=x&state=StAtE123&code_challenge=ChAlLeNgE456&a=1&b=%22%3C';

  async function fakeBrowser(body: string): Promise<{ dir: string; script: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'oc-sec-browser-'));
    const script = join(dir, 'browser.sh');
    await writeFile(script, `#!/bin/sh\n${body}\n`);
    await chmod(script, 0o755);
    return { dir, script };
  }

  it('$BROWSER gets a 0600 file in a 0700 directory that forwards to the URL', async () => {
    const { dir, script } = await fakeBrowser(`printf '%s' "$1" > "$(dirname "$0")/arg"; cp "$1" "$(dirname "$0")/page"; stat -c '%a' "$1" > "$(dirname "$0")/mode"; stat -c '%a' "$(dirname "$1")" > "$(dirname "$0")/dirmode"`);
    expect(await openBrowser(URL_WITH_STATE, { BROWSER: script, PATH: process.env.PATH })).toMatchObject({ kind: 'opened' });
    await expect.poll(() => readFile(join(dir, 'dirmode'), 'utf8').catch(() => '')).not.toBe('');
    const arg = await readFile(join(dir, 'arg'), 'utf8');
    expect(arg).not.toMatch(/StAtE123|ChAlLeNgE456|https?:/);
    expect((await readFile(join(dir, 'mode'), 'utf8')).trim()).toBe('600');
    expect((await readFile(join(dir, 'dirmode'), 'utf8')).trim()).toBe('700');
    const page = await readFile(join(dir, 'page'), 'utf8');
    expect(page).toContain('http-equiv="refresh"');
    expect(page).toContain('location.replace(');
    // The URL, escaped for HTML: '&' as '&amp;', never a raw quote or '<' that could end the attribute.
    expect(page).toContain('state=StAtE123&amp;code_challenge=ChAlLeNgE456');
    expect(page).not.toContain('"<');
  });

  it.skipIf(!isRoot)('another local user running ps sees no state or challenge while the browser runs', async () => {
    const { dir, script } = await fakeBrowser(`touch "$(dirname "$0")/started"; sleep 3`);
    await openBrowser(URL_WITH_STATE, { BROWSER: script, PATH: process.env.PATH });
    await expect.poll(() => stat(join(dir, 'started')).then(() => true, () => false)).toBe(true);
    const { stdout } = await run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'ps', '-eo', 'args']);
    expect(stdout).toContain(script);
    expect(stdout).not.toMatch(/StAtE123|ChAlLeNgE456/);
  });

  it('the forwarding file is removed again', async () => {
    const { dir, script } = await fakeBrowser(`printf '%s' "$1" > "$(dirname "$0")/arg"`);
    await openBrowser(URL_WITH_STATE, { BROWSER: script, PATH: process.env.PATH }, { keepMs: 200 });
    await expect.poll(() => readFile(join(dir, 'arg'), 'utf8').catch(() => '')).not.toBe('');
    const file = await readFile(join(dir, 'arg'), 'utf8');
    await expect.poll(() => stat(file).then(() => 'there', () => 'gone'), { timeout: 3000 }).toBe('gone');
  });
});

describe('sign-in: the account id from the token is checked, and the account is shown', () => {
  const events = { onAuthUrl: () => undefined, onBrowser: () => undefined, onPasteRejected: () => undefined, onPhase: () => undefined };
  const jwt = (claims: object) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  function deps(accountId: string, access = 'acc-new'): CodexLoginDeps {
    return {
      env: {},
      headless: { headless: true, reason: 'test' },
      openBrowser: async () => ({ kind: 'disabled' }),
      portIsFree: async () => true,
      warn: () => undefined,
      now: Date.now,
      login: async (options) => {
        options.onAuth({ url: 'https://auth.openai.com/oauth/authorize?state=s' });
        await options.onManualCodeInput!();
        return { access, refresh: 'ref-new', expires: 1_900_000_000_000, accountId };
      },
    };
  }
  const request = () => ({ paths, profileId: 'openai-codex:default', signal: new AbortController().signal, readPaste: async () => 'CODE#s' });

  it('an account id with terminal escapes is refused and nothing is written', async () => {
    const error = await loginCodex(request(), events, deps('acct\u001b]0;pwned\u0007')).catch((e: unknown) => e);
    expect(String(error)).toMatch(/account id/);
    expect(String(error)).not.toMatch(CONTROL);
    await expect(readFile(paths.storeFile)).rejects.toThrow(/ENOENT/);
  });

  it('the email the token names comes back with the account (and is stored)', async () => {
    const access = jwt({ 'https://api.openai.com/profile': { email: 'me@example.com' }, 'https://api.openai.com/auth': { chatgpt_account_id: 'acct-1' } });
    const result = await loginCodex(request(), events, deps('acct-1', access));
    expect(result).toMatchObject({ accountId: 'acct-1', email: 'me@example.com' });
    const store = JSON.parse(await readFile(paths.storeFile, 'utf8'));
    expect(store.profiles['openai-codex:default'].email).toBe('me@example.com');
  });

  it('an email with control characters is not taken', async () => {
    const access = jwt({ 'https://api.openai.com/profile': { email: 'me\u001b]52;c;eA==\u0007@example.com' } });
    const result = await loginCodex(request(), events, deps('acct-1', access));
    expect(result.email).toBeNull();
  });
});

describe('a pasted address with an OAuth error', () => {
  it('shows the error without the control characters it decodes to', () => {
    const check = checkRedirectPaste('http://localhost:1455/auth/callback?error=%1b%5d0%3bpwned%07oops&error_description=%1b%5b2J', 's');
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problem).not.toMatch(CONTROL);
      expect(check.problem).toContain('oops');
    }
  });
});

describe('the port check', () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('a port taken on ::1 only is not free', async () => {
    const listening = createServer();
    const bound = await new Promise<number | null>((resolve) => {
      listening.once('error', () => resolve(null));
      listening.listen({ port: 0, host: '::1', exclusive: true }, () => resolve((listening.address() as { port: number }).port));
    });
    if (bound === null) return; // no IPv6 loopback here: nothing to test
    server = listening;
    expect(await portIsFree(bound)).toBe(false);
  });
});

describe('leftovers of the store', () => {
  it('a temporary file is removed when the write fails after creating it', async () => {
    await mkdir(paths.agentDir, { recursive: true });
    const error = await writeFileAtomic(paths.storeFile, 'x'.repeat(10), () => {
      throw new Error('lock lost');
    }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/lock lost/);
    expect((await readdir(paths.agentDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a store moved aside as .corrupt-<timestamp> is 0600', async () => {
    await mkdir(paths.agentDir, { recursive: true });
    await writeFile(paths.storeFile, '{ broken');
    await chmod(paths.storeFile, 0o644);
    const target = await moveAsideCorruptStore(paths, { warn: () => undefined });
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });
});

describe('echoed flag values', () => {
  it('a short mistyped value is quoted, a long one is not, a secret-shaped one is masked', async () => {
    const { echoed } = await import('../../src/base/redact.js');
    expect(echoed('Anthropic')).toBe('"Anthropic"');
    expect(echoed('x'.repeat(33))).toBe('(33 characters, not shown)');
    expect(echoed('sk-abcdefghij12')).toBe('"[redacted]"');
    expect(echoed('a\u001b]0;t\u0007b')).not.toMatch(CONTROL);
  });
});

describe('forwarding pages left by a killed sign-in', () => {
  it('are removed by the next sign-in once older than their keep time; fresh ones and foreign names stay', async () => {
    const { mkdtemp, mkdir, readdir, utimes, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { writeForwardingFile } = await import('../../src/env/browser-page.js');
    const parent = await mkdtemp(join(tmpdir(), 'oc-pages-'));
    try {
      const old = join(parent, 'openclaw-signin-old');
      await mkdir(old);
      const past = new Date(Date.now() - 120_000);
      await utimes(old, past, past);
      await mkdir(join(parent, 'openclaw-signin-fresh'));
      await mkdir(join(parent, 'someone-else'));
      await writeForwardingFile('https://auth.openai.com/x?state=s', 60_000, parent);
      const names = await readdir(parent);
      expect(names).not.toContain('openclaw-signin-old');
      expect(names).toContain('openclaw-signin-fresh');
      expect(names).toContain('someone-else');
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});

// Security review (issue 17, item 5): what a sign-in server sends is held to a pasted token's rule.
describe('a sign-in whose server sends tokens with control characters', () => {
  for (const [field, value] of [
    ['access', `eyJhbGciOiJub25lIn0.e30.sig\u001b]52;c;ZXZpbA==\u0007`],
    ['refresh', 'rt_\u001b[2Jcleared'],
    ['access', 'has a space'],
  ] as const) {
    it(`${field} ${JSON.stringify(value)}: refused, nothing written`, async () => {
      const entry = { id: 'openai-codex:default', provider: 'openai-codex', access: 'eyJhbGciOiJub25lIn0.e30.sig', refresh: 'rt_0123456789', expires: Date.now() + 3_600_000, [field]: value };
      const error = await saveOAuthProfile(paths, entry, { warn: () => undefined }).catch((e: unknown) => e);
      expect(String(error)).toMatch(/holds characters no token has.*nothing was saved/);
      expect(String(error)).not.toMatch(CONTROL);
      await expect(stat(paths.storeFile)).rejects.toThrow(/ENOENT/);
    });
  }
});
