import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyFailure, applyGood, billingDisableMs, cooldownMs, markFailure, markGood } from '../../src/auth/routing/failover.js';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { parseStore } from '../../src/store/parse.js';
import type { AuthProfiles, FailureReason, UsageStats } from '../../src/model/schema.js';
import { cleanEnv, plantStore, storeFileOf, tempState } from '../support/cli.js';
import { bundleWorker } from '../support/worker-bundle.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = 1_800_000_000_000;

describe('cooldown and billing arithmetic', () => {
  const cooldowns: [number, number][] = [
    [0, MIN],
    [1, MIN],
    [2, 5 * MIN],
    [3, 25 * MIN],
    [4, HOUR], // 125 min, capped
    [5, HOUR],
    [200, HOUR],
    [10_000, HOUR], // 5^9999 is Infinity; still the cap
  ];
  for (const [n, ms] of cooldowns) it(`failure #${n} cools down for ${ms / MIN} min`, () => expect(cooldownMs(n)).toBe(ms));

  const billing: [number, number][] = [
    [1, 5 * HOUR],
    [2, 10 * HOUR],
    [3, 20 * HOUR],
    [4, DAY], // 40 h, capped
    [50, DAY],
  ];
  for (const [n, ms] of billing) it(`billing failure #${n} disables for ${ms / HOUR} h`, () => expect(billingDisableMs(n)).toBe(ms));
});

/** Applies failures (reason, minutes after T0) one after another. */
function replay(steps: [FailureReason, number][], start?: UsageStats): UsageStats {
  return steps.reduce<UsageStats | undefined>((stats, [reason, at]) => applyFailure(stats, reason, T0 + at * MIN), start)!;
}

