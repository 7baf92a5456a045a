import { createContext, useContext, type ReactNode } from 'react';
import { colorEnabled } from '../src/cli/style.js';

/** Semantic colours; screens never name a colour directly. `undefined` means the terminal's default. */
export interface Theme {
  color: boolean;
  text: { primary?: string; muted?: string; accent?: string; link?: string };
  status: { ok?: string; warn?: string; error?: string };
  glyph: { pointer: string; bullet: string; tick: string; cross: string; warn: string; spinner: string[] };
}

const unicodeGlyphs = { pointer: '❯', bullet: '•', tick: '✔', cross: '✖', warn: '▲', spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] };
const asciiGlyphs = { pointer: '>', bullet: '*', tick: 'v', cross: 'x', warn: '!', spinner: ['-', '\\', '|', '/'] };

export function makeTheme(env: Readonly<Record<string, string | undefined>>): Theme {
  // The wizard only runs on a terminal.
  const color = colorEnabled(env, { isTTY: true });
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  const unicode = env.TERM !== 'linux' && env.TERM !== 'dumb' && (locale === '' || /utf-?8/i.test(locale));
  const glyph = unicode ? unicodeGlyphs : asciiGlyphs;
  if (!color) return { color, text: {}, status: {}, glyph };
  return {
    color,
    text: { primary: undefined, muted: 'gray', accent: 'cyan', link: 'blue' },
    status: { ok: 'green', warn: 'yellow', error: 'red' },
    glyph,
  };
}

const ThemeContext = createContext<Theme>(makeTheme({}));

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export const useTheme = () => useContext(ThemeContext);
