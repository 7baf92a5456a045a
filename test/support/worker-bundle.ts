import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './cli.js';

/**
 * Bundles a test-only worker (test/support/<name>.ts, which drives src/ directly where no CLI command does)
 * into one CommonJS file, inside the repo so that the bundle's runtime import('proper-lockfile') resolves
 * node_modules. Returns its path and the function that removes it.
 */
export async function bundleWorker(entry: string): Promise<{ file: string; cleanup: () => Promise<void> }> {
  await mkdir(join(ROOT, '.tmp'), { recursive: true });
  const name = basename(entry).replace(/\.ts$/, '');
  const dir = await mkdtemp(join(ROOT, '.tmp', `${name}-`));
  const file = join(dir, `${name}.cjs`);
  await build({
    entryPoints: [join(ROOT, 'test', 'support', entry)],
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['proper-lockfile', 'json5'],
    logLevel: 'warning',
  });
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
