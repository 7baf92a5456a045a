// Test-only: one process marking `count` failures on one profile, one locked update each.
// Bundled at test time (there is no CLI command for marking failures, and SPEC 6 lists none).
import { markFailure } from '../../src/auth/routing/failover.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import type { FailureReason } from '../../src/model/schema.js';

async function main(): Promise<void> {
  const [profileId, reason, count] = process.argv.slice(2);
  const paths = resolveAgentPaths(process.env);
  for (let i = 0; i < Number(count); i++) {
    if ((await markFailure(paths, profileId!, reason as FailureReason)) === null) throw new Error(`${profileId} is not in the store`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
