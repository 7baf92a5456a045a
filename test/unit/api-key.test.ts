import { describe, expect, it } from 'vitest';
import { API_KEY_PATTERNS, checkApiKey } from '../../src/auth/sign-in/api-key.js';

describe('checkApiKey', () => {
  const openai = { label: 'OpenAI', pattern: API_KEY_PATTERNS.openai };
  it('accepts a key of the pattern, cleaned of white space and paste markers', () => {
    expect(checkApiKey('\u001b[200~sk-abcdefghijklmnop1234\u001b[201~\n', openai)).toEqual({ ok: true, token: 'sk-abcdefghijklmnop1234' });
  });
  it('refuses two keys on two lines (not joined into one), keeps one key wrapped over lines', () => {
    const key = 'sk-abcdefghijklmnop1234';
    for (const raw of [`${key}\n${key}\n`, `${key}\nsk-other`, `sk-or-v1-0123456789abcdef\r\nsk-or-v1-fedcba9876543210`]) {
      const check = checkApiKey(raw, openai);
      expect(check.ok, raw).toBe(false);
      if (!check.ok) {
        expect(check.problem).toContain('more than one token or key');
        expect(check.problem).not.toMatch(/abcdef|fedcba/);
      }
    }
    expect(checkApiKey(`${key.slice(0, 10)}\n${key.slice(10)}\n`, openai)).toEqual({ ok: true, token: key });
  });
  it('refuses another shape without quoting it, naming the expected start', () => {
    const check = checkApiKey('xyz-NOTAKEY-abcdefghijklmnop', openai);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problem).toContain('starts with sk-');
      expect(check.problem).not.toContain('NOTAKEY');
    }
  });
  it('openrouter and anthropic keys have their own prefixes', () => {
    expect(checkApiKey('sk-or-v1-0123456789abcdef0123', { label: 'OpenRouter', pattern: API_KEY_PATTERNS.openrouter }).ok).toBe(true);
    expect(checkApiKey('sk-abcdefghijklmnop1234', { label: 'OpenRouter', pattern: API_KEY_PATTERNS.openrouter }).ok).toBe(false);
    expect(checkApiKey('sk-ant-api03-abcdefghijklmnop1234', { label: 'Anthropic', pattern: API_KEY_PATTERNS.anthropic }).ok).toBe(true);
    expect(checkApiKey('sk-ant-oat01-abcdefghijklmnop1234', { label: 'Anthropic', pattern: API_KEY_PATTERNS.anthropic }).ok).toBe(false);
  });
  it('empty, and a bad pattern from a plugin, are explained', () => {
    expect(checkApiKey('  ', openai)).toMatchObject({ ok: false, problem: 'Nothing was pasted.' });
    expect(checkApiKey('abc', { label: 'Acme', pattern: '(' })).toMatchObject({ ok: false });
  });
});

describe('checkApiKey names what was pasted and what is expected', () => {
  it('another provider\'s key is named, and an OpenAI key is not an Anthropic one', () => {
    const openai = { label: 'OpenAI', pattern: API_KEY_PATTERNS.openai };
    const anthropic = checkApiKey('sk-ant-api03-abcdefghijklmnop1234', openai);
    expect(anthropic).toMatchObject({ ok: false, problem: 'That is an Anthropic API key, not a key for OpenAI; nothing was stored.' });
    expect(checkApiKey('sk-ant-oat01-abcdefghijklmnop1234', { label: 'Anthropic', pattern: API_KEY_PATTERNS.anthropic })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('setup-token'),
    });
  });
  it('the expected start is the pattern\'s whole literal prefix', () => {
    expect(checkApiKey('abc-0123456789abcdef', { label: 'OpenRouter', pattern: API_KEY_PATTERNS.openrouter })).toMatchObject({ problem: expect.stringContaining('starts with sk-or-v1-…') });
    expect(checkApiKey('abc-0123456789abcdef', { label: 'Anthropic', pattern: API_KEY_PATTERNS.anthropic })).toMatchObject({ problem: expect.stringContaining('starts with sk-ant-api03-…') });
    expect(checkApiKey('abc-0123456789abcdef', { label: 'OpenAI', pattern: API_KEY_PATTERNS.openai })).toMatchObject({ problem: expect.stringContaining('starts with sk-…') });
  });
});

// A user-level review: `login --provider openrouter` with `sk-or-v1-x-…` said "That is an OpenRouter key,
// not a key for OpenRouter". The OpenRouter pattern took no '-' or '_' after the prefix (the other
// providers' do), and a key that missed its own method's pattern was then "named" by that same prefix.
describe('realistic key shapes of each provider', () => {
  // Made of the real shapes (lengths, alphabets, prefixes); no real key.
  const hex = (n: number) => '0123456789abcdef'.repeat(8).slice(0, n);
  const b64url = (n: number) => 'Ab3_xY9-Qz7K'.repeat(12).slice(0, n);
  const methods = {
    openai: { label: 'OpenAI', pattern: API_KEY_PATTERNS.openai },
    anthropic: { label: 'Anthropic', pattern: API_KEY_PATTERNS.anthropic },
    openrouter: { label: 'OpenRouter', pattern: API_KEY_PATTERNS.openrouter },
  };
  const keys: [keyof typeof methods, string][] = [
    ['openai', `sk-proj-${b64url(156)}`],
    ['openai', `sk-svcacct-${b64url(156)}`],
    ['openai', `sk-admin-${b64url(80)}`],
    ['openai', `sk-${'T3BlbkFJ'.repeat(6)}`],
    ['anthropic', `sk-ant-api03-${b64url(93)}AA`],
    ['openrouter', `sk-or-v1-${hex(64)}`],
    ['openrouter', `sk-or-v1-x-${b64url(40)}`],
    ['openrouter', `sk-or-v1-${b64url(64)}`],
  ];

  it.each(keys)('%s: %s is taken by its own method and refused by the others, named as what it is', (owner, key) => {
    for (const [id, method] of Object.entries(methods)) {
      const check = checkApiKey(key, method);
      if (id === owner) {
        expect(check, `${key} for ${id}`).toEqual({ ok: true, token: key });
        continue;
      }
      expect(check.ok, `${key} for ${id}`).toBe(false);
      const problem = check.ok ? '' : check.problem;
      expect(problem).not.toContain(key);
      // Named as what it is, never as a key of the method it was given to.
      if (owner !== 'openai') expect(problem).toContain(`That is ${owner === 'anthropic' ? 'an Anthropic API key' : 'an OpenRouter key'}, not a key for ${method.label}`);
    }
  });

  it('a key that misses its own method\'s pattern is never "named" as a key of that same method', () => {
    for (const [raw, method] of [
      ['sk-or-v1-short', methods.openrouter],
      ['sk-or-v1-bad.chars.0123456789abcdef', methods.openrouter],
      ['sk-ant-api03-short', methods.anthropic],
    ] as const) {
      const check = checkApiKey(raw, method);
      expect(check.ok).toBe(false);
      const problem = check.ok ? '' : check.problem;
      expect(problem).not.toMatch(/^That is /);
      expect(problem).toContain(`does not look like a key for ${method.label}`);
    }
  });
});
