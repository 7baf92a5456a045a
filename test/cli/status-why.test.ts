import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess as runCli } from '../support/context.js';

// `models status --provider p [--json]`: why the active profile is the one it is (SPEC 5, issue #14).

const NOW = Date.UTC(2027, 0, 15, 8, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const now = () => NOW;

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const tok = (extra: Record<string, unknown> = {}) => ({ type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-WHYSECRET', ...extra });

const plant = (store: Record<string, unknown>) => plantStore(storeFileOf(state.dir), store);

const status = (...args: string[]) => runCli(['models', 'status', ...args], { env: state.env, now });

/** The must-show store: a cooling down, b fine, order [a, b]. */
const mustShow = {
  profiles: { 'anthropic:a': tok(), 'anthropic:b': tok() },
  order: { anthropic: ['anthropic:a', 'anthropic:b'] },
  usageStats: { 'anthropic:a': { cooldownUntil: NOW + 25 * MIN } },
};

describe('models status --provider (must show)', () => {
  it('names a as cooling down with the time left and b as active', async () => {
    await plant(mustShow);
    const result = await status('--provider', 'anthropic');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines.slice(3)).toEqual([
      'anthropic',
      "  Order from the store's order (openclaw models auth order set): anthropic:a, anthropic:b",
      '  In effect  anthropic:b, anthropic:a (profiles that cannot be used now go last)',
      '  Active     anthropic:b',
      '',
      ' * 1. anthropic:b  token  static',
      '      active: the first usable profile in the order (no expiry)',
      '   2. anthropic:a  token  cooldown',
      '      cooling down until 2027-01-15 08:25 UTC (25m left): goes last until then',
      '',
    ]);
    expect(result.stdout).not.toContain('WHYSECRET');
  });

  it('--json carries the same as fields', async () => {
    await plant(mustShow);
    const result = await status('--provider', 'anthropic', '--json');
    expect(result.code, result.stderr).toBe(0);
    const why = JSON.parse(result.stdout);
    expect(why).toMatchObject({
      agent: 'main',
      provider: 'anthropic',
      source: 'store',
      storeOrder: ['anthropic:a', 'anthropic:b'],
      configOrder: null,
      unknown: [],
      order: ['anthropic:b', 'anthropic:a'],
      active: 'anthropic:b',
    });
    expect(why.profiles).toEqual([
      expect.objectContaining({ id: 'anthropic:b', position: 1, placement: 'active', active: true, state: 'static', cooldown: null }),
      expect.objectContaining({
        id: 'anthropic:a',
        position: 2,
        placement: 'cooldown',
        active: false,
        state: 'cooldown',
        cooldown: { until: NOW + 25 * MIN, remainingMs: 25 * MIN },
      }),
    ]);
    expect(result.stdout).not.toContain('WHYSECRET');
  });
});

describe('models status --provider: every reason', () => {
  it('disabled (billing) until, needs re-login, expired, not in the explicit order; and the fixes', async () => {
    await plant({
      profiles: {
        'anthropic:ok': tok({ expires: NOW + 30 * 24 * HOUR }),
        'anthropic:billing': tok(),
        'anthropic:dead': { type: 'oauth', provider: 'anthropic', access: 'x', refresh: 'y', expires: NOW + HOUR },
        'anthropic:old': tok({ expires: NOW - 2 * HOUR }),
        'anthropic:spare': { type: 'api_key', provider: 'anthropic', key: 'sk-WHYSECRET' },
      },
      order: { anthropic: ['anthropic:dead', 'anthropic:old', 'anthropic:billing', 'anthropic:ok'] },
      usageStats: {
        'anthropic:billing': { disabledUntil: NOW + 5 * HOUR, disabledReason: 'billing' },
        'anthropic:dead': { reloginRequired: { since: NOW - HOUR, reason: 'invalid_grant' } },
      },
    });
    const result = await status('--provider', 'anthropic');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n').slice(8)).toEqual([
      ' * 1. anthropic:ok  token  ok',
      '      active: the first usable profile in the order (expires in 30d)',
      '   2. anthropic:billing  token  disabled',
      '      disabled (billing) until 2027-01-15 13:00 UTC (5h left): goes last until then',
      '   3. anthropic:dead  oauth  relogin',
      '      needs re-login (invalid_grant): goes last until it is signed in again',
      '   4. anthropic:old  token  expired',
      '      expired 2h ago: goes last until it is signed in again',
      '   -  anthropic:spare  api_key  static',
      "      not in the explicit order (the store's): not used while that order is set",
      '',
      'To fix:',
      '  openclaw models auth setup-token --provider anthropic --profile-id anthropic:dead',
      '  openclaw models auth setup-token --provider anthropic --profile-id anthropic:old',
      '',
    ]);
    const why = JSON.parse((await status('--provider', 'anthropic', '--json')).stdout);
    expect(why.profiles.map((p: { id: string; position: number | null; placement: string }) => [p.id, p.position, p.placement])).toEqual([
      ['anthropic:ok', 1, 'active'],
      ['anthropic:billing', 2, 'disabled'],
      ['anthropic:dead', 3, 'relogin'],
      ['anthropic:old', 4, 'expired'],
      ['anthropic:spare', null, 'unlisted'],
    ]);
    expect(why.profiles[1].disabled).toEqual({ until: NOW + 5 * HOUR, remainingMs: 5 * HOUR, reason: 'billing' });
  });

  it('config auth.order as the source, a store order that names no profile, and an unknown entry', async () => {
    await plant({
      profiles: { 'anthropic:x': tok(), 'anthropic:y': tok() },
      order: { anthropic: ['anthropic:gone'] },
    });
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ auth: { order: { anthropic: ['anthropic:y', 'anthropic:nope', 'anthropic:x'] } } }));
    const result = await status('--provider', 'anthropic');
    expect(result.code, result.stderr).toBe(0);
    const config = join(state.dir, 'openclaw.json');
    expect(result.stdout).toContain(`  Order from auth.order in ${config}: anthropic:y, anthropic:nope, anthropic:x\n`);
    expect(result.stdout).toContain("  The store's order (anthropic:gone) names no stored anthropic profile, so it is not used.\n");
    expect(result.stdout).toContain('  Skipped in the order, no such anthropic profile: anthropic:nope.\n');
    expect(result.stdout).toContain('   2. anthropic:x  token  static\n      usable, next after anthropic:y (no expiry)\n');
    const why = JSON.parse((await status('--provider', 'anthropic', '--json')).stdout);
    expect(why).toMatchObject({ source: 'config', storeOrder: ['anthropic:gone'], unknown: ['anthropic:nope'], order: ['anthropic:y', 'anthropic:x'] });
  });

  it('automatic order: says how it is made', async () => {
    await plant({ profiles: { 'anthropic:k': { type: 'api_key', provider: 'anthropic', key: 'k' }, 'anthropic:t': tok() } });
    const result = await status('--provider', 'anthropic');
    expect(result.stdout).toContain('  Order from automatic: oauth, then token, then api_key; least recently used first\n');
    expect(result.stdout).toContain('  In effect  anthropic:t, anthropic:k');
  });

  it('every profile cooling down: the one free soonest is active, and says so', async () => {
    await plant({
      profiles: { 'anthropic:a': tok(), 'anthropic:b': tok() },
      usageStats: { 'anthropic:a': { cooldownUntil: NOW + 10 * MIN }, 'anthropic:b': { cooldownUntil: NOW + 3 * MIN } },
    });
    const result = await status('--provider', 'anthropic');
    expect(result.stdout).toContain(
      ' * 1. anthropic:b  token  cooldown\n      cooling down until 2027-01-15 08:03 UTC (3m left): goes last until then; active all the same: no anthropic profile is usable sooner\n',
    );
  });

  it('a provider without profiles says how to sign in; --check is 1 for it', async () => {
    await plant(mustShow);
    const result = await status('--provider', 'openai-codex');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No openai-codex profiles for agent main. Sign in with:\n  openclaw models auth login --provider openai-codex\n');
    expect((await status('--provider', 'openai-codex', '--check')).code).toBe(1);
  });

  it('--check looks at that provider only', async () => {
    await plant({
      profiles: { ...mustShow.profiles, 'openai:dead': { type: 'token', provider: 'openai', token: 't', expires: NOW - 1 } },
      order: mustShow.order,
    });
    expect((await status('--check')).code).toBe(1);
    expect((await status('--provider', 'anthropic', '--check')).code).toBe(0);
    expect((await status('--provider', 'openai', '--check')).code).toBe(1);
  });

  it('an invalid provider is a usage error, echoed without control characters', async () => {
    await plant(mustShow);
    const result = await status('--provider', 'Anth\u001b[2Jropic');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: Invalid provider "Anthropic"/);
  });
});

