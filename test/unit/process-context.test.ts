import nodeFs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

it('the process context looks at stderr only when something asks for it (most runs write nothing there)', async () => {
  vi.resetModules();
  const looked: number[] = [];
  const { fstatSync } = nodeFs;
  vi.spyOn(nodeFs, 'fstatSync').mockImplementation(((fd: number, options?: nodeFs.StatSyncOptions) => (looked.push(fd), fstatSync(fd, options))) as typeof fstatSync);
  syncBuiltinESMExports();
  const { processContext } = await import('../../src/cli/context.js');
  const ctx = processContext();
  expect(looked).toEqual([1]);
  expect(typeof ctx.stderr.write).toBe('function');
  expect(looked).toEqual([1, 2]);
  // One stream a descriptor, asked again or not.
  expect(processContext().stderr).toBe(ctx.stderr);
});
