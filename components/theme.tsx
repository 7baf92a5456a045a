import { createContext, useContext, type ReactNode } from 'react';

/** Semantic colours; screens never name a colour directly. `undefined` means the terminal's default. */
export interface Theme {
  color: boolean;
  text: { primary?: string; muted?: string; accent?: string; link?: string };
  status: { ok?: string; warn?: string; error?: string };
  glyph: { pointer: string; bullet: string; tick: string; cross: string; warn: string; spinner: string[]; border: 'round' | 'classic' };
}

const unicodeGlyphs = { pointer: '❯', bullet: '•', tick: '✔', cross: '✖', warn: '▲', spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'], border: 'round' as const };
const asciiGlyphs = { pointer: '>', bullet: '*', tick: 'v', cross: 'x', warn: '!', spinner: ['-', '\\', '|', '/'], border: 'classic' as const };

/** Facts about the terminal (decided by the caller): colour allowed, Unicode glyphs shown. */
export interface TerminalFacts {
  color: boolean;
  unicode: boolean;
}

export function makeTheme({ color, unicode }: TerminalFacts = { color: true, unicode: true }): Theme {
  const glyph = unicode ? unicodeGlyphs : asciiGlyphs;
  if (!color) return { color, text: {}, status: {}, glyph };
  return {
    color,
    text: { primary: undefined, muted: 'gray', accent: 'cyan', link: 'blue' },
    status: { ok: 'green', warn: 'yellow', error: 'red' },
    glyph,
  };
}

const ThemeContext = createContext<Theme>(makeTheme());

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export const useTheme = () => useContext(ThemeContext);
