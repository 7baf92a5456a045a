import { spawn } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cleanEnv, cliArgs, plantStore, storeFileOf, tempState } from '../support/cli.js';

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

it('a reader that closes the pipe early (| head -1) is no crash: exit 0, nothing on stderr', async () => {
  // More than a pipe holds (64 kB), so that the command is still writing when the reader goes.
  const profiles = Object.fromEntries(
    Array.from({ length: 1500 }, (_, i) => [`openrouter:key-${i}`, { type: 'api_key', provider: 'openrouter', key: `sk-or-v1-${i}` }]),
  );
  await plantStore(storeFileOf(state.dir), { profiles });
  const child = spawn(process.execPath, cliArgs(['models', 'status']), { env: cleanEnv(state.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // Read the first chunk, then close our end, as `head -1` does.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
