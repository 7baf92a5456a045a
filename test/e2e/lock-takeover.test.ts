import { spawn } from 'node:child_process';
import { readdir, readFile, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, fakeSetupToken, plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { bundleWorker } from '../support/worker-bundle.js';

// Issue 17, "Also": a writer whose lock was taken over while it was paused (SIGSTOP past the stale time, as
// a closed lid does) said "the system refused it (ENOENT)". It must say that the lock was taken over and
// that nothing of its command was written, and the write of the process that took over must survive.
let worker: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ file: worker, cleanup } = await bundleWorker('paused-writer.ts')));
afterAll(() => cleanup());

const until = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};
/** Whether process `pid` is stopped (state T in /proc). */
const stopped = (pid: number) => readFile(`/proc/${pid}/stat`, 'utf8').then((text) => /^\d+ \(.*\) T /.test(text), () => false);

describe('a writer paused while it holds the lock', () => {
  for (const where of ['change', 'rename'] as const) {
    it(`paused ${where === 'change' ? 'inside its change' : 'with its temporary file written, before the rename'}: the process that takes over writes; the paused one, continued, writes nothing and says why`, async () => {
      const state = await tempState();
      try {
        const storeFile = storeFileOf(state.dir);
        await plantStore(storeFile, { profiles: {} });
        const child = spawn(process.execPath, [worker, where, 'anthropic:paused', fakeSetupToken('p')], { env: cleanEnv(state.env), stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const done = new Promise<number | null>((resolve) => child.on('close', resolve));
        try {
          await until(() => stopped(child.pid!), 15_000);
          if (where === 'rename') {
            const dir = dirname(storeFile);
            const temps = (await readdir(dir)).filter((n) => n.startsWith(`.auth-profiles.json.${child.pid}.`));
            expect(temps).toHaveLength(1);
            // A long pause, as the next writer judges one: by the temporary file's age (over 60 s: removed).
            const longAgo = new Date(Date.now() - 120_000);
            await utimes(join(dir, temps[0]!), longAgo, longAgo);
          }
          // Past the 8 s stale time of its lock, counted from its last update (at most 2 s before the stop).
          await new Promise((r) => setTimeout(r, 9_000));
          const other = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'anthropic:other'], { env: state.env, input: `${fakeSetupToken('o')}\n` });
          expect(other.code, other.stderr).toBe(0);
        } finally {
          child.kill('SIGCONT');
        }
        expect(await done).toBe(1);
        expect(stderr).toContain('another openclaw process took over the lock while this one was paused, so nothing of this command was written');
        expect(stderr).not.toMatch(/ENOENT|system refused/);
        const profiles = JSON.parse(await readFile(storeFile, 'utf8')).profiles;
        expect(Object.keys(profiles)).toEqual(['anthropic:other']);
      } finally {
        await state.cleanup();
      }
    }, 60_000);
  }
});
