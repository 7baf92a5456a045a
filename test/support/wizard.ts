import { spawnCli, type PtySession } from './pty.js';
import { watchWizard, type WizardWatch } from './terminal.mjs';

export { KEY, paste, words } from './terminal.mjs';

export type WizardSession = Omit<PtySession, 'raw' | 'exited'> & WizardWatch;

/** `openclaw onboard …` in a pseudo-terminal, with a terminal emulator reading along. */
export function spawnWizard(
  args: string[],
  options: { env?: Record<string, string | undefined>; issuer?: string; cols?: number; rows?: number; zeroSize?: boolean } = {},
): WizardSession {
  const size = { cols: options.cols ?? 100, rows: options.rows ?? 40 };
  const session = spawnCli(['onboard', ...args], { ...options, ...size });
  return { ...session, ...watchWizard(session.pty, size) };
}
