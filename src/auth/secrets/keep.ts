import { basename, dirname, join, resolve } from 'node:path';
import { realpath } from '../../base/fs.js';
import { t } from '../../base/i18n/index.js';
import { UserError } from '../../base/errors.js';
import type { Env, Warn } from '../../base/io.js';
import { builtin } from '../../env/import.js';
import { keychainResolverPath } from '../../env/keychain-resolver-path.js';
import type { AgentPaths } from '../../env/paths.js';
import { refOf } from '../../model/schema.js';
import { isKeychainRef, keychainId, KEYCHAIN_PROVIDER, type SecretRef } from '../../model/secret-ref.js';
import { agentPathsOf, knownAgentIds } from '../../store/agents.js';
import { saveRefProfile } from '../../store/profiles.js';
import { readStore } from '../../store/store.js';
import { ownResolver, registerSecretProvider, type Registered } from '../../store/secret-providers.js';
import { KeychainError, systemKeychain, type Keychain } from './keychain/index.js';
import { resolveSecretRef } from './resolve.js';

/**
 * SPEC 12: keeping a static secret elsewhere, for the command line and the wizard alike. A profile of
 * `type` (token or api_key) gets a reference; the secret lives where the reference points.
 */
export interface KeptEntry {
  id: string;
  provider: string;
  type: 'token' | 'api_key';
  expires: number | undefined;
}

export interface KeepDeps {
  env: Env;
  warn: Warn;
  now: () => number;
  keychain?: Keychain;
}

/** What happened to the keychain item the profile named before (a paste elsewhere replaces it). */
export type OldItem = { kind: 'none' } | { kind: 'removed'; id: string } | { kind: 'left'; id: string; why: string } | { kind: 'kept'; id: string; agents: string[] };

/** The keychain made ready, or an error that says why not and offers the file (`fileCommand`); nothing is written. */
export async function readyKeychain(deps: KeepDeps, fileCommand: string): Promise<Keychain> {
  const keychain = deps.keychain ?? systemKeychain(deps.env);
  try {
    await keychain.assertAvailable();
  } catch (error) {
    throw offerFile(error, fileCommand);
  }
  return keychain;
}

export function offerFile(error: unknown, fileCommand: string): unknown {
  return error instanceof KeychainError ? new KeychainOfferError(error.message, fileCommand) : error;
}

/**
 * The keychain could not keep the secret; nothing was written. Its message names the line command that
 * keeps it in the file; `why` alone lets the wizard offer its own choice instead (no command there).
 */
export class KeychainOfferError extends UserError {
  constructor(
    readonly why: string,
    fileCommand: string,
  ) {
    super(t('keychain.offerFile', { why, command: fileCommand }));
    this.name = 'KeychainOfferError';
  }
}

/**
 * A reference is stored only once it resolves (as OpenClaw's onboarding checks it first): a typo in a
 * variable's name is told now, not at the first use. The value is not kept.
 */
export async function keepAsRef(paths: AgentPaths, entry: KeptEntry & { ref: SecretRef }, deps: KeepDeps): Promise<OldItem> {
  await resolveSecretRef(paths, entry.ref, { env: deps.env, warn: deps.warn, ...(deps.keychain ? { keychain: deps.keychain } : {}) });
  const old = await saveRefProfile(paths, entry, { warn: deps.warn, now: deps.now });
  return forgetOldItem(old, entry.ref, deps);
}

/**
 * The keychain as the secret's home: the item first, then the provider OpenClaw resolves it through, then
 * the profile's reference. A failure after the item was written puts the item back as it was (removed when
 * there was none): nothing half-written, and an item that was there (another agent may name it) never lost.
 * `alsoUsedBy`: the other agents that name this item (a copy made by `agents add --copy-auth-from`): they
 * get the new secret too.
 */
export async function keepInKeychain(
  paths: AgentPaths,
  keychain: Keychain,
  entry: KeptEntry & { secret: string },
  deps: KeepDeps,
  fileCommand: string,
): Promise<{ registered: Registered; old: OldItem; id: string; alsoUsedBy: string[] }> {
  const id = keychainId(await stateKey(paths.stateDir), paths.agentId, entry.id);
  const ref: SecretRef = { source: 'exec', provider: KEYCHAIN_PROVIDER, id };
  const label = `OpenClaw ${id}`;
  let before: string | null;
  try {
    before = await keychain.lookup(id);
    await keychain.store(id, label, entry.secret);
  } catch (error) {
    throw offerFile(error, fileCommand);
  }
  try {
    const resolver = await ownResolver(keychainResolverPath(), paths.stateDir);
    const registered = await registerSecretProvider(paths.configFile, KEYCHAIN_PROVIDER, keychainProviderEntry(resolver));
    const old = await saveRefProfile(paths, { ...entry, ref }, { warn: deps.warn, now: deps.now });
    const alsoUsedBy = (await agentsNaming(deps, id)).agents.filter((agent) => agent !== paths.agentId);
    return { registered, old: await forgetOldItem(old, ref, { ...deps, keychain }), id, alsoUsedBy };
  } catch (error) {
    await (before === null ? keychain.remove(id) : keychain.store(id, label, before)).catch(() => false);
    throw error;
  }
}

