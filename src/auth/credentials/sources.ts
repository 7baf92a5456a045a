import type { Warn } from '../../base/io.js';
import { DEFAULT_AGENT, resolveAgentPaths, type AgentPaths } from '../../env/paths.js';
import { checkedAccountId } from '../../model/account.js';
import { own, type AuthProfiles, type Credential, type ProfileLink } from '../../model/schema.js';
import { CorruptStoreError, ForeignFileError, StoreIoError } from '../../store/errors.js';
import { readClaudeLogin, readCodexLogin, type ForeignProblem } from '../../store/external.js';
import type { OwnCheck } from '../../store/ownership.js';
import { readStore } from '../../store/store.js';
import { jwtTimes } from '../../model/token-life.js';
import { accountIdOf } from '../jwt-claims.js';

/**
 * SPEC 11: where a profile's credential comes from when it is not a local profile of the agent, and who owns it (holds the lock, takes the write-back).
 * A local profile is this agent's own; an inherited one is another agent's profile of the same id, refreshed
 * there; codex-cli is Codex CLI's file, shared (refreshed under this agent's lock, written back there);
 * claude-cli is Claude Code's file, read through and never written.
 */
export type Source =
  | { kind: 'inherited'; owner: string; ownerPaths: AgentPaths; ownerId: string }
  | { kind: 'codex-cli'; file: string }
  | { kind: 'claude-cli'; file: string };

/** A link that leads nowhere usable now (the owner holds no such profile, the tool's file is gone). */
export interface Unresolved {
  id: string;
  provider: string;
  /** The owning agent, or the tool. */
  owner: string;
  problem: ForeignProblem | 'gone' | 'unreadable';
}

export interface StoreView {
  /** The store with each resolvable link's credential in `profiles`, as read now from its holder. Never written. */
  store: AuthProfiles;
  exists: boolean;
  /** The profiles that are not the agent's own, by id. */
  sources: Record<string, Source>;
  unresolved: Unresolved[];
}

/** What a link's holder is called where it is shown: an agent's id, or the tool's. */
export function ownerOf(link: ProfileLink): string {
  return link.agent ?? link.tool ?? '?';
}

/** The paths of agent `owner` in the state dir of `paths` (the default agent where OPENCLAW_AGENT_DIR says). */
export function ownerPathsOf(paths: AgentPaths, owner: string, agentDirOfDefault?: string): AgentPaths {
  return resolveAgentPaths(
    { OPENCLAW_STATE_DIR: paths.stateDir, ...(agentDirOfDefault ? { OPENCLAW_AGENT_DIR: agentDirOfDefault } : {}) },
    owner === DEFAULT_AGENT ? undefined : owner,
  );
}

/**
 * Codex CLI's login as an OAuth credential (in memory only: its refresh token stays Codex's); it expires
 * when its access token's `exp` says, or is due now (0) when that names no time.
 */
export function codexCredential(login: { access: string; refresh: string; accountId: string | null }): Credential {
  const accountId = checkedAccountId(login.accountId) ?? accountIdOf(login.access);
  return { type: 'oauth', provider: 'openai-codex', access: login.access, refresh: login.refresh, expires: Math.max(0, jwtTimes(login.access).expires ?? 0), ...(accountId ? { accountId } : {}) };
}

type Resolved = { credential: Credential; source: Source; stats?: NonNullable<AuthProfiles['usageStats']>[string] } | { problem: Unresolved['problem'] };

async function resolveLink(paths: AgentPaths, id: string, link: ProfileLink, options: ViewOptions, depth: number): Promise<Resolved> {
  if (link.agent !== undefined) {
    // One hop, and the owner's own links to a tool's file: an agent never inherits an inherited profile.
    if (depth > 0 || link.agent === paths.agentId) return { problem: 'gone' };
    const ownerPaths = ownerPathsOf(paths, link.agent, options.agentDirOfDefault);
    let owner: StoreView;
    try {
      owner = await readView(ownerPaths, options, depth + 1);
    } catch (error) {
      if (error instanceof CorruptStoreError || error instanceof ForeignFileError || error instanceof StoreIoError) return { problem: 'unreadable' };
      throw error;
    }
    const ownerId = link.profileId ?? id;
    const credential = own(owner.store.profiles, ownerId);
    if (!credential || credential.provider !== link.provider) return { problem: 'gone' };
    const stats = own(owner.store.usageStats, ownerId);
    return { credential, source: { kind: 'inherited', owner: link.agent, ownerPaths, ownerId }, ...(stats ? { stats } : {}) };
  }
  if (link.file === undefined) return { problem: 'gone' };
  if (link.tool === 'codex-cli') {
    const login = await readCodexLogin(link.file);
    if (!login.ok) return { problem: login.problem };
    return { credential: codexCredential(login.value), source: { kind: 'codex-cli', file: link.file } };
  }
  const login = await readClaudeLogin(link.file);
  if (!login.ok) return { problem: login.problem };
  const { access, expires } = login.value;
  return { credential: { type: 'token', provider: link.provider, token: access, ...(expires === null ? {} : { expires }) }, source: { kind: 'claude-cli', file: link.file } };
}

export interface ViewOptions extends OwnCheck {
  warn: Warn;
  /** `$OPENCLAW_AGENT_DIR`: where the default agent lives when it is set. */
  agentDirOfDefault?: string;
}

/** The view's options for a caller's environment: only its default agent dir is taken from it. */
export function viewOptionsOf(warn: Warn, env?: Readonly<Record<string, string | undefined>>): ViewOptions {
  const agentDirOfDefault = env?.OPENCLAW_AGENT_DIR;
  return { warn, ...(agentDirOfDefault ? { agentDirOfDefault } : {}) };
}

/**
 * The agent's store with its links read through (SPEC 11): each linked profile appears in `profiles` as its
 * holder has it now, its grant marks (re-login, hold-off) the holder's. A store without links is read once.
 */
export async function readView(paths: AgentPaths, options: ViewOptions, depth = 0): Promise<StoreView> {
  const { store, exists } = await readStore(paths, { warn: options.warn, tighten: options.tighten });
  const links = Object.entries(store.links ?? {}).filter(([id]) => !Object.hasOwn(store.profiles, id));
  if (links.length === 0) return { store, exists, sources: {}, unresolved: [] };
  const view: AuthProfiles = { ...store, profiles: { ...store.profiles }, usageStats: { ...store.usageStats } };
  const sources: Record<string, Source> = {};
  const unresolved: Unresolved[] = [];
  const resolved = await Promise.all(links.map(async ([id, link]) => [id, link, await resolveLink(paths, id, link, options, depth)] as const));
  for (const [id, link, found] of resolved) {
    if ('problem' in found) {
      unresolved.push({ id, provider: link.provider, owner: ownerOf(link), problem: found.problem });
      continue;
    }
    view.profiles[id] = found.credential;
    sources[id] = found.source;
    // The grant's marks are the holder's; failover marks (cooldown, billing) stay this agent's.
    const local = own(store.usageStats, id);
    const grant = found.stats ? { reloginRequired: found.stats.reloginRequired, refreshRetryAt: found.stats.refreshRetryAt, refreshFailures: found.stats.refreshFailures } : {};
    const merged = Object.fromEntries(Object.entries({ ...local, ...grant }).filter(([, v]) => v !== undefined));
    if (Object.keys(merged).length) view.usageStats![id] = merged;
  }
  if (Object.keys(view.usageStats!).length === 0) delete view.usageStats;
  return { store: view, exists, sources, unresolved };
}
