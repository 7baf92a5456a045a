import { describe, expect, it } from 'vitest';
import { hasControl, isPlainAscii, printable, stripControl, stripEscapes } from '../../src/base/text.js';

// Every UTF-16 code unit, alone between two letters: the sanitizers answer plain ASCII without their patterns
// (isPlainAscii), and that shortcut must not let through anything the patterns would have taken out.
const units = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code));
const C0_C1 = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);
const INVISIBLE = (code: number) => (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff;

describe('isPlainAscii and the sanitizers that take it as their shortcut', () => {
  it('is true for space to ~ only, and for the empty text', () => {
    expect(isPlainAscii('')).toBe(true);
    expect(isPlainAscii(' openai:work ~/.openclaw')).toBe(true);
    const plain = units.filter((unit) => isPlainAscii(`a${unit}b`)).map((unit) => unit.charCodeAt(0));
    expect(plain).toEqual(Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i));
  });

  it('stripControl still takes out every control character but tab and newline, and every invisible mark', () => {
    for (const [code, unit] of units.entries()) {
      const removed = (C0_C1(code) && unit !== '\t' && unit !== '\n') || INVISIBLE(code);
      // ESC is an escape sequence's start; the letter after it (lower case) is no part of one.
      expect(stripControl(`a${unit}b`), `U+${code.toString(16)}`).toBe(removed ? 'ab' : `a${unit}b`);
    }
  });

  it('printable and hasControl still see every control character; printable every invisible mark too', () => {
    for (const [code, unit] of units.entries()) {
      expect(hasControl(`a${unit}b`), `U+${code.toString(16)}`).toBe(C0_C1(code));
      expect(printable(`a${unit}b`), `U+${code.toString(16)}`).toBe(C0_C1(code) || INVISIBLE(code) ? 'a?b' : `a${unit}b`);
    }
  });

  it('stripEscapes still takes out whole sequences, and leaves plain text as it is', () => {
    expect(stripEscapes('a\u001b[31mred\u001b[39m \u001b]0;title\u0007b')).toBe('ared b');
    const plain = 'Agent main  openai:work  api_key  ~/.openclaw/agents/main/agent';
    expect(stripEscapes(plain)).toBe(plain);
    expect(stripControl(plain)).toBe(plain);
    expect(printable(plain, 10)).toBe('Agent main…');
  });
});
