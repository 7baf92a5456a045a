import { eastAsianWidth } from 'get-east-asian-width';
import type { Env } from './io.js';
import { isPlainAscii, stripEscapes } from './text.js';

/** Colour only on a terminal, never with NO_COLOR (any value) or TERM=dumb. */
export function colorEnabled(env: Env, stream: { isTTY?: boolean }): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

/** Whether the terminal shows Unicode glyphs (a UTF-8 locale, not the Linux console). */
export function unicodeEnabled(env: Env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return env.TERM !== 'linux' && env.TERM !== 'dumb' && (locale === '' || /utf-?8/i.test(locale));
}

/** What the wizard's theme needs to know of the terminal (it only runs on one). */
export function terminalFacts(env: Env): { color: boolean; unicode: boolean } {
  return { color: colorEnabled(env, { isTTY: true }), unicode: unicodeEnabled(env) };
}

const codes = {
  ok: [32, 39],
  warn: [33, 39],
  error: [31, 39],
  muted: [2, 22],
  strong: [1, 22],
  accent: [36, 39],
} as const;

export type Tone = keyof typeof codes;
export type Paint = Record<Tone, (text: string) => string>;

/** Semantic tones; with colour off every tone is the identity. */
export function paint(enabled: boolean): Paint {
  const entries = Object.entries(codes).map(([tone, [open, close]]) => [
    tone,
    enabled ? (text: string) => `\u001b[${open}m${text}\u001b[${close}m` : (text: string) => text,
  ]);
  return Object.fromEntries(entries) as Paint;
}

// Combining and enclosing marks, controls and format characters (zero-width joiners, direction marks) take no column.
// Controls, combining marks and format characters (zero-width, direction marks, variation selectors):
// the ranges of them that text here can hold. Not a \p{…} class: building one costs a quarter of a
// millisecond, which a Chinese `models status` would pay on every run.
const ZERO_WIDTH = /^[\u0000-\u001f\u007f-\u009f\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u2028-\u202e\u2060-\u206f\u20d0-\u20ff\u3099\u309a\ufe00-\ufe0f\ufe20-\ufe2f\ufeff]$/;

/**
 * Columns a text takes on a terminal: East Asian wide and fullwidth characters count two (Unicode's East
 * Asian Width, from get-east-asian-width: the table string-width and Ink use), marks and controls none,
 * escape sequences none. Printable ASCII is its length. Not string-width itself: its first call costs
 * about 45 ms (an Intl.Segmenter and emoji property patterns), which `models status` cannot afford; the
 * text measured here (the catalogue, ids, paths) has no emoji sequences for its grapheme rules to matter.
 */
export function displayWidth(text: string): number {
  if (isPlainAscii(text)) return text.length;
  let width = 0;
  for (const char of stripEscapes(text)) {
    if (ZERO_WIDTH.test(char)) continue;
    width += eastAsianWidth(char.codePointAt(0)!);
  }
  return width;
}

/** `text` followed by spaces up to `width` columns (by display width, not by length). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

// A wide character may end a line anywhere; closing punctuation stays with what it closes.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
// Full-width ，。、：；！？）」』】〉》 and their ASCII kin, escaped: the bundle stays ASCII (a one-byte string to V8).
const NO_BREAK_BEFORE = /^[\uff0c\u3002\u3001\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f\u3011\u3009\u300b,.:;!?)\]]/u;

/** The pieces a line may break between, each with whether a space came before it. */
function pieces(line: string): { text: string; space: boolean }[] {
  const out: { text: string; space: boolean }[] = [];
  let space = false;
  for (const word of line.split(/(\s+)/)) {
    if (word === '') continue;
    if (/^\s+$/.test(word)) {
      space = true;
      continue;
    }
    // A run of wide characters breaks between any two of them; a run of narrow ones is one word (and a word
    // with no wide character is one piece: help's English descriptions went through the loop below a
    // character at a time, ~0.5 ms of every --help).
    if (!WIDE.test(word)) {
      out.push({ text: word, space });
      space = false;
      continue;
    }
    const parts = word.match(/[^\s]/gu)!.reduce<string[]>((acc, ch) => {
      const last = acc.at(-1);
      if (last !== undefined && (NO_BREAK_BEFORE.test(ch) || (!WIDE.test(ch) && !WIDE.test(last.at(-1)!)))) acc[acc.length - 1] = last + ch;
      else acc.push(ch);
      return acc;
    }, []);
    parts.forEach((text, i) => out.push({ text, space: i === 0 && space }));
    space = false;
  }
  return out;
}

/**
 * Wraps plain text to `width` columns by display width (a wide character counts two), keeping its own
 * line breaks and indentation; Chinese text, which has no spaces, breaks between characters.
 */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^\s*/.exec(line)![0];
      const lines: string[] = [];
      let current = '';
      for (const piece of pieces(line.trim())) {
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

/** Room for text beside clack's guide line ("│  "). */
export function guideWidth(stream: { columns?: number }): number {
  // A terminal that reports 0 columns (docker exec -t, before its first resize) counts as 80.
  return Math.max(40, Math.min(stream.columns || 80, 100) - 4);
}

/**
 * A clack title (intro) that fits the terminal: clack writes it on one line after its corner glyph, so a
 * long one (a title and a profile id at 60 columns) is wrapped here, its lines continued on the guide.
 */
export function clackTitle(text: string, stdout: { columns?: number }, env: Env): string {
  const bar = unicodeEnabled(env) ? '│' : '|';
  return wrapText(text, guideWidth(stdout)).replace(/\n/g, `\n${bar}  `);
}
