// Issue 22, item 11: `models auth setup-token` in a terminal drew one bullet per pasted character (110 of
// them, wrapping past the prompt's frame) where the wizard shows a few and "(108 characters)".
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeSetupToken, tempState } from '../support/cli.js';
import { spawnCli, stripAnsi } from '../support/pty.js';
import { paste } from '../support/terminal.mjs';

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

it('the masked paste draws at most 24 bullets and the length, on one line at 60 columns', async () => {
  const token = fakeSetupToken('bullets');
  const s = spawnCli(['models', 'auth', 'setup-token'], { env: state.env, cols: 60, rows: 30 });
  try {
    await s.waitFor('Paste the token');
    const mark = s.raw().length;
    s.write(paste(token));
    await s.waitFor(`(${token.length} characters)`, { since: mark });
    const drawn = stripAnsi(s.raw().slice(mark));
    expect(Math.max(...[...drawn.matchAll(/•+/g)].map((m) => m[0].length))).toBeLessThanOrEqual(24);
    s.write('\r');
    expect((await s.exited).exitCode).toBe(0);
  } finally {
    s.kill();
  }
}, 30_000);
