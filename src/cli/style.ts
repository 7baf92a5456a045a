import type { Env } from '../env/paths.js';

/** Colour only on a terminal, never with NO_COLOR (any value) or TERM=dumb. */
export function colorEnabled(env: Env, stream: { isTTY?: boolean }): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

const codes = {
  good: [32, 39],
  warn: [33, 39],
  bad: [31, 39],
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
