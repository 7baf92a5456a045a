import { t } from '../base/i18n/index.js';
import { lstatIfThere, readdir } from '../base/fs.js';
import { UserError } from '../base/errors.js';
import { agentIdProblem, agentsDir, inFolder, resolveAgentPaths, stateDir, DEFAULT_AGENT, type AgentPaths } from '../env/paths.js';
import { type Env, type Warn, warnOnStderr } from '../base/io.js';
import { assertOwnDir, assertOwnPaths, type OwnCheck } from './ownership.js';
import { ensureDir } from './files.js';
import { readStore, updateStore, type StoreOptions } from './store.js';
import { CorruptStoreError, failAsStoreIo, ForeignFileError, StoreIoError } from './errors.js';
import { refOf, type AuthProfiles, type ProfileLink } from '../model/schema.js';
import { isKeychainRef } from '../model/secret-ref.js';
import { profilesNeedingRelogin } from '../model/profile-state.js';

export interface AgentSummary {
  id: string;
  agentDir: string;
  /** Number of profiles, links included; null when the store cannot be read. */
  profiles: number | null;
  problem: string | null;
  /** The ids of its own profiles, links left out (none when the store cannot be read). */
  profileIds: string[];
  /** Those that need signing in again: marked for re-login, or expired with no way to refresh. */
  needsRelogin: string[];
}

/** An agent named by id: `main` is the default agent, which lives in `$OPENCLAW_AGENT_DIR` when that is set. */
export function agentPathsOf(env: Env, id: string, state = stateDir(env)): AgentPaths {
  return resolveAgentPaths(env, id === DEFAULT_AGENT ? undefined : id, state);
}

/**
 * Agents are the folders under `<state>/agents/` (plus `main`, which always exists by default). A state
 * dir or agents dir of another user is refused (ForeignFileError) before it is listed; a store or
 * folder that was loose is tightened and told through `warn`, each warning once (SPEC 2: the user must
 * learn their secrets were exposed; once tightened, nothing else would tell them).
 */
export async function listAgents(env: Env, warn: Warn): Promise<AgentSummary[]> {
  const once = warnOnce(warn);
  // One after another: the reads are done in place (src/base/fs.ts), and 500 stores read side by side
  // held all of them in memory at once, which made the garbage collector's work grow faster than the count.
  const agents: AgentSummary[] = [];
  // Resolved once: path.resolve() for each of 500 agents was hot enough for V8's optimizing compiler.
  const state = stateDir(env);
  for (const id of await knownAgentIds(env, once)) {
    const paths = agentPathsOf(env, id, state);
    try {
      const { store } = await readStore(paths, { warn: once });
      const profileIds = Object.keys(store.profiles);
      // SPEC 11: a link (another agent's grant, another tool's sign-in) is a profile of the agent too.
      const links = Object.keys(store.links ?? {}).filter((link) => !Object.hasOwn(store.profiles, link)).length;
      agents.push({ id, agentDir: paths.agentDir, profiles: profileIds.length + links, problem: null, profileIds, needsRelogin: profilesNeedingRelogin(store, Date.now()) });
    } catch (error) {
      if (error instanceof CorruptStoreError || error instanceof ForeignFileError || error instanceof StoreIoError) agents.push({ id, agentDir: paths.agentDir, profiles: null, problem: error.problem, profileIds: [], needsRelogin: [] });
      else throw error;
    }
  }
  return agents;
}

/** A warning the agents' stores share (a legacy file readable by others) is told once. */
function warnOnce(warn: Warn): Warn {
  const told = new Set<string>();
  return (line) => {
    if (told.has(line)) return;
    told.add(line);
    warn(line);
  };
}

export async function createAgent(env: Env, id: string, warn: Warn = warnOnStderr): Promise<{ agentDir: string; created: boolean }> {
  const paths = resolveAgentPaths(env, id);
  // Nothing is made inside a state dir that is not ours (SPEC 2).
  await assertOwnPaths(paths, warn);
  const existed = await agentFolderExists(env, id, warn);
  await ensureDir(paths.agentDir).catch(failAsStoreIo(paths.agentDir, 'update'));
  return { agentDir: paths.agentDir, created: !existed };
}

