import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSetupToken, plantStore, storeFileOf } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { probeProfiles } from '../../src/auth/probe/run.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { redirectFetch, redirectOpenAI } from '../support/redirect-fetch.mjs';
import { useProbeStandin } from '../support/probe-hooks.js';
import { PROBE_HOSTS, refusedUrl } from '../support/probe-standin.mjs';

/**
 * Issue 21: `models status --probe` against a local stand-in of each provider's probe endpoint (the
 * global fetch redirected in this process, as the tests do for auth.openai.com).
 */
const live = useProbeStandin();

const HOUR = 3_600_000;
const ZH = { LANG: 'zh_TW.UTF-8' };

/** One profile of each built-in provider whose secret carries `mode` (the stand-in answers by it). */
function profilesFor(mode: string) {
  const name = mode;
  return {
    [`anthropic:${name}`]: { type: 'token', provider: 'anthropic', token: fakeSetupToken(mode), expires: Date.now() + 300 * 24 * HOUR },
    [`anthropic:${name}-key`]: { type: 'api_key', provider: 'anthropic', key: `sk-ant-api03-${mode}-0123456789abcdef` },
    [`openai:${name}`]: { type: 'api_key', provider: 'openai', key: `sk-proj-${mode}-0123456789abcdef` },
    [`openrouter:${name}`]: { type: 'api_key', provider: 'openrouter', key: `sk-or-v1-${mode}-0123456789abcdef` },
    [`github-copilot:${name}`]: { type: 'oauth', provider: 'github-copilot', access: `tid=copilot-${mode}`, refresh: `gho_${mode}_github`, expires: Date.now() + HOUR },
    [`openai-codex:${name}`]: { type: 'oauth', provider: 'openai-codex', access: `codex-${mode}-access`, refresh: `rt_${mode}`, expires: Date.now() + HOUR, accountId: 'acct-1' },
  };
}

async function probe(args: string[], env: Record<string, string> = {}) {
  const r = await runInProcess(['models', 'status', '--probe', ...args], { env: { ...live.state.env, ...env } });
  return r;
}

interface Row {
  profileId: string;
  bucket: string;
  reasonCode: string;
  httpStatus: number | null;
  retryAt: number | null;
  refreshed: boolean;
  elapsedMs: number;
  quota: { plan?: string; windows?: { name: string; usedPercent: number; windowMinutes: number; resetsAt: number }[]; credit?: Record<string, unknown> } | null;
}
const rows = (stdout: string): Record<string, Row> => Object.fromEntries((JSON.parse(stdout).results as Row[]).map((r) => [r.profileId, r]));

