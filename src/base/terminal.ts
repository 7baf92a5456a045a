import type { Env } from './io.js';

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

/** Word-wraps plain text to `width` columns, keeping its own line breaks and indentation. */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^\s*/.exec(line)![0];
      const words = line.trim().split(/\s+/);
      const lines: string[] = [];
      let current = '';
      for (const word of words) {
        if (current && indent.length + current.length + 1 + word.length > width) {
          lines.push(indent + current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      lines.push(indent + current);
      return lines.join('\n');
    })
    .join('\n');
}

/** Room for text beside clack's guide line ("│  "). */
export function guideWidth(stream: { columns?: number }): number {
  return Math.max(40, Math.min(stream.columns ?? 80, 100) - 4);
}