describe('applyFailure (injected clock)', () => {
  const cases: { name: string; steps: [FailureReason, number][]; start?: UsageStats; expected: UsageStats }[] = [
    {
      name: 'a first failure: 1 min cooldown, counted by reason',
      steps: [['rate_limit', 0]],
      expected: { errorCount: 1, failureCounts: { rate_limit: 1 }, lastFailureAt: T0, cooldownUntil: T0 + MIN },
    },
    {
      name: 'the cooldown grows with every failure in a row, whatever the reason, and caps at 1 h',
      steps: [['rate_limit', 0], ['timeout', 2], ['auth', 10], ['unknown', 40], ['format', 120]],
      expected: {
        errorCount: 5,
        failureCounts: { rate_limit: 1, timeout: 1, auth: 1, unknown: 1, format: 1 },
        lastFailureAt: T0 + 120 * MIN,
        cooldownUntil: T0 + 120 * MIN + HOUR,
      },
    },
    {
      name: 'billing disables for 5 h and sets no cooldown',
      steps: [['billing', 0]],
      expected: { errorCount: 1, failureCounts: { billing: 1 }, lastFailureAt: T0, disabledUntil: T0 + 5 * HOUR, disabledReason: 'billing' },
    },
    {
      name: 'billing counts only billing failures for its doubling, and caps at 24 h',
      steps: [['rate_limit', 0], ['billing', 1], ['billing', 2], ['billing', 3], ['billing', 4]],
      expected: {
        errorCount: 5,
        failureCounts: { rate_limit: 1, billing: 4 },
        lastFailureAt: T0 + 4 * MIN,
        cooldownUntil: T0 + MIN,
        disabledUntil: T0 + 4 * MIN + DAY,
        disabledReason: 'billing',
      },
    },
    {
      name: 'a failure after billing counts the billing one in the cooldown',
      steps: [['billing', 0], ['rate_limit', 1]],
      expected: {
        errorCount: 2,
        failureCounts: { billing: 1, rate_limit: 1 },
        lastFailureAt: T0 + MIN,
        cooldownUntil: T0 + MIN + 5 * MIN,
        disabledUntil: T0 + 5 * HOUR,
        disabledReason: 'billing',
      },
    },
    {
      name: 'exactly 24 h after the last failure the counters still run on',
      steps: [['rate_limit', 0], ['rate_limit', 24 * 60]],
      expected: { errorCount: 2, failureCounts: { rate_limit: 2 }, lastFailureAt: T0 + DAY, cooldownUntil: T0 + DAY + 5 * MIN },
    },
    {
      name: 'more than 24 h after the last failure the counters start again',
      steps: [['rate_limit', 0], ['timeout', 1], ['rate_limit', 2], ['auth', 1 + 2 + 24 * 60]],
      expected: { errorCount: 1, failureCounts: { auth: 1 }, lastFailureAt: T0 + (3 + 24 * 60) * MIN, cooldownUntil: T0 + (3 + 24 * 60) * MIN + MIN },
    },
    {
      name: 'the billing doubling starts again after 24 h too',
      steps: [['billing', 0], ['billing', 1], ['billing', 2 + 24 * 60]],
      expected: {
        errorCount: 1,
        failureCounts: { billing: 1 },
        lastFailureAt: T0 + (2 + 24 * 60) * MIN,
        disabledUntil: T0 + (2 + 24 * 60) * MIN + 5 * HOUR,
        disabledReason: 'billing',
      },
    },
    {
      name: 'keeps reloginRequired, lastUsed and fields it does not know',
      start: { lastUsed: T0 - HOUR, reloginRequired: { since: T0 - HOUR, reason: 'invalid_grant' }, future: 1 } as UsageStats,
      steps: [['auth', 0]],
      expected: {
        lastUsed: T0 - HOUR,
        reloginRequired: { since: T0 - HOUR, reason: 'invalid_grant' },
        future: 1,
        errorCount: 1,
        failureCounts: { auth: 1 },
        lastFailureAt: T0,
        cooldownUntil: T0 + MIN,
      } as UsageStats,
    },
  ];
  for (const c of cases) it(c.name, () => expect(replay(c.steps, c.start)).toEqual(c.expected));

  it('does not change the stats it is given', () => {
    const start: UsageStats = { errorCount: 1, failureCounts: { rate_limit: 1 }, lastFailureAt: T0 };
    const copy = structuredClone(start);
    applyFailure(start, 'rate_limit', T0 + MIN);
    expect(start).toEqual(copy);
  });

  it('refuses a reason outside the list', () => {
    expect(() => applyFailure(undefined, 'overloaded' as FailureReason, T0)).toThrow(/unknown failure reason/);
  });
});

describe('applyGood', () => {
  it('clears counters and windows, sets lastUsed, keeps reloginRequired, lastFailureAt and unknown fields', () => {
    const stats = replay([['rate_limit', 0], ['billing', 1]], {
      reloginRequired: { since: T0, reason: 'x' },
      future: true,
    } as UsageStats);
    expect(applyGood(stats, T0 + 2 * MIN)).toEqual({
      reloginRequired: { since: T0, reason: 'x' },
      future: true,
      lastFailureAt: T0 + MIN,
      lastUsed: T0 + 2 * MIN,
    });
    expect(applyGood(undefined, T0)).toEqual({ lastUsed: T0 });
  });

  it('after a success the next failure starts from 1 min again', () => {
    const good = applyGood(replay([['rate_limit', 0], ['rate_limit', 1], ['rate_limit', 2]]), T0 + 3 * MIN);
    expect(applyFailure(good, 'rate_limit', T0 + 4 * MIN)).toMatchObject({ errorCount: 1, cooldownUntil: T0 + 5 * MIN });
  });
});