describe('models status: text from the store is shown without control characters', () => {
  const hostile = {
    profiles: {
      'anthropic:a': tok({ email: 'me\u001b[31m@example.com' }),
      'anthropic:b': tok(),
      'anthropic:c': { type: 'oauth', provider: 'anthropic', access: 'x', refresh: 'y', expires: NOW + HOUR },
      'anthropic:left-out': tok(),
    },
    order: { anthropic: ['anthropic:a', 'anthropic:b', 'anthropic:c', 'anthropic:\u001b]0;title\u0007'] },
    usageStats: {
      'anthropic:b': { disabledUntil: NOW + HOUR, disabledReason: 'bill\u001b]0;x\u0007ing' },
      'anthropic:c': { reloginRequired: { since: NOW, reason: 'invalid\u001b[2Jgrant' } },
    },
  };

  for (const args of [[], ['--provider', 'anthropic']]) {
    it(`models status ${args.join(' ')}`.trim(), async () => {
      await plant(hostile);
      const result = await status(...args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      // Escape sequences are removed whole, not only their control characters.
      expect(result.stdout).toContain('me@example.com');
      expect(result.stdout).toContain('disabled (billing)');
      expect(result.stdout).toContain('(invalidgrant)');
    });
  }

  it('a profile that the explicit order leaves out is listed after those in it', async () => {
    await plant(hostile);
    const text = (await status()).stdout;
    expect(text.indexOf('anthropic:left-out')).toBeGreaterThan(text.indexOf('anthropic:c '));
    const json = JSON.parse((await status('--json')).stdout);
    expect(json.profiles.map((p: { id: string }) => p.id)).toEqual(['anthropic:a', 'anthropic:b', 'anthropic:c', 'anthropic:left-out']);
  });
});

describe('a refresh held off after a failure (SPEC 4)', () => {
  const codex = (expires: number) => ({ type: 'oauth', provider: 'openai-codex', access: 'eyJ.HELDSECRET.x', refresh: 'rt_HELDSECRET', expires, accountId: 'acct_1' });
  const held = (expires: number) => ({
    profiles: { 'openai-codex:default': codex(expires) },
    usageStats: { 'openai-codex:default': { refreshRetryAt: NOW + 40_000, refreshFailures: 3 } },
  });

  it('status says so, with the time to the next try, in text and in --json', async () => {
    await plant(held(NOW - MIN));
    const text = await status();
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/openai-codex:default {2}oauth {2}refreshable {2}acct_1\n\s+access token expired; the last refresh failed, next try in 40s\n/);
    const json = JSON.parse((await status('--json')).stdout);
    expect(json.profiles[0]).toMatchObject({ id: 'openai-codex:default', state: 'refreshable', refreshHeldOff: { until: NOW + 40_000, remainingMs: 40_000 } });
    const why = await status('--provider', 'openai-codex');
    expect(why.stdout).toContain('access token expired; the last refresh failed, next try in 40s');
    expect(text.stdout + JSON.stringify(json) + why.stdout).not.toContain('HELDSECRET');
  });

  it('a token not yet expired is "due"; once the hold-off has passed, nothing is said of it', async () => {
    await plant(held(NOW + MIN));
    expect((await status()).stdout).toContain('access token due; the last refresh failed, next try in 40s');
    const later = await runCli(['models', 'status', '--json'], { env: state.env, now: () => NOW + 41_000 });
    expect(JSON.parse(later.stdout).profiles[0].refreshHeldOff).toBeNull();
  });
});
