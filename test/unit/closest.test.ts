import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/model/closest.js';

describe('closest', () => {
  it('edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance('antropic', 'anthropic')).toBe(1);
    expect(editDistance('opnai', 'openai')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('offers the nearest within two edits, the first on a tie; nothing when far or exact', () => {
    const ids = ['anthropic', 'openai-codex', 'openai', 'openrouter', 'github-copilot'];
    expect(closest('antropic', ids)).toBe('anthropic');
    expect(closest('opena', ids)).toBe('openai');
    expect(closest('nosuch', ids)).toBeNull();
    expect(closest('openai', ids)).toBeNull();
    expect(closest('ab', ['xy', 'ay', 'ax'])).toBe('ay');
  });
});
