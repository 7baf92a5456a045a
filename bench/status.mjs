import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchEnv, CLI, median, tempDir, timed } from './lib.mjs';

const RUNS = 21;

/** `openclaw models status` on a store of 4 profiles against `node -e 0`, interleaved in one run. */
export async function statusRows() {
  const { dir, cleanup } = await tempDir();
  try {
    const agentDir = join(dir, 'agents', 'main', 'agent');
    await mkdir(agentDir, { recursive: true, mode: 0o700 });
    const now = Date.now();
    const store = {
      version: 1,
      profiles: {
        'anthropic:default': { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${'a'.repeat(90)}`, expires: now + 300 * 86400_000 },
        'anthropic:work': { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${'b'.repeat(90)}` },
        'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'eyJ.a.b', refresh: 'r', expires: now + 3600_000, accountId: 'acct' },
        'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-bench' },
      },
    };
    await writeFile(join(agentDir, 'auth-profiles.json'), JSON.stringify(store), { mode: 0o600 });
    const env = benchEnv({ OPENCLAW_STATE_DIR: dir });
    const node = [];
    const status = [];
    // Warm the file cache first, then interleave so that both see the same machine load.
    await timed(process.execPath, ['-e', '0']);
    await timed(process.execPath, [CLI, 'models', 'status'], { env });
    for (let i = 0; i < RUNS; i++) {
      node.push((await timed(process.execPath, ['-e', '0'], { env })).ms);
      const run = await timed(process.execPath, [CLI, 'models', 'status'], { env });
      if (run.code !== 0) throw new Error(`models status failed: ${run.stderr}`);
      status.push(run.ms);
    }
    const ratio = median(status) / median(node);
    return [
      {
        name: 'models status (4 profiles) vs node -e 0',
        value: Number(ratio.toFixed(2)),
        unit: 'x',
        target: '<= 2.0',
        pass: ratio <= 2.0,
        detail: `median ${median(status).toFixed(1)} ms vs ${median(node).toFixed(1)} ms over ${RUNS} runs`,
      },
    ];
  } finally {
    await cleanup();
  }
}
