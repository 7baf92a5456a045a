import type { Warn } from '../../base/io.js';
import type { AgentPaths } from '../../env/paths.js';
import type { AuthProfiles } from '../../model/schema.js';
import { agentPathsOf, knownAgentIds } from '../../store/agents.js';
import { readStore } from '../../store/store.js';
import type { Source } from './sources.js';

/** A refresh token of this agent's that another agent's store holds too (what older versions left). */
export interface HeldTwice {
  id: string;
  /** The other agent. */
  other: string;
}

/** One holder of a grant: an agent's local OAuth profile. */
export interface GrantHolder {
  agent: string;
  id: string;
  paths: AgentPaths;
  /** Its access token's expiry: the most recently refreshed copy expires last. */
  expires: number;
  /** The refresh token they share (in memory only, to change a store only while it still holds it). */
  refresh: string;
}

/** The state env of `paths`: the same state dir and default agent dir, nothing else of the caller's. */
export function stateEnvOf(paths: AgentPaths, agentDirOfDefault?: string): Record<string, string> {
  return { OPENCLAW_STATE_DIR: paths.stateDir, ...(agentDirOfDefault ? { OPENCLAW_AGENT_DIR: agentDirOfDefault } : {}) };
}

/**
 * SPEC 11: every refresh token held by more than one agent's store, with its holders. Stores that cannot be
 * read are left out (the doctor names them as such).
 */
export async function grantsHeldByMany(env: Record<string, string>, warn: Warn): Promise<GrantHolder[][]> {
  const byToken = new Map<string, GrantHolder[]>();
  for (const agent of await knownAgentIds(env, warn)) {
    const paths = agentPathsOf(env, agent);
    const store = await readStore(paths, { warn }).then(
      (snapshot) => (snapshot.exists ? snapshot.store : null),
      () => null,
    );
    for (const [id, profile] of Object.entries(store?.profiles ?? {})) {
      if (profile.type !== 'oauth') continue;
      const holders = byToken.get(profile.refresh) ?? [];
      holders.push({ agent, id, paths, expires: profile.expires, refresh: profile.refresh });
      byToken.set(profile.refresh, holders);
    }
  }
  return [...byToken.values()].filter((holders) => holders.length > 1);
}

/** The agents other than this one that hold a refresh token of this agent's local profiles. */
export async function grantsHeldTwice(paths: AgentPaths, store: AuthProfiles, sources: Record<string, Source>, options: { warn: Warn; agentDirOfDefault?: string }): Promise<HeldTwice[]> {
  // No local OAuth profile, nothing to look for: the status of such an agent reads no other store.
  const local = Object.entries(store.profiles).filter(([id, p]) => p.type === 'oauth' && !Object.hasOwn(sources, id));
  if (local.length === 0) return [];
  const groups = await grantsHeldByMany(stateEnvOf(paths, options.agentDirOfDefault), () => undefined);
  const found: HeldTwice[] = [];
  for (const group of groups) {
    const mine = group.find((h) => h.agent === paths.agentId);
    if (!mine) continue;
    for (const other of group) if (other.agent !== paths.agentId) found.push({ id: mine.id, other: other.agent });
  }
  return found;
}
