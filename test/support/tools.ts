import { spawnSync } from 'node:child_process';

/**
 * Whether a program some end-to-end tests drive (Chromium as the user's browser, Python as a parent that
 * hands over a non-blocking pipe) is missing from PATH: those tests are skipped on a machine that has only
 * Node and npm. `.ci/run` installs them and sets OPENCLAW_TEST_REQUIRE_TOOLS=1, so that in CI a missing
 * program fails its tests instead of skipping them.
 */
export function lacks(program: string): boolean {
  if (process.env.OPENCLAW_TEST_REQUIRE_TOOLS === '1') return false;
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' }).status !== 0;
}
