import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, storeFileOf, tempState } from '../support/cli.js';
import { makeJwt, startIssuer, type IssuedGrant, type Issuer } from '../support/issuer.mjs';

// SPEC 11: openai-codex:codex-cli shares Codex CLI's grant: read before every refresh, written back after one.
let state: Awaited<ReturnType<typeof tempState>>;
let issuer: Issuer;
let codexHome: string;
beforeEach(async () => {
  state = await tempState();
  issuer = await startIssuer({ accountId: 'acct_codex7', email: 'dev@example.com' });
  codexHome = join(state.dir, 'codex-home');
  await mkdir(codexHome, { mode: 0o700 });
});
afterEach(async () => {
  await issuer.close();
  await state.cleanup();
});

const CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
const codexFile = () => join(codexHome, 'auth.json');
const env = () => ({ ...state.env, CODEX_HOME: codexHome });
const cli = (args: string[]) => runCli(args, { env: env(), issuer: issuer.url, timeoutMs: 90_000 });
const token = () => cli(['models', 'auth', 'token', '--provider', 'openai-codex']);
const adopt = () => cli(['models', 'auth', 'login', '--provider', 'openai-codex', '--method', 'codex-cli']);
const readCodex = async () => JSON.parse(await readFile(codexFile(), 'utf8'));
const ID_TOKEN = makeJwt({ 'https://api.openai.com/auth': { chatgpt_account_id: 'acct_codex7', chatgpt_plan_type: 'plus' }, email: 'dev@example.com', sub: 'user_1', exp: Math.floor(Date.now() / 1000) + 3600 });

