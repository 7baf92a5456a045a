import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseModelRef, resolveProfileOverride } from '../../src/auth/routing/model-ref.js';
import { explainOrder, orderAll, orderProfiles } from '../../src/model/routing.js';
import { UserError } from '../../src/base/errors.js';
import type { AuthProfiles, Credential, UsageStats } from '../../src/model/schema.js';
import { storeFileOf, tempState } from '../support/cli.js';
import { runInProcess as runCli } from '../support/context.js';

const NOW = 1_800_000_000_000;
const MIN = 60_000;

const token = (provider = 'anthropic'): Credential => ({ type: 'token', provider, token: 'sk-ant-oat01-x' });
const oauth = (provider = 'anthropic'): Credential => ({ type: 'oauth', provider, access: 'a', refresh: 'r', expires: NOW + 3_600_000 });
const apiKey = (provider = 'anthropic'): Credential => ({ type: 'api_key', provider, key: 'k' });

function storeOf(
  profiles: Record<string, Credential>,
  extra: { order?: Record<string, string[]>; usageStats?: Record<string, UsageStats> } = {},
): AuthProfiles {
  return { version: 1, profiles, ...extra };
}

interface OrderCase {
  name: string;
  store: AuthProfiles;
  config?: Record<string, string[]>;
  ids: string[];
  source: 'store' | 'config' | 'automatic';
}

const a = (name: string) => `anthropic:${name}`;

const orderCases: OrderCase[] = [
  {
    name: 'automatic: oauth, then token, then api_key',
    store: storeOf({ [a('k')]: apiKey(), [a('t')]: token(), [a('o')]: oauth() }),
    ids: [a('o'), a('t'), a('k')],
    source: 'automatic',
  },
  {
    name: 'automatic: least recently used first within a type',
    store: storeOf(
      { [a('x')]: token(), [a('y')]: token(), [a('z')]: token() },
      { usageStats: { [a('x')]: { lastUsed: NOW - MIN }, [a('y')]: { lastUsed: NOW - 10 * MIN } } },
    ),
    ids: [a('z'), a('y'), a('x')],
    source: 'automatic',
  },
  {
    name: 'automatic: ties broken by id',
    store: storeOf({ [a('b')]: token(), [a('c')]: token(), [a('a')]: token() }),
    ids: [a('a'), a('b'), a('c')],
    source: 'automatic',
  },
  {
    name: 'automatic: type wins over least recently used',
    store: storeOf({ [a('k')]: apiKey(), [a('t')]: token() }, { usageStats: { [a('t')]: { lastUsed: NOW } } }),
    ids: [a('t'), a('k')],
    source: 'automatic',
  },
  {
    name: 'store order wins over config order',
    store: storeOf({ [a('x')]: token(), [a('y')]: token() }, { order: { anthropic: [a('y'), a('x')] } }),
    config: { anthropic: [a('x'), a('y')] },
    ids: [a('y'), a('x')],
    source: 'store',
  },
  {
    name: 'config order when the store has none for the provider',
    store: storeOf({ [a('x')]: token(), [a('y')]: token() }, { order: { openai: ['openai:z'] } }),
    config: { anthropic: [a('y'), a('x')] },
    ids: [a('y'), a('x')],
    source: 'config',
  },
  {
    name: 'an explicit order skips unknown ids, duplicates, and ids of other providers, and leaves out unlisted profiles',
    store: storeOf(
      { [a('x')]: token(), [a('y')]: token(), [a('z')]: token(), 'openai:x': apiKey('openai') },
      { order: { anthropic: [a('gone'), a('y'), 'openai:x', a('y'), a('x')] } },
    ),
    ids: [a('y'), a('x')],
    source: 'store',
  },
  {
    name: 'a store order naming only removed profiles falls through to config',
    store: storeOf({ [a('x')]: token(), [a('y')]: token() }, { order: { anthropic: [a('gone')] } }),
    config: { anthropic: [a('y')] },
    ids: [a('y')],
    source: 'config',
  },
  {
    name: 'cooldown, disabled and re-login go last, soonest available first, re-login last of all',
    store: storeOf(
      { [a('r')]: oauth(), [a('d')]: oauth(), [a('c')]: oauth(), [a('ok')]: apiKey() },
      {
        order: { anthropic: [a('r'), a('d'), a('c'), a('ok')] },
        usageStats: {
          [a('r')]: { reloginRequired: { since: NOW - MIN, reason: 'invalid_grant' } },
          [a('d')]: { disabledUntil: NOW + 5 * MIN, disabledReason: 'billing' },
          [a('c')]: { cooldownUntil: NOW + MIN },
        },
      },
    ),
    ids: [a('ok'), a('c'), a('d'), a('r')],
    source: 'store',
  },
  {
    name: 'a profile both cooling down and disabled waits for the later of the two',
    store: storeOf(
      { [a('both')]: token(), [a('c')]: token(), [a('ok')]: token() },
      {
        order: { anthropic: [a('both'), a('c'), a('ok')] },
        usageStats: { [a('both')]: { cooldownUntil: NOW + MIN, disabledUntil: NOW + 9 * MIN }, [a('c')]: { cooldownUntil: NOW + 2 * MIN } },
      },
    ),
    ids: [a('ok'), a('c'), a('both')],
    source: 'store',
  },
  {
    name: 'windows that ended are available again and keep their place',
    store: storeOf(
      { [a('x')]: token(), [a('y')]: token() },
      { order: { anthropic: [a('x'), a('y')] }, usageStats: { [a('x')]: { cooldownUntil: NOW, disabledUntil: NOW - 1 } } },
    ),
    ids: [a('x'), a('y')],
    source: 'store',
  },
  {
    name: 'two profiles needing re-login keep their order',
    store: storeOf(
      { [a('p')]: oauth(), [a('q')]: oauth(), [a('s')]: oauth() },
      {
        order: { anthropic: [a('q'), a('p'), a('s')] },
        usageStats: {
          [a('q')]: { reloginRequired: { since: 1, reason: 'x' } },
          [a('p')]: { reloginRequired: { since: 2, reason: 'x' } },
        },
      },
    ),
    ids: [a('s'), a('q'), a('p')],
    source: 'store',
  },
  {
    name: 'automatic order also puts cooling profiles last',
    store: storeOf({ [a('o')]: oauth(), [a('t')]: token() }, { usageStats: { [a('o')]: { cooldownUntil: NOW + MIN } } }),
    ids: [a('t'), a('o')],
    source: 'automatic',
  },
];