describe('markFailure / markGood through the store', () => {
  let state: Awaited<ReturnType<typeof tempState>>;
  let paths: AgentPaths;
  let clock = T0;
  const opts = { now: () => clock, warn: () => undefined };

  beforeEach(async () => {
    state = await tempState();
    paths = resolveAgentPaths(state.env);
    clock = T0;
    await plantProfiles(state.dir, {
      'anthropic:work': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-w' },
      'anthropic:home': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-h' },
    });
  });
  afterEach(() => state.cleanup());

  const stored = async (): Promise<AuthProfiles> => {
    const parsed = parseStore(await readFile(paths.storeFile));
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.value;
  };

  it('a failure moves the active profile (and auth.json) to the next one until its cooldown ends', async () => {
    const cache = async () => JSON.parse(await readFile(paths.runtimeCacheFile, 'utf8')).anthropic.profileId;
    await markGood(paths, 'anthropic:home', opts); // writes auth.json; home is now the more recently used
    expect(await cache()).toBe('anthropic:work');
    expect(await markFailure(paths, 'anthropic:work', 'rate_limit', opts)).toMatchObject({ errorCount: 1, cooldownUntil: T0 + MIN });
    expect(await cache()).toBe('anthropic:home');
    expect((await stored()).usageStats?.['anthropic:work']).toEqual({
      errorCount: 1,
      failureCounts: { rate_limit: 1 },
      lastFailureAt: T0,
      cooldownUntil: T0 + MIN,
    });
  });

  it('markGood clears the counters, sets lastUsed and lastGood, and keeps reloginRequired', async () => {
    await markFailure(paths, 'anthropic:work', 'billing', opts);
    const store = await stored();
    store.usageStats!['anthropic:work']!.reloginRequired = { since: T0, reason: 'invalid_grant' };
    await writeFile(paths.storeFile, JSON.stringify(store), { mode: 0o600 });
    clock = T0 + MIN;
    await markGood(paths, 'anthropic:work', opts);
    const after = await stored();
    expect(after.usageStats?.['anthropic:work']).toEqual({
      lastFailureAt: T0,
      lastUsed: T0 + MIN,
      reloginRequired: { since: T0, reason: 'invalid_grant' },
    });
    expect(after.lastGood).toEqual({ anthropic: 'anthropic:work' });
  });

  it('a profile that is gone is not recorded (no orphan stats)', async () => {
    const before = await readFile(paths.storeFile, 'utf8');
    expect(await markFailure(paths, 'anthropic:gone', 'auth', opts)).toBeNull();
    expect(await markGood(paths, 'anthropic:gone', opts)).toBeNull();
    expect((await stored()).usageStats).toBeUndefined();
    expect((await stored()).lastGood).toBeUndefined();
    expect(await readFile(paths.storeFile, 'utf8')).toBe(before); // nothing to write, so not rewritten
  });
});

const plantProfiles = (stateDir: string, profiles: AuthProfiles['profiles']) => plantStore(storeFileOf(stateDir), { profiles });

describe('concurrent marks from many processes', () => {
  let worker: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ file: worker, cleanup } = await bundleWorker('failover-worker.ts')));
  afterAll(() => cleanup());

  let state: Awaited<ReturnType<typeof tempState>>;
  beforeEach(async () => (state = await tempState()));
  afterEach(() => state.cleanup());

  const run = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [worker, ...args], { env: cleanEnv(state.env), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });

  it('8 processes × 25 failures on one profile: errorCount ends at exactly 200', async () => {
    await plantProfiles(state.dir, { 'anthropic:work': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-w' } });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 8 }, () => run(['anthropic:work', 'rate_limit', '25'])));
    const elapsed = Date.now() - started;
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const parsed = parseStore(await readFile(storeFileOf(state.dir)));
    expect(parsed.ok).toBe(true);
    const stats = parsed.ok ? parsed.value.usageStats?.['anthropic:work'] : undefined;
    expect(stats?.errorCount).toBe(200);
    expect(stats?.failureCounts).toEqual({ rate_limit: 200 });
    expect(stats?.cooldownUntil).toBe(stats!.lastFailureAt! + HOUR);
    console.log(`8 × 25 concurrent markFailure: ${elapsed} ms, errorCount ${stats?.errorCount}`);
  }, 120_000);
});
