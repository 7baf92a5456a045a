import { describe, expect, it } from 'vitest';
import { displayWidth, wrapText } from '../../src/base/terminal.js';
import { englishCatalogue } from '../../src/base/i18n/en/index.js';
import { loadZhHant } from '../../src/base/i18n/load-zh-hant.js';

// wrapText takes a word with no wide character as one piece; before, every word went a character at a
// time through the rule for wide runs. This is that rule, whole, as it was: both must wrap alike.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const NO_BREAK_BEFORE = /^[\uff0c\u3002\u3001\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f\u3011\u3009\u300b,.:;!?)\]]/u;
function referenceWrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^\s*/.exec(line)![0];
      const pieces: { text: string; space: boolean }[] = [];
      let space = false;
      for (const word of line.trim().split(/(\s+)/)) {
        if (word === '') continue;
        if (/^\s+$/.test(word)) {
          space = true;
          continue;
        }
        const parts = word.match(/[^\s]/gu)!.reduce<string[]>((acc, ch) => {
          const last = acc.at(-1);
          if (last !== undefined && (NO_BREAK_BEFORE.test(ch) || (!WIDE.test(ch) && !WIDE.test(last.at(-1)!)))) acc[acc.length - 1] = last + ch;
          else acc.push(ch);
          return acc;
        }, []);
        parts.forEach((part, i) => pieces.push({ text: part, space: i === 0 && space }));
        space = false;
      }
      const lines: string[] = [];
      let current = '';
      for (const piece of pieces) {
        const joined = current && piece.space ? `${current} ${piece.text}` : current + piece.text;
        if (current && displayWidth(indent + joined) > width) {
          lines.push(indent + current);
          current = piece.text;
        } else current = joined;
      }
      lines.push(indent + current);
      return lines.join('\n');
    })
    .join('\n');
}

describe('wrapText', () => {
  it('wraps every message of both languages as the character-by-character rule does, at 12 to 100 columns', async () => {
    const texts = [...Object.values(englishCatalogue()), ...Object.values(await loadZhHant()), '  indented line with words\n與中文混合 mixed words，標點。', 'a-very-long-word-that-cannot-break here'];
    let wrapped = 0;
    for (const text of texts) {
      for (const width of [12, 20, 33, 40, 60, 80, 100]) {
        const ours = wrapText(text, width);
        if (ours.includes('\n') && !text.includes('\n')) wrapped++;
        expect(ours, `${width}: ${text}`).toBe(referenceWrap(text, width));
      }
    }
    expect(wrapped).toBeGreaterThan(500);
  });
});
