import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchEnv, CLI, median, ROOT, tempDir, timed } from './lib.mjs';

const RUNS = 21;
/** A provider plugin (the tests' acme) in `plugins.load.paths`: `models status` must not load it (SPEC 8). */
const PLUGIN = join(ROOT, 'test', 'fixtures', 'plugins', 'acme.mjs');

async function stateWithStore(dir) {
  const agentDir = join(dir, 'agents', 'main', 'agent');
  await mkdir(agentDir, { recursive: true, mode: 0o700 });
  await mkdir(join(dir, 'agents', 'work', 'agent'), { recursive: true, mode: 0o700 });
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
  // SPEC 11: agent work holds the same profiles, its OAuth one by reference to main's.
  const { 'openai-codex:default': oauth, ...rest } = store.profiles;
  const linked = { version: 1, profiles: rest, links: { 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } } };
  await writeFile(join(dir, 'agents', 'work', 'agent', 'auth-profiles.json'), JSON.stringify(linked), { mode: 0o600 });
}

/**
 * `openclaw models status` on a store of 4 profiles against `node -e 0`, interleaved in one run; and the
 * same store in a state dir whose openclaw.json configures a plugin.
 */
export async function statusRows() {
  const plain = await tempDir();
  const plugged = await tempDir();
  try {
    await stateWithStore(plain.dir);
    await stateWithStore(plugged.dir);
    await writeFile(join(plugged.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [PLUGIN] } } }));
    const env = benchEnv({ OPENCLAW_STATE_DIR: plain.dir });
    const pluggedEnv = benchEnv({ OPENCLAW_STATE_DIR: plugged.dir });
    const node = [];
    const status = [];
    const withPlugin = [];
    const linked = [];
    const run = async (runEnv, into, agent = []) => {
      const result = await timed(process.execPath, [CLI, 'models', 'status', ...agent], { env: runEnv });
      if (result.code !== 0) throw new Error(`models status failed: ${result.stderr}`);
      into.push(result.ms);
    };
    // Warm the file cache first, then interleave so that all see the same machine load.
    await timed(process.execPath, ['-e', '0']);
    await run(env, []);
    await run(pluggedEnv, []);
    for (let i = 0; i < RUNS; i++) {
      node.push((await timed(process.execPath, ['-e', '0'], { env })).ms);
      await run(env, status);
      await run(pluggedEnv, withPlugin);
      await run(env, linked, ['--agent', 'work']);
    }
    const ratio = median(status) / median(node);
    const pluginRatio = median(withPlugin) / median(node);
    return [
      {
        name: 'models status (4 profiles) vs node -e 0',
        value: Number(ratio.toFixed(2)),
        unit: 'x',
        target: '<= 1.6',
        pass: ratio <= 1.6,
        detail: `median ${median(status).toFixed(1)} ms vs ${median(node).toFixed(1)} ms over ${RUNS} runs`,
      },
      {
        name: 'models status (4 profiles, a plugin configured) vs node -e 0',
        value: Number(pluginRatio.toFixed(2)),
        unit: 'x',
        target: '<= 1.6, <= +5%',
        // The plugin is not loaded: the config costs (next to) nothing.
        pass: pluginRatio <= 1.6 && median(withPlugin) <= median(status) * 1.05,
        detail: `median ${median(withPlugin).toFixed(1)} ms vs ${median(node).toFixed(1)} ms; without the config ${median(status).toFixed(1)} ms`,
      },
      {
        name: 'models status, its OAuth profile linked to another agent (SPEC 11) vs local',
        value: Number((median(linked) / median(status)).toFixed(2)),
        unit: 'x',
        target: '<= 1.05',
        pass: median(linked) <= median(status) * 1.05,
        detail: `median ${median(linked).toFixed(1)} ms (agent work, linked) vs ${median(status).toFixed(1)} ms (agent main, local)`,
      },
    ];
  } finally {
    await plain.cleanup();
    await plugged.cleanup();
  }
}