/**
 * The folders under `<state>/agents/` whose names are `wanted`, once the state dir and that folder are known
 * to be ours (SPEC 2). Listed by name, then each wanted name looked at (a folder, not a link to one): Node's
 * directory entries (withFileTypes) cost ~0.3 ms to set up at their first use in a process, a look ~10 µs,
 * and most state dirs hold one agent or a few (`main` needs no look).
 */
async function listAgentIds(env: Env, warn: Warn, wanted: (name: string) => boolean, check: OwnCheck = {}): Promise<string[]> {
  const dir = await checkedAgentsDir(env, warn, check);
  const names = (await readdir(dir).catch(() => [] as string[])).filter(wanted);
  const folders = await Promise.all(names.map(async (name) => ((await lstatIfThere(inFolder(dir, name)).catch(() => undefined))?.isDirectory() ? name : null)));
  return folders.filter((name): name is string => name !== null);
}

/** `<state>/agents/`, once it and the state dir are known to be ours (SPEC 2). */
async function checkedAgentsDir(env: Env, warn: Warn, check: OwnCheck = {}): Promise<string> {
  await assertOwnDir(stateDir(env), warn, check);
  await assertOwnDir(agentsDir(env), warn, check);
  return agentsDir(env);
}

/** Whether `<state>/agents/<id>` is a folder (not a link to one), once the folders above are known to be ours: one look, no listing. */
async function agentFolderExists(env: Env, id: string, warn: Warn): Promise<boolean> {
  // Not an agent's name ('..', a path): no folder of the agents dir, as a listing would have said.
  if (agentIdProblem(id) !== null) return false;
  const dir = await checkedAgentsDir(env, warn);
  if ((await lstatIfThere(inFolder(dir, id)).catch(() => undefined))?.isDirectory() !== true) return false;
  // Where the file system ignores case (macOS's, Windows'), `agents/work` also finds a folder `Work`, which is
  // no agent: the name must be there as it is.
  return process.platform !== 'darwin' && process.platform !== 'win32' ? true : (await readdir(dir).catch(() => [] as string[])).includes(id);
}

/** The agents there are, sorted, `main` first (it always exists). */
export async function knownAgentIds(env: Env, warn: Warn, check: OwnCheck = {}): Promise<string[]> {
  const ids = await listAgentIds(env, warn, (name) => agentIdProblem(name) === null && name !== DEFAULT_AGENT, check);
  return [DEFAULT_AGENT, ...ids.sort()];
}

/**
 * SPEC 11: the other agents of the state dir whose links name profiles `ids` of agent `owner` (a link is
 * keyed by the profile id it shares), each with those ids. A store that cannot be read is passed over.
 */
export async function agentsLinkingTo(env: Env, owner: string, ids: string[], warn: Warn): Promise<{ agent: string; ids: string[] }[]> {
  const found: { agent: string; ids: string[] }[] = [];
  for (const agent of await knownAgentIds(env, warn)) {
    if (agent === owner) continue;
    const snapshot = await readStore(agentPathsOf(env, agent), { warn }).catch(() => null);
    const links = snapshot?.store.links ?? {};
    const linked = ids.filter((id) => Object.hasOwn(links, id) && links[id]!.agent === owner && !Object.hasOwn(snapshot!.store.profiles, id));
    if (linked.length > 0) found.push({ agent, ids: linked });
  }
  return found;
}

/** `main` always exists; another agent exists when its folder under `<state>/agents/` does. */
export async function agentExists(env: Env, id: string, warn: Warn): Promise<boolean> {
  return id === DEFAULT_AGENT || (await agentFolderExists(env, id, warn));
}

