import nodeFs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { StoreIoError, storeIoError } from '../../src/store/errors.js';
import { updateStore } from '../../src/store/store.js';
import { tempState } from '../support/cli.js';
import { errno } from '../support/fs-faults.js';

// SPEC 3: what the file system refuses (permissions, a full or read-only disk, a path through a file) is
// the user's to mend: one plain sentence naming the path, the problem and what to do; the store untouched.
let state: Awaited<ReturnType<typeof tempState>>;
let paths: AgentPaths;
const opts = { warn: () => undefined };

beforeEach(async () => {
  state = await tempState();
  paths = resolveAgentPaths(state.env);
});
afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
  return state.cleanup();
});

describe('storeIoError', () => {
  it('maps each ordinary code to a sentence naming the path, the problem and what to do, and says nothing was saved', async () => {
    await mkdir(paths.agentDir, { recursive: true });
    const lock = `${paths.storeFile}.lock`;
    const cases: [string, RegExp][] = [
      ['EACCES', /permission denied on .*agent\. .*Check the permissions of .*agent and of the folders above it\./],
      ['EPERM', /permission denied on /],
      ['EROFS', /read-only file system.*OPENCLAW_STATE_DIR/],
      ['ENOSPC', /the disk that holds .* is full\. Nothing was saved\. Free some disk space/],
      ['EDQUOT', /quota is used up\. Nothing was saved\. Free some space within your quota/],
      ['ELOOP', /too many symbolic links/],
      ['EIO', /input\/output error.*Check the disk/],
      ['EWHATEVER', /the system refused it \(EWHATEVER\)\. Nothing was saved\. Check .*agent, then try again\./],
    ];
    for (const [code, sentence] of cases) {
      const error = storeIoError(errno(code, 'mkdir', lock), paths.storeFile, 'update');
      expect(error, code).toBeInstanceOf(StoreIoError);
      expect((error as Error).message, code).toMatch(new RegExp(`^Could not save to ${paths.storeFile}: `));
      expect((error as Error).message, code).toMatch(sentence);
      // The lock that never came to be is not named: the folder it was to be made in is.
      expect((error as Error).message, code).not.toContain('.lock');
    }
  });

  it('a path through a regular file names that file; a folder where a file should be names the folder', async () => {
    const file = join(state.dir, 'x');
    await writeFile(file, '');
    const deep = join(file, 'agents', 'main', 'agent', 'auth-profiles.json');
    expect((storeIoError(errno('ENOTDIR', 'open', deep), deep, 'read') as Error).message).toBe(
      `Cannot read ${deep}: ${file} is a file, not a folder. Move that file out of the way, or set OPENCLAW_STATE_DIR to another folder, then try again.`,
    );
    const error = Object.assign(errno('EISDIR', 'rename', join(state.dir, '.tmp')), { dest: state.dir });
    expect((storeIoError(error, paths.runtimeCacheFile, 'cache', paths.storeFile) as Error).message).toMatch(
      new RegExp(`^The credentials were saved in ${paths.storeFile}, but the runtime cache ${paths.runtimeCacheFile} could not be written: ${state.dir} is a folder, not a file\\.`),
    );
  });

  it('anything that is not a file-system error is returned as it is', () => {
    const bug = new TypeError('x is undefined');
    expect(storeIoError(bug, paths.storeFile, 'update')).toBe(bug);
    const network = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    expect(storeIoError(network, paths.storeFile, 'update')).toBe(network);
  });
});

describe('a write the disk refuses', () => {
  it('ENOSPC while writing the store: a StoreIoError, the store as it was, no temporary file left', async () => {
    await updateStore(paths, (d) => void (d.order = { anthropic: ['anthropic:a'] }), opts);
    const before = await readFile(paths.storeFile, 'utf8');
    // The store opens files through node:fs (src/base/fs.ts), not node:fs/promises.
    const real = nodeFs.openSync;
    vi.spyOn(nodeFs, 'openSync').mockImplementation((path, flags, mode) => {
      if (flags === 'wx') throw errno('ENOSPC', 'open', String(path));
      return real(path, flags, mode);
    });
    syncBuiltinESMExports();
    const error = await updateStore(paths, (d) => void (d.order = { anthropic: ['anthropic:b'] }), opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreIoError);
    expect((error as Error).message).toMatch(/is full\. Nothing was saved\. Free some disk space/);
    expect(await readFile(paths.storeFile, 'utf8')).toBe(before);
    expect((await readdir(paths.agentDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
