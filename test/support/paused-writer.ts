// Test-only: one process that writes a profile through the store's update and stops itself (SIGSTOP) while
// it holds the lock, as a closed lid or a debugger would: inside the change (`change`), or with its
// temporary file written, just before the rename that would put it in place (`rename`). The test continues
// it (SIGCONT). Bundled at test time, as failover-worker.ts.
import { createRequire } from 'node:module';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { updateStore } from '../../src/store/store.js';

async function main(): Promise<void> {
  const [where, id, token] = process.argv.slice(2);
  const paths = resolveAgentPaths(process.env);
  const stop = () => process.kill(process.pid, 'SIGSTOP');
  if (where === 'rename') {
    // The store's file calls (src/base/fs.ts) look node:fs's functions up on its export object at each call.
    const fs = createRequire(process.argv[1]!)('node:fs') as { renameSync: (from: string, to: string) => void };
    const rename = fs.renameSync;
    fs.renameSync = (from, to) => {
      if (to === paths.storeFile) stop();
      return rename(from, to);
    };
  }
  await updateStore(paths, (draft) => {
    if (where === 'change') stop();
    draft.profiles[id!] = { type: 'token', provider: 'anthropic', token: token! };
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
