import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDeps } from '../../flows/onboard/real-deps.js';
import { StoreIoError } from '../../src/store/errors.js';
import { storeFileOf, tempState } from '../support/cli.js';

// The wizard's 'corrupt' step (offering to move the store aside) comes from a store whose content is bad,
// never from a read the file system refused: moving aside a file that is not there cannot mend that.
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
});
afterEach(() => state.cleanup());
const quiet = () => undefined;

it('a store with bad content: corrupt, offered to be moved aside', async () => {
  await mkdir(join(storeFileOf(state.dir), '..'), { recursive: true, mode: 0o700 });
  await writeFile(storeFileOf(state.dir), '{ broken', { mode: 0o600 });
  const loaded = await createDeps(state.env, quiet, null).loadAgent('main');
  expect(loaded).toMatchObject({ kind: 'corrupt', file: storeFileOf(state.dir), problem: expect.stringMatching(/not valid JSON/) });
});

it('a state dir that is a regular file: a StoreIoError naming it, not a corrupt store', async () => {
  const file = join(state.dir, 'x');
  await writeFile(file, '');
  const error = await createDeps({ OPENCLAW_STATE_DIR: file }, quiet, null).loadAgent('main').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StoreIoError);
  expect((error as Error).message).toContain(`${file} is a file, not a folder`);
});