describe('models status --probe', () => {
  it('every built-in provider works against its stand-in: exit 0, bucket ok, and the quotas told (text and --json, both languages)', async () => {
    const now = Date.now();
    await plantStore(storeFileOf(live.state.dir), {
      profiles: profilesFor('ok'),
    });
    const json = await probe(['--json']);
    expect(json.code, json.stderr).toBe(0);
    const got = rows(json.stdout);
    expect(Object.values(got).map((r) => [r.profileId, r.bucket, r.reasonCode])).toEqual(
      Object.keys(got).sort().map((id) => [id, 'ok', 'ok']),
    );
    expect(Object.keys(got)).toHaveLength(6);
    expect(now).toBeLessThanOrEqual(Date.now());
    // The requests were the right ones: Anthropic's setup-token as a bearer with the OAuth beta, its key as x-api-key.
    const anthropic = live.standin.seen.filter((s) => s.path === '/anthropic/v1/models');
    expect(anthropic.some((s) => String(s.headers.authorization).startsWith('Bearer sk-ant-oat01-') && s.headers['anthropic-beta'] === 'oauth-2025-04-20')).toBe(true);
    expect(anthropic.some((s) => String(s.headers['x-api-key']).startsWith('sk-ant-api03-') && s.headers.authorization === undefined)).toBe(true);
    expect(live.standin.seen.find((s) => s.path === '/chatgpt/backend-api/wham/usage')?.headers['chatgpt-account-id']).toBe('acct-1');
    expect(live.standin.seen.find((s) => s.path === '/github-api/copilot_internal/v2/token')?.headers.authorization).toBe('Bearer gho_ok_github');

    // Usage windows as the ChatGPT answer gives them (reset_at in seconds), and OpenRouter's credit.
    const codex = got['openai-codex:ok']!.quota!;
    expect(codex.plan).toBe('plus');
    expect(codex.windows!.map((w) => [w.name, w.usedPercent, w.windowMinutes])).toEqual([
      ['primary', 42, 300],
      ['secondary', 7, 10_080],
    ]);
    expect(Math.abs(codex.windows![0]!.resetsAt - (now + 3 * HOUR))).toBeLessThan(60_000);
    expect(got['openrouter:ok']!.quota!.credit).toEqual({ limit: 100, used: 25.5, remaining: 74.5, resets: 'monthly' });

    const text = await probe([]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/openai-codex:ok  oauth  ok  ok/);
    expect(text.stdout).toMatch(/5h window: 42% used, resets in (2h 5\dm|3h)/);
    expect(text.stdout).toMatch(/7d window: 7% used, resets in (4d 23h|5d)/);
    expect(text.stdout).toContain('credit: $74.50 left of $100.00 (the limit resets monthly)');
    expect(text.stdout).toContain('All 6 work.');

    const zh = await probe([], ZH);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/5 小時時段：已用 42%/);
    expect(zh.stdout).toContain('額度：剩餘 $74.50，上限 $100.00');
    expect(zh.stdout).toContain('全部 6 個都可用。');
  });

  it('401, 403, 402, 429 with a reset time and a 500: each its bucket and reason code, text and --json, both languages; exit 1', async () => {
    await plantStore(storeFileOf(live.state.dir), { profiles: { ...profilesFor('refused'), ...profilesFor('forbidden'), ...profilesFor('billing'), ...profilesFor('limited'), ...profilesFor('broken') } });
    const started = Date.now();
    const json = await probe(['--json']);
    expect(json.code).toBe(1);
    const got = rows(json.stdout);
    const expected: Record<string, [string, string, number]> = {
      refused: ['auth', 'unauthorized', 401],
      forbidden: ['auth', 'forbidden', 403],
      billing: ['billing', 'payment_required', 402],
      limited: ['rate_limit', 'rate_limited', 429],
      broken: ['unknown', 'server_error', 500],
    };
    for (const [mode, [bucket, reason, status]] of Object.entries(expected)) {
      for (const id of Object.keys(profilesFor(mode))) {
        // GitHub Copilot's probe is its token endpoint: a 401 there, and the retry's refresh is refused too:
        // the grant is marked for re-login, as a use would mark it. (ChatGPT's retry cannot refresh here,
        // no issuer: the refusal it had is what it reports.)
        const want = id === 'github-copilot:refused' ? ['auth', 'relogin_required', null] : [bucket, reason, status];
        expect([id, got[id]?.bucket, got[id]?.reasonCode, got[id]?.httpStatus]).toEqual([id, ...want]);
      }
    }
    // Retry-After: 120 → the time the limit lifts.
    const retryAt = got['openai:limited']!.retryAt!;
    expect(retryAt).toBeGreaterThanOrEqual(started + 119_000);
    expect(retryAt).toBeLessThan(Date.now() + 121_000);

    const text = await probe(['--provider', 'openai']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/openai:refused  api_key  auth  unauthorized\n\s+refused by openai \(HTTP 401\): the secret is wrong, revoked or expired/);
    expect(text.stdout).toMatch(/openai:billing  api_key  billing  payment_required\n\s+billing: openai asks for payment \(HTTP 402\)/);
    expect(text.stdout).toMatch(/openai:limited  api_key  rate_limit  rate_limited\n\s+rate-limited by openai \(HTTP 429\); lifts in (1m 59s|2m) \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
    expect(text.stdout).toContain('5 of 5 do not work now.');
    // The refused ones get the command that signs them in again.
    expect(text.stdout).toContain('openclaw models auth login --provider openai --profile-id openai:refused');

    const zh = await probe(['--provider', 'openai'], ZH);
    expect(zh.stdout).toMatch(/openai:refused  api_key  auth  unauthorized\n\s+遭 openai 拒絕（HTTP 401）/);
    expect(zh.stdout).toMatch(/帳務：openai 要求付款（HTTP 402）/);
    expect(zh.stdout).toMatch(/受到 openai 的速率限制（HTTP 429）；(1 分鐘 59 秒|2 分鐘)後解除/);
  });

  it('a stand-in silent for 30 s is cut at 5 s (timeout); a refused connection is a network failure; both languages', async () => {
    await plantStore(storeFileOf(live.state.dir), { profiles: { ...profilesFor('silent') } });
    const started = performance.now();
    const json = await probe(['--json']);
    const took = performance.now() - started;
    expect(json.code).toBe(1);
    for (const r of Object.values(rows(json.stdout))) expect([r.profileId, r.bucket, r.reasonCode]).toEqual([r.profileId, 'timeout', 'timeout']);
    // All five in parallel: one deadline, not five; well before the stand-in's 30 s.
    expect(took).toBeGreaterThanOrEqual(4_900);
    expect(took).toBeLessThan(25_000);
    const zh = await probe(['--provider', 'openrouter'], ZH);
    expect(zh.stdout).toContain('5 秒內沒有回應');

    // Nothing listens where the hosts now point: refused at once.
    await plantStore(storeFileOf(live.state.dir), { profiles: { ...profilesFor('ok') } });
    const closed = await refusedUrl();
    const undoClosed = redirectFetch(PROBE_HOSTS.map(([origin]) => [origin, `${closed}/`]));
    try {
      const refused = await probe(['--json']);
      expect(refused.code).toBe(1);
      for (const r of Object.values(rows(refused.stdout))) expect([r.profileId, r.bucket, r.reasonCode]).toEqual([r.profileId, 'network', 'connection_refused']);
      const en = await probe(['--provider', 'anthropic']);
      expect(en.stdout).toContain('could not connect: the connection was refused');
      const zhText = await probe(['--provider', 'anthropic'], ZH);
      expect(zhText.stdout).toContain('無法連線：連線遭拒');
    } finally {
      undoClosed();
    }
  }, 60_000);

  it('never prints a secret (canary) and leaves the store byte-identical, whatever the answers', async () => {
    const canary = 'CANARYsecret0123456789';
    const profiles = {
      'anthropic:default': { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${canary}${'x'.repeat(80)}`, expires: Date.now() + 300 * 24 * HOUR },
      'openai:refused': { type: 'api_key', provider: 'openai', key: `sk-refused-${canary}` },
      'openrouter:limited': { type: 'api_key', provider: 'openrouter', key: `sk-or-limited-${canary}` },
      'openai:billing': { type: 'api_key', provider: 'openai', key: `sk-billing-${canary}` },
    };
    await plantStore(storeFileOf(live.state.dir), { profiles, usageStats: { 'openai:refused': { lastUsed: 5 } } });
    const before = await readFile(storeFileOf(live.state.dir));
    for (const args of [['--json'], [], ['--provider', 'openai', '--json']]) {
      for (const env of [{}, ZH]) {
        const r = await probe(args, env);
        expect(r.stdout + r.stderr).not.toContain(canary);
        expect(r.stdout + r.stderr).not.toContain('sk-ant-oat01-C');
      }
    }
    expect((await readFile(storeFileOf(live.state.dir))).equals(before)).toBe(true);
  });

  it('a GitHub Enterprise sign-in is asked at its own API host, as pi-ai refreshes it', async () => {
    // github.com's API host leads nowhere here: only the enterprise host can answer.
    const closed = await refusedUrl();
    const undoGhe = redirectFetch([
      ['https://api.ghe.example/', () => `${live.standin.url}/github-api/`],
      ['https://api.github.com/', `${closed}/`],
    ]);
    try {
      await plantStore(storeFileOf(live.state.dir), {
        profiles: { 'github-copilot:work': { type: 'oauth', provider: 'github-copilot', access: 'tid=x', refresh: 'gho_enterprise', expires: Date.now() + HOUR, enterpriseUrl: 'https://ghe.example/' } },
      });
      const r = await probe(['--json']);
      expect(r.code, r.stdout).toBe(0);
      expect(live.standin.seen.at(-1)).toMatchObject({ path: '/github-api/copilot_internal/v2/token', headers: { authorization: 'Bearer gho_enterprise' } });
    } finally {
      undoGhe();
    }
  });

  it('a secret kept by reference is resolved as a use resolves it: set, it is checked; unset, unresolved_ref', async () => {
    await plantStore(storeFileOf(live.state.dir), {
      profiles: { 'openai:ref': { type: 'api_key', provider: 'openai', keyRef: { source: 'env', provider: 'default', id: 'PROBE_TEST_KEY' } } },
    });
    const set = await probe(['--json'], { PROBE_TEST_KEY: 'sk-proj-good0123456789abcdef' });
    expect(set.code, set.stdout + set.stderr).toBe(0);
    const unset = await probe(['--json']);
    expect(unset.code).toBe(1);
    expect(rows(unset.stdout)['openai:ref']).toMatchObject({ bucket: 'auth', reasonCode: 'unresolved_ref' });
    expect((await probe([])).stdout).toContain('its secret reference env PROBE_TEST_KEY does not resolve here');
  });

  it('an unresolved env reference: named (never its value), and the fix is to set the variable, not to sign in again (SPEC 12)', async () => {
    const canary = 'sk-proj-REFVALUEcanary0123456789';
    await plantStore(storeFileOf(live.state.dir), {
      profiles: { 'openai:default': { type: 'api_key', provider: 'openai', keyRef: { source: 'env', provider: 'default', id: 'OPENAI_API_KEY' } } },
    });
    const json = await probe(['--provider', 'openai', '--json']);
    expect(rows(json.stdout)['openai:default']).toMatchObject({ bucket: 'auth', reasonCode: 'unresolved_ref', ref: 'env OPENAI_API_KEY', refVariable: 'OPENAI_API_KEY' });
    for (const env of [{}, ZH]) {
      const text = await probe(['--provider', 'openai'], env);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain('env OPENAI_API_KEY');
      expect(text.stdout).not.toContain('models auth login');
      expect(text.stdout).not.toContain(canary);
    }
    expect((await probe(['--provider', 'openai'])).stdout).toContain('set OPENAI_API_KEY to the secret in this environment (the reference reads it), then check again: openclaw models status --probe');
    // A reference through a named provider: the fix names the reference and the config file.
    await plantStore(storeFileOf(live.state.dir), {
      profiles: { 'openai:default': { type: 'api_key', provider: 'openai', keyRef: { source: 'file', provider: 'vault', id: '/openai/apiKey' } } },
    });
    const file = await probe(['--provider', 'openai']);
    expect(file.stdout).toContain('make the reference file vault: /openai/apiKey resolve (its provider is under secrets.providers in');
  });

  it('a proxy variable that is not an address: proxy_invalid naming it, for a key and for a refresh alike', async () => {
    await plantStore(storeFileOf(live.state.dir), {
      profiles: {
        'openai:default': { type: 'api_key', provider: 'openai', key: 'sk-proj-ok-0123456789abcdef' },
        'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'codex-due-access', refresh: 'rt_due_0123456789', expires: Date.now() - HOUR, accountId: 'acct-1' },
      },
    });
    const before = await readFile(storeFileOf(live.state.dir));
    const bad = { HTTPS_PROXY: 'http://bad host:99999' };
    const json = await probe(['--json'], bad);
    expect(json.code).toBe(1);
    const got = rows(json.stdout);
    for (const id of ['openai:default', 'openai-codex:default']) expect(got[id], id).toMatchObject({ bucket: 'network', reasonCode: 'proxy_invalid', variable: 'HTTPS_PROXY' });
    const text = await probe([], bad);
    expect(text.stdout).toContain('HTTPS_PROXY is set, but it is not a proxy address that can be used');
    expect(text.stdout).toContain("set HTTPS_PROXY to the proxy's address");
    expect(text.stdout).not.toContain('try again later');
    expect(text.stdout + text.stderr).not.toContain('bad host');
    expect((await readFile(storeFileOf(live.state.dir))).equals(before)).toBe(true);
  });

  it('--profile-id checks one profile; a profile that needs re-login or has expired is told without a request', async () => {
    await plantStore(storeFileOf(live.state.dir), {
      profiles: {
        ...profilesFor('ok'),
        'anthropic:old': { type: 'token', provider: 'anthropic', token: fakeSetupToken('old'), expires: Date.now() - HOUR },
      },
      usageStats: { 'github-copilot:ok': { reloginRequired: { since: 1, reason: 'invalid_grant' } } },
    });
    const one = rows((await probe(['--provider', 'openai', '--profile-id', 'ok', '--json'])).stdout);
    expect(Object.keys(one)).toEqual(['openai:ok']);
    const before = live.standin.seen.length;
    const r = await probe(['--profile-id', 'anthropic:old', '--json']);
    expect(r.code).toBe(1);
    expect(rows(r.stdout)['anthropic:old']).toMatchObject({ bucket: 'auth', reasonCode: 'expired' });
    expect(rows((await probe(['--profile-id', 'github-copilot:ok', '--json'])).stdout)['github-copilot:ok']).toMatchObject({ bucket: 'auth', reasonCode: 'relogin_required' });
    expect(live.standin.seen.length).toBe(before);
    const usage = await probe(['--profile-id', 'ok']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--profile-id needs --provider');
  });
});

describe('an OAuth access token refused', () => {
  let issuer: Issuer;
  let undoIssuer: () => void;
  beforeAll(async () => {
    issuer = await startIssuer({ accountId: 'acct-fresh', expiresIn: 3600 });
    undoIssuer = redirectOpenAI(issuer.url);
  });
  afterAll(async () => {
    undoIssuer();
    await issuer.close();
  });

  it('is refreshed once (not due, but refused) and tried again: ok, refreshed', async () => {
    const grant = issuer.issueGrant({ accountId: 'acct-fresh' });
    await plantStore(storeFileOf(live.state.dir), {
      profiles: { 'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'codex-refused-access', refresh: grant.refresh, expires: Date.now() + HOUR, accountId: 'acct-fresh' } },
    });
    const r = await probe(['--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(rows(r.stdout)['openai-codex:default']).toMatchObject({ bucket: 'ok', reasonCode: 'ok', refreshed: true });
    expect(issuer.stats.refreshCount).toBe(1);
    const stored = JSON.parse(await readFile(storeFileOf(live.state.dir), 'utf8')).profiles['openai-codex:default'];
    expect(stored.access).not.toBe('codex-refused-access');
  });

  it('an expired access token whose refresh fails: refresh_failed, and the store is left byte-identical (no hold-off marks)', async () => {
    const grant = issuer.issueGrant({ accountId: 'acct-fresh' });
    await plantStore(storeFileOf(live.state.dir), {
      profiles: { 'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'codex-due-access', refresh: grant.refresh, expires: Date.now() - HOUR, accountId: 'acct-fresh' } },
    });
    const before = await readFile(storeFileOf(live.state.dir));
    issuer.setMode({ refreshFailure: { status: 503, body: { error: 'temporarily_unavailable' } } });
    try {
      for (let i = 0; i < 2; i++) {
        const r = await probe(['--json']);
        expect(r.code).toBe(1);
        expect(rows(r.stdout)['openai-codex:default']).toMatchObject({ bucket: 'network', reasonCode: 'refresh_failed' });
      }
    } finally {
      issuer.setMode({ refreshFailure: null });
    }
    expect((await readFile(storeFileOf(live.state.dir), 'utf8'))).toBe(before.toString('utf8'));
    // Nothing held off: a use right after the outage refreshes at once.
    const token = await runInProcess(['models', 'auth', 'token', '--provider', 'openai-codex'], { env: live.state.env });
    expect(token.code, token.stderr).toBe(0);
  });

  it('a refresh the deadline cuts short is waited for, so the grant it rotates is written (SPEC 4)', async () => {
    const grant = issuer.issueGrant({ accountId: 'acct-fresh' });
    await plantStore(storeFileOf(live.state.dir), {
      profiles: { 'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'codex-due-access', refresh: grant.refresh, expires: Date.now() - 1000, accountId: 'acct-fresh' } },
    });
    // The runner itself, with a short deadline: the refresh (1.5 s) outlives the probe's deadline (0.3 s).
    issuer.setLatency(1_500);
    try {
      const paths = resolveAgentPaths(live.state.env);
      const [result] = await probeProfiles(paths, { env: live.state.env, warn: () => undefined, now: Date.now, deadlineMs: 300 });
      expect(result).toMatchObject({ profileId: 'openai-codex:default', bucket: 'timeout', reasonCode: 'timeout' });
    } finally {
      issuer.setLatency(0);
    }
    // Read at once when the runner returns: the rotated grant is on disk already.
    const stored = JSON.parse(await readFile(storeFileOf(live.state.dir), 'utf8')).profiles['openai-codex:default'];
    expect(stored.refresh).not.toBe(grant.refresh);
    expect(issuer.isCurrentRefresh(stored.refresh)).toBe(true);
  }, 40_000);
});
