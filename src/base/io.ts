import { maskKnown } from './redact.js';
import { stderr } from './stdio.js';

/** The process environment as commands see it (tests pass their own). */
export type Env = Readonly<Record<string, string | undefined>>;

/** A one-line warning for the user; the CLI prints it on stderr, the wizard after its last frame. */
export type Warn = (line: string) => void;
export const warnOnStderr: Warn = (line) => {
  stderr().write(`openclaw: ${maskKnown(line)}\n`);
};
