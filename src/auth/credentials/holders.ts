import { readFile } from '../../base/fs.js';
import type { Warn } from '../../base/io.js';
import type { AgentPaths } from '../../env/paths.js';
import type { AuthProfiles } from '../../model/schema.js';
import { agentPathsOf, knownAgentIds } from '../../store/agents.js';
import { assertOwnFile, type OwnCheck } from '../../store/ownership.js';
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

/** An agent's local OAuth grants as the doctor reads them: through the store's checked read. */
async function checkedGrants(paths: AgentPaths, warn: Warn, check: OwnCheck): Promise<[string, { refresh: string; expires: number }][]> {
  const snapshot = await readStore(paths, { warn, ...check }).catch(() => null);
  if (!snapshot?.exists) return [];
  return Object.entries(snapshot.store.profiles).flatMap(([id, p]) => (p.type === 'oauth' ? [[id, { refresh: p.refresh, expires: p.expires }] as [string, { refresh: string; expires: number }]] : []));
}

/**
 * The same, looked at cheaply for the status line: the file's JSON, after the check that it is ours, with
 * no schema (a store that is not valid holds nothing usable, and is that agent's own problem to report).
 */
async function glancedGrants(paths: AgentPaths): Promise<[string, { refresh: string; expires: number }][]> {
  try {
    if (!(await assertOwnFile(paths.storeFile))) return [];
    const profiles = (JSON.parse(await readFile(paths.storeFile, 'utf8')) as { profiles?: Record<string, Record<string, unknown>> }).profiles ?? {};
    return Object.entries(profiles).flatMap(([id, p]) =>
      p?.type === 'oauth' && typeof p.refresh === 'string' && p.refresh !== '' ? [[id, { refresh: p.refresh, expires: typeof p.expires === 'number' ? p.expires : 0 }] as [string, { refresh: string; expires: number }]] : [],
    );
  } catch {
    return [];
  }
}

/**
 * SPEC 11: every refresh token held by more than one agent's store, with its holders. Stores that cannot be
 * read are left out (the doctor names them as such). `known` is a store already read (the status's own).
 * `tighten: false` leaves loose folders and stores as they are (the doctor without --fix, see OwnCheck).
 */
export async function grantsHeldByMany(env: Record<string, string>, warn: Warn, options: OwnCheck & { glance?: boolean; known?: { agent: string; store: AuthProfiles } } = {}): Promise<GrantHolder[][]> {
  const byToken = new Map<string, GrantHolder[]>();
  const check: OwnCheck = { tighten: options.tighten };
  const agents = await knownAgentIds(env, warn, check);
  const grants = await Promise.all(
    agents.map(async (agent) => {
      const paths = agentPathsOf(env, agent);
      if (options.known?.agent === agent) {
        const own = Object.entries(options.known.store.profiles).flatMap(([id, p]) => (p.type === 'oauth' ? [[id, { refresh: p.refresh, expires: p.expires }] as [string, { refresh: string; expires: number }]] : []));
        return { agent, paths, own };
      }
      return { agent, paths, own: options.glance ? await glancedGrants(paths) : await checkedGrants(paths, warn, check) };
    }),
  );
  for (const { agent, paths, own } of grants) {
    for (const [id, { refresh, expires }] of own) {
      const holders = byToken.get(refresh) ?? [];
      holders.push({ agent, id, paths, expires, refresh });
      byToken.set(refresh, holders);
    }
  }
  return [...byToken.values()].filter((holders) => holders.length > 1);
}

/** The agents other than this one that hold a refresh token of this agent's local profiles. */
export async function grantsHeldTwice(paths: AgentPaths, store: AuthProfiles, sources: Record<string, Source>, options: { warn: Warn; agentDirOfDefault?: string }): Promise<HeldTwice[]> {
  // No local OAuth profile, nothing to look for: the status of such an agent reads no other store.
  const local = Object.entries(store.profiles).filter(([id, p]) => p.type === 'oauth' && !Object.hasOwn(sources, id));
  if (local.length === 0) return [];
  const mineOnly: AuthProfiles = { ...store, profiles: Object.fromEntries(local) };
  const groups = await grantsHeldByMany(stateEnvOf(paths, options.agentDirOfDefault), () => undefined, { glance: true, known: { agent: paths.agentId, store: mineOnly } });
  const found: HeldTwice[] = [];
  for (const group of groups) {
    const mine = group.find((h) => h.agent === paths.agentId);
    if (!mine) continue;
    for (const other of group) if (other.agent !== paths.agentId) found.push({ id: mine.id, other: other.agent });
  }
  return found;
}