/**
 * The state dir's part of its keychain ids: 12 hex digits of the SHA-256 of its real path (of its nearest
 * existing folder, when it is not made yet: the same dir gives the same key before and after).
 */
export async function stateKey(stateDir: string): Promise<string> {
  // node:crypto loads the stream modules: only when a keychain id is made, not on every start-up path.
  const { createHash } = await builtin<typeof import('node:crypto')>('node:crypto');
  let path = resolve(stateDir);
  let rest = '';
  for (;;) {
    const real = await realpath(path).catch(() => null);
    if (real !== null) return createHash('sha256').update(join(real, rest)).digest('hex').slice(0, 12);
    if (dirname(path) === path) return createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 12);
    rest = join(basename(path), rest);
    path = dirname(path);
  }
}

/**
 * The exec provider a keychain reference names (OpenClaw's shape): this package's resolver by absolute
 * path, with only what it needs of the environment (the session bus, the home, the PATH its `#!/usr/bin/env
 * node` line and secret-tool are found on). On Windows a script is not a program: node runs it.
 */
export function keychainProviderEntry(resolver: string, platform: NodeJS.Platform = process.platform): Record<string, unknown> {
  if (platform === 'win32') {
    return { source: 'exec', command: process.execPath, args: [resolver], passEnv: ['PATH', 'SystemRoot', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'TEMP'], jsonOnly: true };
  }
  return { source: 'exec', command: resolver, passEnv: ['PATH', 'HOME', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'], jsonOnly: true };
}

/** A keychain item that the profile named before and names no more is removed (best effort). */
export async function forgetOldItem(old: SecretRef | null, now: SecretRef | null, deps: KeepDeps): Promise<OldItem> {
  if (!old || !isKeychainRef(old) || (now && isKeychainRef(now) && now.id === old.id)) return { kind: 'none' };
  return removeItem(old.id, deps);
}

/**
 * Removes the keychain item `id`: removed, none there, or left (with why) when the keychain cannot be reached.
 * SPEC 11, never the only copy of a secret: `agents add --copy-auth-from` copies a profile's reference as it
 * is, so another agent of the state dir may name the same item. Then it is kept (and said for whom); an
 * agent whose store cannot be read might name it too, so it is left. Called once this store no longer names it.
 */
export async function removeItem(id: string, deps: Pick<KeepDeps, 'env' | 'warn' | 'keychain'>): Promise<OldItem> {
  const named = await agentsNaming(deps, id);
  if (named.unread.length > 0) return { kind: 'left', id, why: t('keychain.unreadStores', { agents: named.unread.join(', ') }) };
  if (named.agents.length > 0) return { kind: 'kept', id, agents: named.agents };
  try {
    return (await (deps.keychain ?? systemKeychain(deps.env)).remove(id)) ? { kind: 'removed', id } : { kind: 'none' };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { kind: 'left', id, why: error.message };
  }
}

/**
 * The agents of the state dir whose stores name the keychain item `id`, and those whose stores cannot be
 * read. Through the store's checked read: a loose store it tightens is told through `warn` (SPEC 2).
 */
async function agentsNaming({ env, warn }: Pick<KeepDeps, 'env' | 'warn'>, id: string): Promise<{ agents: string[]; unread: string[] }> {
  const agents: string[] = [];
  const unread: string[] = [];
  for (const agent of await knownAgentIds(env, warn)) {
    const snapshot = await readStore(agentPathsOf(env, agent), { warn }).catch(() => null);
    if (!snapshot) unread.push(agent);
    else if (Object.values(snapshot.store.profiles).some((profile) => namesItem(refOf(profile), id))) agents.push(agent);
  }
  return { agents, unread };
}

const namesItem = (ref: SecretRef | null, id: string): boolean => ref !== null && isKeychainRef(ref) && ref.id === id;

/** The command that removes a keychain item by hand, for a warning when it could not be removed. */
export function manualRemoval(id: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return `security delete-generic-password -s openclaw -a ${id}`;
  if (platform === 'win32') return `cmdkey /delete:openclaw:${id}`;
  return `secret-tool clear service openclaw account ${id}`;
}

/** After a keychain paste: the other agents naming the item, then what became of the item named before. */
export function reportKept(kept: { old: OldItem; alsoUsedBy: string[]; id: string }, say: (line: string) => void, warn: Warn): void {
  if (kept.alsoUsedBy.length === 1) say(t('keychain.alsoUsedBy', { id: kept.id, agents: kept.alsoUsedBy[0]! }));
  if (kept.alsoUsedBy.length > 1) say(t('keychain.alsoUsedByMany', { id: kept.id, agents: kept.alsoUsedBy.join(', ') }));
  reportOldItem(kept.old, say, warn);
}

/** Says what became of an old keychain item: a line for `say` when removed, a warning when left. */
export function reportOldItem(old: OldItem, say: (line: string) => void, warn: Warn): void {
  if (old.kind === 'removed') say(t('logout.keychainRemoved', { id: old.id }));
  if (old.kind === 'kept') say(t(old.agents.length === 1 ? 'logout.keychainKept' : 'logout.keychainKeptMany', { id: old.id, agents: old.agents.join(', ') }));
  if (old.kind === 'left') warn(t('logout.keychainLeft', { id: old.id, why: old.why, command: manualRemoval(old.id) }));
}
