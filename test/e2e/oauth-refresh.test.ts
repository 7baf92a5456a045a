import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, ROOT, runCli, storeFileOf, tempState } from '../support/cli.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.mjs';

/**
 * SPEC 8: an OAuth profile of any provider with an OAuth method is refreshed through that method, under the
 * store lock, exactly once across processes; the secret is the method's getApiKey.
 */
const PLUGINS = join(ROOT, 'test', 'fixtures', 'plugins');
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const plant = (profiles: Record<string, unknown>) => plantStore(storeFileOf(state.dir), { profiles });

describe('a plugin provider (acme)', () => {
  beforeEach(() => writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [join(PLUGINS, 'acme.mjs')] } } })));

  it('expired: 12 concurrent models auth token call its refreshToken exactly once and all print the same getApiKey value', async () => {
    await plant({ 'acme:default': { type: 'oauth', provider: 'acme', access: 'acme-access-7', refresh: 'acme-refresh-7', expires: Date.now() - 60_000, tenant: 'blue' } });
    const log = join(state.dir, 'refreshes.log');
    const runs = await Promise.all(
      Array.from({ length: 12 }, () => runCli(['models', 'auth', 'token', '--provider', 'acme'], { env: { ...state.env, ACME_REFRESH_LOG: log } })),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(new Set(runs.map((r) => r.stdout))).toEqual(new Set(['acme-key/acme-access-8\n']));
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(['acme-refresh-7']);
    const stored = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['acme:default'];
    // Unknown fields are kept through the refresh.
    expect(stored).toMatchObject({ access: 'acme-access-8', refresh: 'acme-refresh-8', tenant: 'blue' });
  }, 60_000);

  it('a plugin that leaves a timer running does not keep the command alive once it has printed the secret', async () => {
    await plant({ 'acme:default': { type: 'oauth', provider: 'acme', access: 'acme-access-7', refresh: 'acme-refresh-7', expires: Date.now() - 60_000 } });
    const started = performance.now();
    const r = await runCli(['models', 'auth', 'token', '--provider', 'acme'], { env: { ...state.env, ACME_LEAVE_TIMER: '1' }, timeoutMs: 15_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('acme-key/acme-access-8\n');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('fresh: the secret is getApiKey of the stored credentials, with no refresh', async () => {
    await plant({ 'acme:default': { type: 'oauth', provider: 'acme', access: 'acme-access-3', refresh: 'acme-refresh-3', expires: Date.now() + 3_600_000 } });
    const r = await runCli(['models', 'auth', 'token', '--provider', 'acme'], { env: state.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('acme-key/acme-access-3\n');
  });

  it('with the plugin gone from the config: the expired profile names the re-login, nothing written', async () => {
    await writeFile(join(state.dir, 'openclaw.json'), '{}');
    await plant({ 'acme:default': { type: 'oauth', provider: 'acme', access: 'a', refresh: 'r', expires: Date.now() - 60_000 } });
    const before = await readFile(storeFileOf(state.dir), 'utf8');
    const r = await runCli(['models', 'auth', 'token', '--provider', 'acme'], { env: state.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no sign-in method registered for acme can refresh it/);
    expect(await readFile(storeFileOf(state.dir), 'utf8')).toBe(before);
  });
});

describe('GitHub Copilot', () => {
  let github: GithubStandin;
  beforeAll(async () => (github = await startGithubStandin()));
  afterAll(() => github.close());

  it('an expired Copilot token is refreshed once across 8 processes', async () => {
    const githubToken = github.issueGithubToken();
    await plant({ 'github-copilot:default': { type: 'oauth', provider: 'github-copilot', access: 'tid=expired', refresh: githubToken, expires: Date.now() - 60_000 } });
    const before = github.stats.copilotTokens;
    const env = { ...state.env, OPENCLAW_TEST_GITHUB: github.url, NODE_OPTIONS: `--import ${join(ROOT, 'test', 'support', 'redirect-github.mjs')}` };
    const runs = await Promise.all(Array.from({ length: 8 }, () => runCli(['models', 'auth', 'token', '--provider', 'github-copilot'], { env })));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(github.stats.copilotTokens - before).toBe(1);
    const stored = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['github-copilot:default'];
    expect(stored.access).not.toBe('tid=expired');
    expect(stored.expires).toBeGreaterThan(Date.now());
  }, 60_000);
});
