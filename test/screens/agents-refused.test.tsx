import { expect, it } from 'vitest';
import { stores, fakeDeps } from '../support/fake-deps.js';
import { ForeignFileError } from '../../src/store/errors.js';
import { installScreenHooks, plain, start } from './driver.js';

installScreenHooks();

// SPEC 2: a state dir the agent screen cannot list (another user's) ends the wizard on start with exit 1 and
// the refusal (shown after the last frame, as every error at load is), before any agent is shown.
it('a refused listing ends the wizard on start with exit 1 and the error', async () => {
  const world = fakeDeps({ main: stores.setupToken() });
  const refusal = new ForeignFileError('/home/x/.openclaw', 'it belongs to another user (uid 65534)');
  world.deps.listAgents = () => Promise.reject(refusal);
  const d = start(world);
  expect(await d.exit()).toEqual({ kind: 'exit', code: 1, message: refusal.message });
  expect(d.frames().map(plain).join('\n')).not.toContain('Which agent');
});
