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