describe('orderProfiles (SPEC 5)', () => {
  for (const c of orderCases) {
    it(c.name, () => {
      const order = orderProfiles(c.store, 'anthropic', c.config ?? {}, NOW);
      expect(order).toEqual({ provider: 'anthropic', ids: c.ids, active: c.ids[0] ?? null, source: c.source });
    });
  }

  it('moves a profile back to its place when its cooldown ends (injected clock)', () => {
    const store = storeOf(
      { [a('x')]: token(), [a('y')]: token() },
      { order: { anthropic: [a('x'), a('y')] }, usageStats: { [a('x')]: { cooldownUntil: NOW + MIN } } },
    );
    expect(orderProfiles(store, 'anthropic', {}, NOW + MIN - 1).active).toBe(a('y'));
    expect(orderProfiles(store, 'anthropic', {}, NOW + MIN).active).toBe(a('x'));
  });

  it('has no active profile for a provider without profiles', () => {
    expect(orderProfiles(storeOf({ [a('x')]: token() }), 'openai', {}, NOW)).toEqual({
      provider: 'openai',
      ids: [],
      active: null,
      source: 'automatic',
    });
  });

  it('orderAll covers every provider, sorted', () => {
    const store = storeOf({ 'openai:k': apiKey('openai'), [a('t')]: token(), 'openai-codex:default': oauth('openai-codex') });
    expect(orderAll(store, {}, NOW).map((o) => [o.provider, o.active])).toEqual([
      ['anthropic', a('t')],
      ['openai', 'openai:k'],
      ['openai-codex', 'openai-codex:default'],
    ]);
  });
});