/** SPEC 2: a named agent that does not exist is an error that lists the agents and how to add one. */
export class UnknownAgentError extends UserError {
  constructor(
    readonly agent: string,
    readonly known: string[],
  ) {
    super(t('agents.unknown', { agent, agents: known.join(', ') }));
    this.name = 'UnknownAgentError';
  }
}

/** The paths of agent `id`, which must exist (else UnknownAgentError). */
export async function existingAgentPaths(env: Env, id: string, warn: Warn): Promise<AgentPaths> {
  if (!(await agentExists(env, id, warn))) throw new UnknownAgentError(id, await knownAgentIds(env, warn));
  return resolveAgentPaths(env, id);
}

/**
 * The store of an agent that auth is copied from: the agent must exist and have a readable store with
 * profiles in it, else a UserError that names it (a corrupt store names its file).
 */
export async function readSourceAuth(env: Env, id: string, options: StoreOptions): Promise<AuthProfiles> {
  const warn = options.warn ?? warnOnStderr;
  if (!(await agentExists(env, id, warn))) {
    throw new UserError(t('agents.noSource', { agent: id, agents: (await knownAgentIds(env, warn)).join(', ') }));
  }
  const paths = agentPathsOf(env, id);
  const { store, exists } = await readStore(paths, options);
  if (!exists) throw new UserError(t('agents.noStore', { agent: id, file: paths.storeFile }));
  // A store that only links (SPEC 11: another tool's sign-in, another agent's) has something to share too.
  if (Object.keys(store.profiles).length === 0 && Object.keys(store.links ?? {}).length === 0) throw new UserError(t('agents.noProfiles', { agent: id, file: paths.storeFile }));
  return store;
}

export interface CopiedAuth {
  copied: string[];
  /** OAuth profiles, shared by reference with the agent they came from: see copyAuth. */
  linked: string[];
  /** Providers whose order was copied. */
  orders: string[];
  /** Copied profiles whose secret is a keychain item (SPEC 12): the item is not copied, both agents name it. */
  keychainItems: { id: string; item: string }[];
}

/**
 * Copies `api_key` and `token` profiles and their order into `paths`'s store through the one write path.
 * An OAuth profile is not copied but linked (SPEC 11): its refresh token rotates, so two agents holding one
 * grant would log each other out; the new agent reads `from`'s grant through at every use and its refresh
 * happens in `from`'s store.
 */
export async function copyAuth(source: AuthProfiles, from: string, paths: AgentPaths, options: StoreOptions): Promise<CopiedAuth> {
  const ids = Object.keys(source.profiles).sort();
  const copied = ids.filter((id) => source.profiles[id]!.type !== 'oauth');
  const links: Record<string, ProfileLink> = {};
  for (const id of ids.filter((id) => !copied.includes(id))) links[id] = { provider: source.profiles[id]!.provider, agent: from };
  // A link of `from`'s keeps its holder: another agent's profile stays that agent's; a tool's file is
  // reached through `from`, so that its refresh stays under one lock (from's).
  for (const [id, link] of Object.entries(source.links ?? {})) {
    if (!Object.hasOwn(source.profiles, id)) links[id] = link.agent !== undefined ? structuredClone(link) : { provider: link.provider, agent: from };
  }
  const linked = Object.keys(links).sort();
  const kept = new Set([...copied, ...linked]);
  const orders = Object.entries(source.order ?? {})
    .map(([provider, list]) => [provider, list.filter((id) => kept.has(id))] as const)
    .filter(([, list]) => list.length > 0);
  await updateStore(
    paths,
    (draft) => {
      for (const id of copied) draft.profiles[id] = structuredClone(source.profiles[id]!);
      if (linked.length) draft.links = { ...draft.links, ...links };
      if (orders.length) draft.order = { ...draft.order, ...Object.fromEntries(orders) };
    },
    options,
  );
  const keychainItems = copied.flatMap((id) => {
    const ref = refOf(source.profiles[id]!);
    return ref && isKeychainRef(ref) ? [{ id, item: ref.id }] : [];
  });
  return { copied, linked, orders: orders.map(([provider]) => provider), keychainItems };
}
