import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { tempState } from './cli.js';
import { redirectProbes } from './redirect-probes.mjs';
import { startProbeStandin, type ProbeStandin } from './probe-standin.mjs';

/**
 * The hooks of a test file that checks credentials against the probe stand-in (issue 21): the stand-in up
 * and this process's fetch redirected to it for the whole file, and a fresh state dir for each test.
 */
export function useProbeStandin(): { standin: ProbeStandin; state: Awaited<ReturnType<typeof tempState>> } {
  // Filled in by the hooks, read by the tests.
  const live = {} as { standin: ProbeStandin; state: Awaited<ReturnType<typeof tempState>> };
  let undo: () => void;
  beforeAll(async () => {
    live.standin = await startProbeStandin();
    undo = redirectProbes(live.standin.url);
  });
  afterAll(async () => {
    undo();
    await live.standin.close();
  });
  beforeEach(async () => (live.state = await tempState()));
  afterEach(() => live.state.cleanup());
  return live;
}
