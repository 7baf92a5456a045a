import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const CLI = join(ROOT, process.env.OPENCLAW_DIST || 'dist', 'openclaw.cjs');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a command to completion; resolves with its wall time in ms, its exit code and its output. */
export function timed(command, args, { env = process.env, input = '' } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout, stderr }),
    );
    // A child that exits without reading its stdin (or closes it early) must not crash the bench.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

export async function tempDir(prefix = 'openclaw-bench-') {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function benchEnv(extra = {}) {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...extra };
}

/** One goal of `npm run bench`: a ratio against its ceiling, with what it was measured from. */
export function ratioGoal(name, ratio, target, detail) {
  return { name, value: Number(ratio.toFixed(2)), unit: 'x', target: `<= ${target}`, pass: ratio <= target, detail };
}