describe('explainOrder', () => {
  it('is orderProfiles plus the lists it came from, what the explicit order leaves out, and entries naming no profile', () => {
    const store = storeOf(
      { [a('x')]: token(), [a('y')]: token(), [a('z')]: token(), 'openai:x': apiKey('openai') },
      { order: { anthropic: [a('x'), a('gone'), 'openai:x', a('y')] }, usageStats: { [a('x')]: { cooldownUntil: NOW + MIN } } },
    );
    const config = { anthropic: [a('z')] };
    expect(explainOrder(store, 'anthropic', config, NOW)).toEqual({
      ...orderProfiles(store, 'anthropic', config, NOW),
      storeOrder: [a('x'), a('gone'), 'openai:x', a('y')],
      configOrder: [a('z')],
      base: [a('x'), a('y')],
      unlisted: [a('z')],
      unknown: [a('gone'), 'openai:x'],
    });
  });

  it('automatic: nothing is left out and nothing is unknown, even when a set order names no profile', () => {
    const store = storeOf({ [a('x')]: token() }, { order: { anthropic: [a('gone')] } });
    expect(explainOrder(store, 'anthropic', {}, NOW)).toMatchObject({ source: 'automatic', storeOrder: [a('gone')], unlisted: [], unknown: [] });
  });
});

describe('parseModelRef', () => {
  const good: [string, string, string | null][] = [
    ['Opus@anthropic:work', 'Opus', 'anthropic:work'],
    ['Opus', 'Opus', null],
    ['anthropic/claude-opus-4-5@anthropic:default', 'anthropic/claude-opus-4-5', 'anthropic:default'],
    ['Opus@anthropic:a@b', 'Opus', 'anthropic:a@b'],
    ['  Opus@anthropic:work \n', 'Opus', 'anthropic:work'],
  ];
  for (const [ref, model, profileId] of good) {
    it(`${JSON.stringify(ref)} → ${model} / ${profileId}`, () => {
      expect(parseModelRef(ref)).toEqual({ model, profileId });
    });
  }

  const bad: [string, RegExp][] = [
    ['@anthropic:work', /model name before "@" is missing/],
    ['', /model name before "@" is missing/],
    ['Opus@', /profile id after "@" is missing/],
    ['Opus@  ', /profile id after "@" is missing/],
  ];
  for (const [ref, message] of bad) {
    it(`refuses ${JSON.stringify(ref)}`, () => {
      expect(() => parseModelRef(ref)).toThrow(UserError);
      expect(() => parseModelRef(ref)).toThrow(message);
    });
  }
});

