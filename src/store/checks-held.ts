/**
 * What SPEC 2's ownership checks found, held for the moments of one command (issue 23): a command asks of
 * the same folders and files several times within moments (resolving the agent, reading its store, reading a
 * linked agent's, looking through the other agents' for SPEC 11), and a folder or file found ours and closed
 * to others stays so (only its owner or root can change that). An answer holds for a second at most, never
 * from before the clock was set back, and only while a command runs (src/cli/run.ts, runSpec): a longer run
 * (the wizard, a wait for the lock) asks again, and so does anything outside a command.
 */
const HOLDS_MS = 1000;

/** The answers, by what was asked, with when; null when no command runs. */
let held: Map<string, { answer: unknown; at: number }> | null = null;
/** Commands run side by side in one process (tests do) share the answers, which go when the last ends. */
let commandsRunning = 0;

/** Runs one command with its ownership checks' answers held (see above). */
export async function withOwnChecksHeld<T>(body: () => Promise<T>): Promise<T> {
  if (commandsRunning++ === 0) held = new Map();
  try {
    return await body();
  } finally {
    if (--commandsRunning === 0) held = null;
  }
}

/** The answer held for `key`, if one is, found less than a second ago. */
export function heldAnswer<T>(key: string): T | undefined {
  const found = held?.get(key);
  if (!found) return undefined;
  const since = Date.now() - found.at;
  return since >= 0 && since < HOLDS_MS ? (found.answer as T) : undefined;
}

/** Holds `answer` for `key` while a command runs (nothing outside one). */
export function holdAnswer(key: string, answer: unknown): void {
  held?.set(key, { answer, at: Date.now() });
}
