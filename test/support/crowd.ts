import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readlink } from 'node:fs/promises';
import { cleanEnv, cliArgs, type CliResult } from './cli.js';

/** The built CLI as a child the test can see (its pid) and signal; `done` settles when it exits. */
export function spawnCli(args: string[], options: { env: Record<string, string>; issuer?: string; timeoutMs?: number }): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, cliArgs(args, options.issuer), {
    env: cleanEnv({ ...options.env, ...(options.issuer ? { OPENCLAW_TEST_ISSUER: options.issuer } : {}) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, done };
}

/**
 * Whether process `pid` has read the store and waits on it: a process that found its token due watches
 * the store (src/auth/credentials/store-watch.ts, an inotify handle on Linux) from before it takes the lock until it
 * is done. Nothing else in the CLI opens one.
 */
async function watchesStore(pid: number): Promise<boolean> {
  try {
    const fds = await readdir(`/proc/${pid}/fd`);
    const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
    return links.some((link) => link.includes('inotify'));
  } catch {
    return false;
  }
}

/**
 * Waits until every child that is still running watches the store (or has exited), so that the whole
 * crowd has read the expired grant before the one refresh is let out.
 */
async function untilAllWatching(children: readonly { child: ChildProcess }[], ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const states = await Promise.all(children.map(({ child }) => (child.exitCode !== null || child.signalCode !== null ? true : watchesStore(child.pid!))));
    if (states.every(Boolean)) return;
    if (Date.now() > end) throw new Error(`timed out: ${states.filter((s) => !s).length} processes never waited on the store`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `count` processes of the CLI at once on one due grant, the token endpoint's answer held (`hold` returns
 * its release) until every one of them has read the store: with short-lived tokens a process that first
 * reads the store after the refresh finds a token already half spent, and rightly refreshes it again.
 */
export async function crowdOnHeldAnswer(
  count: number,
  args: string[],
  options: { env: Record<string, string>; issuer?: string },
  hold: () => () => void,
): Promise<CliResult[]> {
  const release = hold();
  const crowd = Array.from({ length: count }, () => spawnCli(args, { ...options, timeoutMs: 110_000 }));
  try {
    await untilAllWatching(crowd, 100_000);
  } finally {
    release();
  }
  return Promise.all(crowd.map((c) => c.done));
}