describe('resolveProfileOverride', () => {
  const store = storeOf({ [a('work')]: token(), [a('default')]: token(), 'openai:work': apiKey('openai') });
  const cases: [string, string, string | RegExp][] = [
    ['anthropic', a('work'), a('work')],
    ['anthropic', a('nope'), /^Unknown profile anthropic:nope\. anthropic profiles: anthropic:default, anthropic:work\.$/],
    ['anthropic', 'openai:work', /^Profile openai:work is for openai, not anthropic\. anthropic profiles: anthropic:default, anthropic:work\.$/],
    ['anthropic', 'openai:nope', /is for openai, not anthropic/],
    ['anthropic', 'work', /^Unknown profile work\. anthropic profiles: anthropic:default, anthropic:work\.$/],
    ['openai-codex', 'openai-codex:default', /^Unknown profile .*openai-codex profiles: \(none; sign in first\)\.$/],
    ['anthropic', 'anthropic:\u001b[31mred', /^Unknown profile anthropic:\?\[31mred\./],
  ];
  for (const [provider, id, expected] of cases) {
    it(`${provider} ${JSON.stringify(id)}`, () => {
      if (typeof expected === 'string') expect(resolveProfileOverride(store, provider, id)).toBe(expected);
      else {
        const error = (() => {
          try {
            resolveProfileOverride(store, provider, id);
          } catch (e) {
            return e;
          }
          return null;
        })();
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(expected);
      }
    });
  }
});

describe('surfaces (CLI)', () => {
  let state: Awaited<ReturnType<typeof tempState>>;
  beforeEach(async () => (state = await tempState()));
  afterEach(() => state.cleanup());

  const SECRET = 'sk-ant-oat01-ROUTINGSECRET';
  async function plant(usageStats: Record<string, UsageStats>, order?: Record<string, string[]>): Promise<void> {
    const file = storeFileOf(state.dir);
    await mkdir(dirname(file), { recursive: true });
    const profiles = {
      [a('work')]: { type: 'token', provider: 'anthropic', token: `${SECRET}1` },
      [a('home')]: { type: 'token', provider: 'anthropic', token: `${SECRET}2` },
      [a('spare')]: { type: 'api_key', provider: 'anthropic', key: `${SECRET}3` },
      'openai:main': { type: 'api_key', provider: 'openai', key: `${SECRET}4` },
    };
    await writeFile(file, JSON.stringify({ version: 1, profiles, usageStats, ...(order ? { order } : {}) }), { mode: 0o600 });
  }

  it('models status --json: ordered ids, active profile, cooldown and disabled with until and remainingMs, no secret', async () => {
    const now = Date.now();
    const cooldownUntil = now + 30 * MIN;
    const disabledUntil = now + 5 * 60 * MIN;
    await plant(
      { [a('work')]: { cooldownUntil, errorCount: 2 }, [a('home')]: { disabledUntil, disabledReason: 'billing' } },
      { anthropic: [a('work'), a('home'), a('spare')] },
    );
    const started = Date.now();
    const result = await runCli(['models', 'status', '--json'], { env: state.env });
    const finished = Date.now();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain('ROUTINGSECRET');
    const status = JSON.parse(result.stdout);
    expect(status.providers.anthropic).toEqual({ order: [a('spare'), a('work'), a('home')], active: a('spare'), source: 'store' });
    expect(status.providers.openai).toEqual({ order: ['openai:main'], active: 'openai:main', source: 'automatic' });
    const byId = Object.fromEntries(status.profiles.map((p: { id: string }) => [p.id, p]));
    expect(byId[a('work')]).toMatchObject({ state: 'cooldown', active: false, disabled: null, cooldown: { until: cooldownUntil } });
    expect(byId[a('home')]).toMatchObject({ state: 'disabled', cooldown: null, disabled: { until: disabledUntil, reason: 'billing' } });
    // remainingMs is measured by the CLI's own clock, somewhere between our two readings.
    for (const [window, until] of [
      [byId[a('work')].cooldown, cooldownUntil],
      [byId[a('home')].disabled, disabledUntil],
    ] as const) {
      expect(window.remainingMs).toBeLessThanOrEqual(until - started);
      expect(window.remainingMs).toBeGreaterThanOrEqual(until - finished);
    }
    expect(byId[a('spare')]).toMatchObject({ state: 'static', active: true, cooldown: null, disabled: null });
  });

  it('models status (text) shows cooldown and disabled with the time left, and the active profile', async () => {
    const now = Date.now();
    await plant({ [a('work')]: { cooldownUntil: now + 25 * MIN + 30_000 }, [a('home')]: { disabledUntil: now + 10 * 60 * MIN + 30_000, disabledReason: 'billing' } });
    const result = await runCli(['models', 'status'], { env: state.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('active anthropic:spare; order: automatic');
    expect(result.stdout).toMatch(/anthropic:work {2}token {2}cooldown\n\s+cooling down, 25m \d+s left/);
    expect(result.stdout).toMatch(/anthropic:home {2}token {2}disabled\n\s+disabled \(billing\), 10h( \d+m)? left/);
    expect(result.stdout).not.toContain('ROUTINGSECRET');
  });

  it('models auth order set refuses an unknown id, lists the ids there are, and changes nothing', async () => {
    await plant({});
    const result = await runCli(['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'work', 'nope'], { env: state.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: Unknown anthropic profile anthropic:nope. Profiles there are: anthropic:home, anthropic:spare, anthropic:work.\n',
    );
    const get = await runCli(['models', 'auth', 'order', 'get', '--provider', 'anthropic', '--json'], { env: state.env });
    expect(JSON.parse(get.stdout)).toMatchObject({ order: null, source: 'automatic' });
  });

  it('models auth order set then get gives the stored order, and status follows it', async () => {
    await plant({});
    const set = await runCli(['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'home', 'anthropic:work'], { env: state.env });
    expect(set.code, set.stderr).toBe(0);
    const status = JSON.parse((await runCli(['models', 'status', '--json'], { env: state.env })).stdout);
    expect(status.providers.anthropic).toEqual({ order: [a('home'), a('work')], active: a('home'), source: 'store' });
  });
});