/** Codex CLI's auth.json as it writes it, with a field of its own the sink must keep. */
async function plantCodex(grant: Pick<IssuedGrant, 'access' | 'refresh'>): Promise<void> {
  const file = {
    OPENAI_API_KEY: null,
    tokens: { id_token: ID_TOKEN, access_token: grant.access, refresh_token: grant.refresh, account_id: 'acct_codex7' },
    last_refresh: '2026-01-01T00:00:00Z',
    codex_own_setting: { keep: true },
  };
  await writeFile(codexFile(), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

/** The real Codex CLI, installed by .ci/run outside the repo (not a dependency of the package). */
const CODEX_BIN = process.env.OPENCLAW_TEST_CODEX || '/var/cache/openclaw-ci/codex/node_modules/.bin/codex';
const noCodex = !existsSync(CODEX_BIN) && process.env.OPENCLAW_TEST_REQUIRE_TOOLS !== '1';
if (noCodex) console.warn(`SKIPPED: the real Codex CLI is not at ${CODEX_BIN} (.ci/run installs it); \`codex login status\` is not checked here.`);

describe('models auth login --method codex-cli', () => {
  it('adopts with 0 requests; 12 concurrent → 1 refresh written back (0600, other fields kept, last_refresh); then Codex rotates and we follow', async () => {
    issuer.setLatency(150);
    const grant = issuer.issueGrant({ accountId: 'acct_codex7', expiresIn: -60 });
    await plantCodex(grant);
    const adopted = await adopt();
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain('openai-codex:codex-cli now shares the Codex CLI sign-in (dev@example.com)');
    expect(issuer.stats.refreshRequests).toBe(0);
    const store = await readFile(storeFileOf(state.dir), 'utf8');
    expect(store).not.toContain(grant.refresh);
    expect(store).not.toContain(grant.access);

    const results = await Promise.all(Array.from({ length: 12 }, () => token()));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
    expect(issuer.stats.refreshRequests).toBe(1);
    const codex = await readCodex();
    expect(issuer.isCurrentRefresh(codex.tokens.refresh_token)).toBe(true);
    expect(results[0]!.stdout).toBe(`${codex.tokens.access_token}\n`);
    expect(codex).toMatchObject({ OPENAI_API_KEY: null, codex_own_setting: { keep: true }, tokens: { id_token: ID_TOKEN, account_id: 'acct_codex7' } });
    expect(Date.parse(codex.last_refresh)).toBeGreaterThan(Date.now() - 120_000);
    expect((await stat(codexFile())).mode & 0o777).toBe(0o600);
    expect(await readFile(storeFileOf(state.dir), 'utf8')).not.toContain(codex.tokens.refresh_token);

    // Codex refreshes on its own (the issuer rotates the grant) and writes its file.
    const res = await fetch(`${issuer.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: codex.tokens.refresh_token, client_id: CLIENT_ID }),
    });
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as { access_token: string; refresh_token: string };
    await plantCodex({ access: rotated.access_token, refresh: rotated.refresh_token });
    const requests = issuer.stats.refreshRequests;
    const next = await Promise.all(Array.from({ length: 6 }, () => token()));
    for (const r of next) expect(r).toMatchObject({ code: 0, stdout: `${rotated.access_token}\n` });
    expect(issuer.stats.refreshRequests).toBe(requests);
    const status = JSON.parse((await cli(['models', 'status', '--json'])).stdout);
    expect(status.profiles).toMatchObject([{ id: 'openai-codex:codex-cli', source: 'external', owner: 'codex-cli', state: 'ok', reloginRequired: null }]);
    const channels = JSON.parse((await cli(['channels', 'list', '--json'])).stdout);
    expect(channels.auth).toEqual([{ id: 'openai-codex:codex-cli', provider: 'openai-codex', type: 'oauth', isExternal: true, source: 'external', owner: 'codex-cli' }]);
  }, 180_000);

  it('Codex rotated the grant while our access token was due: its refresh token is used, 0 refused', async () => {
    const grant = issuer.issueGrant({ accountId: 'acct_codex7', expiresIn: -60 });
    await plantCodex(grant);
    expect((await adopt()).code).toBe(0);
    // Codex refreshed, and its new access token is due too (expired already): ours refreshes from Codex's token.
    issuer.setMode({ expiresIn: -1 });
    const res = await fetch(`${issuer.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: grant.refresh, client_id: CLIENT_ID }) });
    const rotated = (await res.json()) as { access_token: string; refresh_token: string };
    await plantCodex({ access: rotated.access_token, refresh: rotated.refresh_token });
    issuer.setMode({ expiresIn: 3600 });
    const before = issuer.stats.refreshRequests;
    const result = await token();
    expect(result.code, result.stderr).toBe(0);
    expect(issuer.stats.refreshRequests).toBe(before + 1);
    expect(issuer.stats.refreshCount).toBe(before + 1);
    expect(issuer.isCurrentRefresh((await readCodex()).tokens.refresh_token)).toBe(true);
  }, 60_000);

  it('main shares Codex\'s sign-in and work links to main: 6 + 6 concurrent requests → 1 refresh, under main\'s lock', async () => {
    issuer.setLatency(150);
    const grant = issuer.issueGrant({ accountId: 'acct_codex7', expiresIn: -60 });
    await plantCodex(grant);
    expect((await adopt()).code).toBe(0);
    expect((await cli(['agents', 'add', 'work', '--copy-auth-from', 'main'])).code).toBe(0);
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => token()),
      ...Array.from({ length: 6 }, () => cli(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', 'work'])),
    ]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(issuer.stats.refreshRequests).toBe(1);
    expect(issuer.isCurrentRefresh((await readCodex()).tokens.refresh_token)).toBe(true);
  }, 120_000);

  it('a file that is no ChatGPT login (an API key only, malformed, missing) is said so plainly and never written', async () => {
    await writeFile(codexFile(), '{"OPENAI_API_KEY": "sk-proj-0123456789abcdef"}\n', { mode: 0o600 });
    const apiKey = await adopt();
    expect(apiKey.code).toBe(1);
    expect(apiKey.stderr).toContain('holds an API key, not a ChatGPT sign-in');
    expect(apiKey.stderr).not.toContain('sk-proj');
    expect(await readFile(codexFile(), 'utf8')).toBe('{"OPENAI_API_KEY": "sk-proj-0123456789abcdef"}\n');
    await writeFile(codexFile(), '{ not json');
    expect((await adopt()).stderr).toContain('holds no sign-in that can be used');
    await chmod(codexFile(), 0o600);
    expect(await readFile(codexFile(), 'utf8')).toBe('{ not json');
    await writeFile(codexFile(), '');
    const missing = await runCli(['models', 'auth', 'login', '--provider', 'openai-codex', '--method', 'codex-cli'], { env: { ...state.env, CODEX_HOME: join(state.dir, 'nowhere') } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('is not there');
    expect(existsSync(storeFileOf(state.dir))).toBe(false);
  });

  it.skipIf(process.getuid?.() !== 0)('a Codex file of another user is refused and never read or written', async () => {
    const grant = issuer.issueGrant({ accountId: 'acct_codex7', expiresIn: 3600 });
    await plantCodex(grant);
    await chown(codexFile(), 65534, 65534);
    const before = await readFile(codexFile(), 'utf8');
    const result = await adopt();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Codex CLI: ${codexFile()} belongs to another user; it is not read.`);
    expect(await readFile(codexFile(), 'utf8')).toBe(before);
  });

  it.skipIf(noCodex)('the real `codex login status` reads our write-back as signed in with ChatGPT', async () => {
    const grant = issuer.issueGrant({ accountId: 'acct_codex7', expiresIn: -60 });
    await plantCodex(grant);
    expect((await adopt()).code).toBe(0);
    expect((await token()).code).toBe(0);
    expect(issuer.isCurrentRefresh((await readCodex()).tokens.refresh_token)).toBe(true);
    const status = spawnSync(CODEX_BIN, ['login', 'status'], { env: { PATH: process.env.PATH, HOME: state.dir, CODEX_HOME: codexHome }, encoding: 'utf8', timeout: 60_000 });
    expect(`${status.stdout}${status.stderr}`).toContain('Logged in using ChatGPT');
    expect(status.status).toBe(0);
  }, 90_000);
});
