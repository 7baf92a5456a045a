import { describe, expect, it } from 'vitest';
import { plainlyValid, schemas } from '../../src/model/schema.js';
import { validateStore } from '../../src/store/parse.js';

/**
 * plainlyValid (the store read without zod) may only ever vouch for a store that zod's schema accepts as it
 * is: every field of a store that has them all is replaced, one at a time, by values of every kind, and for
 * each result "quick check says valid" must imply "zod says valid, and gives back the same store".
 */
const rich = () => ({
  version: 1,
  profiles: {
    'anthropic:default': { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-x', expires: 1798761600000, email: 'a@b.c' },
    'anthropic:static': { type: 'token', provider: 'anthropic', token: 't', expires: null },
    'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'eyJ', refresh: 'r', expires: 0, accountId: 'acct', email: 'e', unknownField: { kept: true } },
    'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-1' },
  },
  // SPEC 11: grants another holder keeps.
  links: {
    'openai-codex:shared': { provider: 'openai-codex', agent: 'main', profileId: 'openai-codex:default' },
    'openai-codex:cli': { provider: 'openai-codex', tool: 'codex-cli', file: '/home/u/.codex/auth.json' },
  },
  order: { anthropic: ['anthropic:static', 'anthropic:default'] },
  lastGood: { anthropic: 'anthropic:default' },
  usageStats: {
    'anthropic:default': {
      lastUsed: 1,
      cooldownUntil: 2,
      disabledUntil: 3,
      disabledReason: 'billing',
      errorCount: 4,
      failureCounts: { rate_limit: 1 },
      lastFailureAt: 5,
      refreshRetryAt: 6,
      refreshFailures: 7,
      reloginRequired: { since: 8, reason: 'refresh_token_reused', extra: 1 },
    },
  },
  somethingNew: [1, 2],
});

const KINDS: unknown[] = [undefined, null, true, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, '', 'x', [], ['x'], [1], {}, { a: 1 }];

/** Every path to a value in `value` (objects and arrays), the root excluded. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...at, Array.isArray(value) ? Number(key) : key];
    return [path, ...paths(child, path)];
  });
}

function withValue(path: (string | number)[], replacement: unknown): Record<string, unknown> {
  const store = rich() as Record<string, unknown>;
  let parent = store as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  if (replacement === undefined) delete parent[path.at(-1)!];
  else parent[path.at(-1)!] = replacement;
  return store;
}

function agrees(store: unknown): void {
  if (!plainlyValid(store)) return;
  const result = schemas().authProfiles.safeParse(store);
  expect(result.success, JSON.stringify(store)).toBe(true);
  expect(result.data).toStrictEqual(store);
}

describe('plainlyValid vouches only for what zod accepts', () => {
  it('the rich store: both accept it, and zod gives it back unchanged', () => {
    expect(plainlyValid(rich())).toBe(true);
    agrees(rich());
  });

  it('every field replaced by every kind of value', () => {
    let rejected = 0;
    for (const path of paths(rich())) {
      for (const kind of KINDS) {
        const store = withValue(path, kind);
        agrees(store);
        if (!plainlyValid(store)) rejected++;
      }
    }
    // It is not vacuous: most replacements break the store.
    expect(rejected).toBeGreaterThan(200);
  });

  it('ids that do not match their provider, and shapes around the root', () => {
    for (const store of [
      { version: 1, profiles: { 'openai:x': { type: 'api_key', provider: 'anthropic', key: 'k' } } },
      { version: 1, profiles: { 'Bad Id': { type: 'api_key', provider: 'openai', key: 'k' } } },
      { version: 1, profiles: { openai: { type: 'api_key', provider: 'openai', key: 'k' } } },
      // SPEC 12's references are left to zod (and its check that a profile holds one of the two).
      { version: 1, profiles: { 'openai:ref': { type: 'api_key', provider: 'openai', keyRef: { source: 'env', provider: 'default', id: 'OPENAI_KEY' } } } },
      { version: 1, profiles: { 'anthropic:ref': { type: 'token', provider: 'anthropic', token: 't', tokenRef: { source: 'env', provider: 'default', id: 'X' } } } },
      { version: 1, profiles: { 'openai-codex:x': { type: 'oauth', provider: 'openai-codex', access: 'a', refresh: 'r', expires: 0, keyRef: {} } } },
      { version: 2, profiles: {} },
      { version: '1', profiles: {} },
      { version: 1 },
      { version: 1, profiles: [] },
      [],
      null,
      'store',
    ]) {
      expect(plainlyValid(store)).toBe(false);
      agrees(store);
    }
  });

  it('a broken store still gets zod\'s words for what is wrong', () => {
    const result = validateStore(withValue(['profiles', 'openai:work', 'key'], ''));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toMatch(/openai:work/);
  });
});
