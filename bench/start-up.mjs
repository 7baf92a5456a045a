import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchEnv, CLI, median, ratioGoal, ROOT, tempDir, timed } from './lib.mjs';
import { nodeBinary } from './nodes.mjs';

const RUNS = 41;
const OTHER_RUNS = 21;
/** A provider plugin (the tests' acme) in `plugins.load.paths`: `models status` must not load it (SPEC 8). */
const PLUGIN = join(ROOT, 'test', 'fixtures', 'plugins', 'acme.mjs');

async function stateWithStore(dir) {
  const agentDir = join(dir, 'agents', 'main', 'agent');
  await mkdir(agentDir, { recursive: true, mode: 0o700 });
  const now = Date.now();
  const store = {
    version: 1,
    profiles: {
      'anthropic:default': { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${'a'.repeat(90)}`, expires: now + 300 * 86400_000 },
      'anthropic:work': { type: 'token', provider: 'anthropic', token: `sk-ant-oat01-${'b'.repeat(90)}` },
      // An hour left: `models auth token` has no refresh due.
      'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'eyJ.a.b', refresh: 'r', expires: now + 3600_000, accountId: 'acct' },
      'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-bench' },
    },
  };
  await writeFile(join(agentDir, 'auth-profiles.json'), JSON.stringify(store), { mode: 0o600 });
  // SPEC 11: agent work holds the same profiles, its OAuth one by reference to main's.
  await mkdir(join(dir, 'agents', 'work', 'agent'), { recursive: true, mode: 0o700 });
  const { 'openai-codex:default': _oauth, ...rest } = store.profiles;
  const linked = { version: 1, profiles: rest, links: { 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } } };
  await writeFile(join(dir, 'agents', 'work', 'agent', 'auth-profiles.json'), JSON.stringify(linked), { mode: 0o600 });
}

const COMMANDS = {
  status: ['models', 'status'],
  token: ['models', 'auth', 'token', '--provider', 'openai-codex'],
  help: ['--help'],
};

/**
 * Each command against `node -e 0` of the same Node, interleaved in one run so that all see the same
 * machine load. Returns each command's times, round by round: a ratio is taken within a round (the
 * command's run over that round's `node -e 0`, or over another command's), and the median of those is the
 * figure; on this shared machine `node -e 0` itself drifts by a fifth between runs of the bench, which a
 * ratio of two medians carries into the figure.
 */
async function against(node, env, runs, extra = {}) {
  const all = { ...COMMANDS, ...extra };
  const times = Object.fromEntries([['node', []], ...Object.keys(all).map((k) => [k, []])]);
  const run = async (name, args, runEnv) => {
    const result = await timed(node, args, { env: runEnv });
    if (result.code !== 0) throw new Error(`${node} ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    return result.ms;
  };
  // Warm the file cache and (another Node) write its code cache first.
  await run('node', ['-e', '0'], env);
  for (const [name, spec] of Object.entries(all)) for (let i = 0; i < 2; i++) await run(name, [CLI, ...(spec.args ?? spec)], spec.env ?? env);
  for (let i = 0; i < runs; i++) {
    times.node.push(await run('node', ['-e', '0'], env));
    for (const [name, spec] of Object.entries(all)) times[name].push(await run(name, [CLI, ...(spec.args ?? spec)], spec.env ?? env));
  }
  return {
    runs,
    ms: (name) => median(times[name]),
    /** The median over the rounds of `name`'s time over `base`'s in the same round. */
    ratio: (name, base = 'node') => median(times[name].map((ms, i) => ms / times[base][i])),
  };
}

function ratioRow(name, timed, command, target) {
  return ratioGoal(name, timed.ratio(command), target, `median of ${timed.runs} rounds' ratios; medians ${timed.ms(command).toFixed(1)} ms vs ${timed.ms('node').toFixed(1)} ms`);
}

/**
 * SPEC 10's start-up goals (issue 23): `models status`, `models auth token` with no refresh due and
 * `--help`, each against `node -e 0`; the same with a plugin configured (never loaded); and the three on
 * Node 22 and 24, against those Nodes' own `node -e 0` (each writes its code cache once, to a cache folder
 * of the bench's own).
 */
export async function startUpRows() {
  const plain = await tempDir();
  const plugged = await tempDir();
  try {
    await stateWithStore(plain.dir);
    await stateWithStore(plugged.dir);
    await writeFile(join(plugged.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [PLUGIN] } } }));
    const env = benchEnv({ OPENCLAW_STATE_DIR: plain.dir, XDG_CACHE_HOME: join(plain.dir, 'cache') });
    const plugin = { args: COMMANDS.status, env: { ...env, OPENCLAW_STATE_DIR: plugged.dir } };
    const linked = ['models', 'status', '--agent', 'work'];
    const here = await against(process.execPath, env, RUNS, { plugin, linked });
    const rows = [
      ratioRow(`models status (4 profiles) vs node -e 0 (Node ${process.versions.node})`, here, 'status', 1.25),
      ratioRow('models auth token (no refresh due) vs node -e 0', here, 'token', 1.3),
      ratioRow('--help vs node -e 0', here, 'help', 1.4),
      {
        ...ratioRow('models status, a plugin configured, vs node -e 0', here, 'plugin', 1.25),
        target: '<= 1.25, <= +5%',
        // The plugin is not loaded: the config costs (next to) nothing.
        pass: here.ratio('plugin') <= 1.25 && here.ratio('plugin', 'status') <= 1.05,
        detail: `median of ${RUNS} rounds' ratios; ${here.ratio('plugin', 'status').toFixed(2)}× the status without the config (medians ${here.ms('plugin').toFixed(1)} vs ${here.ms('status').toFixed(1)} ms; node -e 0 ${here.ms('node').toFixed(1)} ms)`,
      },
      {
        name: 'models status, its OAuth profile linked to another agent (SPEC 11) vs local',
        value: Number(here.ratio('linked', 'status').toFixed(2)),
        unit: 'x',
        target: '<= 1.05',
        pass: here.ratio('linked', 'status') <= 1.05,
        detail: `median of ${RUNS} rounds' ratios; medians ${here.ms('linked').toFixed(1)} ms (agent work, linked) vs ${here.ms('status').toFixed(1)} ms (agent main, local)`,
      },
    ];
    for (const major of [22, 24]) {
      const binary = nodeBinary(major);
      if (!binary.path) {
        rows.push({ name: `Node ${major}`, value: 0, unit: 'x', target: '<= 1.3', pass: false, detail: binary.why });
        continue;
      }
      const other = await against(binary.path, env, OTHER_RUNS);
      for (const name of Object.keys(COMMANDS)) rows.push(ratioRow(`Node ${major}: ${COMMANDS[name].join(' ')} vs its node -e 0`, other, name, 1.3));
    }
    return rows;
  } finally {
    await plain.cleanup();
    await plugged.cleanup();
  }
}
