import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchEnv, CLI, median, ratioGoal, tempDir, timed } from './lib.mjs';

/**
 * Rounds for the stores of many profiles (extras of 40-450 ms); the agents' extras are smaller, and take more:
 * ~10 ms at 100 agents, where one round's difference to the base spreads from 2 to 20 ms (10th to 90th
 * percentile) on a shared 2-core machine. Over 101 rounds the ratio was 4.2-4.4×, yet one bench run in ten
 * of 41 rounds read 6.62×; 81 rounds halve the spread of 21 (about 12 s for the row).
 */
const RUNS = 7;
const AGENT_RUNS = 81;
const PROVIDERS = ['anthropic', 'openai', 'openai-codex', 'openrouter'];

/** A store of `n` profiles over four providers, anthropic's in an explicit order (the sort that was O(n² log n)). */
async function storeOf(dir, n) {
  const agentDir = join(dir, 'agents', 'main', 'agent');
  await mkdir(agentDir, { recursive: true, mode: 0o700 });
  const now = Date.now();
  const profiles = {};
  const usageStats = {};
  for (let i = 0; i < n; i++) {
    const provider = PROVIDERS[i % PROVIDERS.length];
    const id = `${provider}:p${i}`;
    profiles[id] =
      provider === 'openai-codex'
        ? { type: 'oauth', provider, access: `eyJ.${i}`, refresh: `r${i}`, expires: now + 3600_000 + i }
        : provider === 'anthropic'
          ? { type: 'token', provider, token: `sk-ant-oat01-${i}`, expires: now + 86400_000 * 30 }
          : { type: 'api_key', provider, key: `sk-${i}` };
    if (i % 3 === 0) usageStats[id] = { lastUsed: now - i, errorCount: 0 };
  }
  const anthropic = Object.keys(profiles).filter((id) => id.startsWith('anthropic:')).reverse();
  await writeFile(join(agentDir, 'auth-profiles.json'), JSON.stringify({ version: 1, profiles, order: { anthropic }, usageStats }), { mode: 0o600 });
}

async function agentsOf(dir, n) {
  for (let i = 0; i < n; i++) {
    const agentDir = join(dir, 'agents', i === 0 ? 'main' : `agent-${i}`, 'agent');
    await mkdir(agentDir, { recursive: true, mode: 0o700 });
    const profiles = { 'openai:work': { type: 'api_key', provider: 'openai', key: `sk-${i}` } };
    await writeFile(join(agentDir, 'auth-profiles.json'), JSON.stringify({ version: 1, profiles }), { mode: 0o600 });
  }
}

/**
 * The extra wall time of `args` in each larger state dir over the first (the base), taken within a round (the
 * runs of a round follow each other, so that they see the same load) and the median of `rounds` rounds: a
 * difference of two medians moved by the base's drift, which for 100 agents (an extra of ~15 ms over a 40 ms
 * base) turned 4.5× into 10× from one run of the bench to the next. Also the base's median.
 */
async function extras(states, args, rounds) {
  const times = states.map(() => []);
  for (let i = 0; i < rounds + 1; i++) {
    for (const [k, dir] of states.entries()) {
      const result = await timed(process.execPath, [CLI, ...args], { env: benchEnv({ OPENCLAW_STATE_DIR: dir, XDG_CACHE_HOME: join(dir, 'cache') }) });
      if (result.code !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
      if (i > 0) times[k].push(result.ms);
    }
  }
  const [base, ...larger] = times;
  return { base: median(base), extras: larger.map((t) => median(t.map((ms, i) => ms - base[i]))), rounds };
}

/**
 * Linear with room for noise: the extra time may grow 1.125× as fast as the count (4.5× for 4× the
 * profiles, as issue 23 puts it; 5.6× for 5× the agents).
 */
function growthRow(name, { base, extras: [small, large], rounds }, sizes, times) {
  const ratio = large / small;
  const target = Number((1.125 * times).toFixed(1));
  return ratioGoal(
    name,
    ratio,
    target,
    `extra time over ${sizes[0]}: ${small.toFixed(1)} ms at ${sizes[1]}, ${large.toFixed(1)} ms at ${sizes[2]} (medians of ${rounds} rounds' differences; ${base.toFixed(1)} ms at ${sizes[0]})`,
  );
}

/**
 * Linear growth (issue 23): the extra time over a store of 4 profiles (an agent) of `models status` and
 * `models auth token` at 20,000 profiles against 5,000, and of `agents list` at 500 agents against 100.
 */
export async function growthRows() {
  const dirs = await Promise.all(Array.from({ length: 6 }, () => tempDir()));
  try {
    const [p1, p5k, p20k, a1, a100, a500] = dirs.map((d) => d.dir);
    await storeOf(p1, 4);
    await storeOf(p5k, 5000);
    await storeOf(p20k, 20000);
    await agentsOf(a1, 1);
    await agentsOf(a100, 100);
    await agentsOf(a500, 500);
    const profileSizes = ['4 profiles', '5,000', '20,000'];
    return [
      growthRow('models status: 20,000 profiles vs 5,000', await extras([p1, p5k, p20k], ['models', 'status'], RUNS), profileSizes, 4),
      growthRow('models auth token: 20,000 profiles vs 5,000', await extras([p1, p5k, p20k], ['models', 'auth', 'token', '--provider', 'anthropic'], RUNS), profileSizes, 4),
      growthRow('agents list: 500 agents vs 100', await extras([a1, a100, a500], ['agents', 'list'], AGENT_RUNS), ['1 agent', '100', '500'], 5),
    ];
  } finally {
    await Promise.all(dirs.map((d) => d.cleanup()));
  }
}
