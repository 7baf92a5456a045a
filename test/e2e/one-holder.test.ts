import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, storeFileOf, tempState } from '../support/cli.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';

// SPEC 11: a rotating refresh token has exactly one holder on the machine.
let state: Awaited<ReturnType<typeof tempState>>;
let issuer: Issuer;
beforeEach(async () => {
  state = await tempState();
  issuer = await startIssuer();
});
afterEach(async () => {
  await issuer.close();
  await state.cleanup();
});

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { ...state.env, ...env }, issuer: issuer.url, timeoutMs: 90_000 });
const token = (agent: string) => cli(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', agent]);
const storeOf = async (agent: string) => (existsSync(storeFileOf(state.dir, agent)) ? JSON.parse(await readFile(storeFileOf(state.dir, agent), 'utf8')) : null);
/** Every refresh token a store holds, wherever it is in the file. */
const refreshTokensIn = async (agent: string): Promise<string[]> =>
  existsSync(storeFileOf(state.dir, agent)) ? [...(await readFile(storeFileOf(state.dir, agent), 'utf8')).matchAll(/"refresh": "([^"]+)"/g)].map((m) => m[1]!) : [];

describe('legacy import into the default agent only (SPEC 2.3)', () => {
  it('legacy file, agents main and work: 12 + 12 concurrent token requests → 1 refresh, 0 refused, only main holds the grant', async () => {
    issuer.setLatency(150);
    const grant = issuer.issueGrant({ expiresIn: -60 });
    await mkdir(join(state.dir, 'credentials'), { recursive: true, mode: 0o700 });
    await writeFile(join(state.dir, 'credentials', 'oauth.json'), JSON.stringify({ 'openai-codex': { access: grant.access, refresh: grant.refresh, expires: grant.expires, accountId: grant.accountId } }), { mode: 0o600 });
    expect((await cli(['agents', 'add', 'work'])).code).toBe(0);
    const status = await cli(['models', 'status', '--agent', 'work', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).profiles).toEqual([]);

    const results = await Promise.all([...Array.from({ length: 12 }, () => token('main')), ...Array.from({ length: 12 }, () => token('work'))]);
    const main = results.slice(0, 12);
    const work = results.slice(12);
    for (const r of main) expect(r.code, r.stderr).toBe(0);
    // work has no grant of its own (it never imported one): told so, not refused by the issuer.
    for (const r of work) expect(r.stderr).not.toMatch(/refresh_token_reused|sign in again/i);
    expect(issuer.stats.refreshRequests).toBe(1);
    expect(issuer.stats.refreshCount).toBe(1);
    const mainStore = await storeOf('main');
    expect(issuer.isCurrentRefresh(mainStore.profiles['openai-codex:default'].refresh)).toBe(true);
    expect(mainStore.usageStats?.['openai-codex:default']?.reloginRequired).toBeUndefined();
    expect(await refreshTokensIn('work')).toEqual([]);
  }, 180_000);
});
