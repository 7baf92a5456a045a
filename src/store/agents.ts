import { readdir } from 'node:fs/promises';
import { agentIdProblem, agentsDir, resolveAgentPaths, DEFAULT_AGENT, type Env } from '../env/paths.js';
import { ensureDir } from './files.js';
import { readStore } from './store.js';
import { CorruptStoreError } from './errors.js';

export interface AgentSummary {
  id: string;
  agentDir: string;
  /** Number of stored profiles; null when the store cannot be read. */
  profiles: number | null;
  problem: string | null;
}

/** Agents are the folders under `<state>/agents/` (plus `main`, which always exists by default). */
export async function listAgents(env: Env): Promise<AgentSummary[]> {
  const names = await readdir(agentsDir(env), { withFileTypes: true }).catch(() => []);
  const ids = new Set(names.filter((d) => d.isDirectory() && agentIdProblem(d.name) === null).map((d) => d.name));
  ids.add(DEFAULT_AGENT);
  const quiet = () => undefined;
  return Promise.all(
    [...ids].sort((a, b) => (a === DEFAULT_AGENT ? -1 : b === DEFAULT_AGENT ? 1 : a < b ? -1 : 1)).map(async (id) => {
      const paths = resolveAgentPaths(env, id === DEFAULT_AGENT ? undefined : id);
      try {
        const { store } = await readStore(paths, { warn: quiet });
        return { id, agentDir: paths.agentDir, profiles: Object.keys(store.profiles).length, problem: null };
      } catch (error) {
        if (error instanceof CorruptStoreError) return { id, agentDir: paths.agentDir, profiles: null, problem: error.problem };
        throw error;
      }
    }),
  );
}

export async function createAgent(env: Env, id: string): Promise<{ agentDir: string; created: boolean }> {
  const paths = resolveAgentPaths(env, id);
  const existing = await listAgentIds(env);
  await ensureDir(paths.agentDir);
  return { agentDir: paths.agentDir, created: !existing.includes(id) };
}

async function listAgentIds(env: Env): Promise<string[]> {
  const names = await readdir(agentsDir(env), { withFileTypes: true }).catch(() => []);
  return names.filter((d) => d.isDirectory()).map((d) => d.name);
}
