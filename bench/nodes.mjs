import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Node binaries of another major version, from npm's `node-<platform>-<arch>` packages (the binaries
 * the `node` package installs), fetched once into a cache folder outside the repository:
 * `$OPENCLAW_BENCH_NODE_<major>` when set, else `${XDG_CACHE_HOME:-~/.cache}/openclaw-bench/node-<major>`.
 * Returns null (the rows say why) when it cannot be had, e.g. offline.
 */
export function nodeBinary(major) {
  const given = process.env[`OPENCLAW_BENCH_NODE_${major}`];
  if (given) return existsSync(given) ? { path: given } : { path: null, why: `OPENCLAW_BENCH_NODE_${major}=${given} does not exist` };
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'openclaw-bench', `node-${major}`);
  const pkg = `node-${process.platform}-${process.arch}`;
  const binary = join(cache, 'node_modules', pkg, 'bin', 'node');
  if (!existsSync(binary)) {
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', cache, `${pkg}@${major}`], { stdio: 'ignore', timeout: 300_000 });
    } catch (error) {
      return { path: null, why: `npm install ${pkg}@${major} failed (${error.message.split('\n')[0]})` };
    }
  }
  return existsSync(binary) ? { path: binary } : { path: null, why: `${pkg}@${major} has no bin/node` };
}
