import { t } from '../../base/i18n/index.js';
import { UserError } from '../../base/errors.js';
import { systemKeychain, KeychainError, type Keychain } from '../../auth/secrets/keychain/index.js';
import { resolveSecretRef } from '../../auth/secrets/resolve.js';
import { keychainResolverPath } from '../../env/keychain-resolver-path.js';
import type { AgentPaths } from '../../env/paths.js';
import { isKeychainRef, keychainId, KEYCHAIN_PROVIDER, refLabel, type SecretRef } from '../../model/secret-ref.js';
import { own, refOf } from '../../model/schema.js';
import { saveTokenRefProfile } from '../../store/profiles.js';
import { readStore } from '../../store/store.js';
import { registerSecretProvider } from '../../store/secret-providers.js';
import { print, type CliContext } from '../context.js';
import { storeToken, type TokenEntry } from './sign-in.js';

/**
 * SPEC 12: where a pasted static secret is kept. The credential file is the default; a reference keeps
 * only where the secret is; the keychain keeps the secret and the file a reference to it.
 */
export type SecretHome = { kind: 'file' } | { kind: 'ref'; ref: SecretRef } | { kind: 'keychain' };

/** What each home needs of its caller: the keychain is checked before the secret is asked for. */
export interface KeychainSession {
  keychain: Keychain;
  /** The command that keeps it in the file instead, offered when the keychain cannot be used. */
  fileCommand: string;
}

/** The keychain of this system, checked usable (exit 1 offering the file when not; nothing is written). */
export async function openKeychain(ctx: CliContext, fileCommand: string, keychain: Keychain = systemKeychain(ctx.env)): Promise<KeychainSession> {
  try {
    await keychain.assertAvailable();
  } catch (error) {
    throw offerFile(error, fileCommand);
  }
  return { keychain, fileCommand };
}

function offerFile(error: unknown, fileCommand: string): unknown {
  return error instanceof KeychainError ? new UserError(t('keychain.offerFile', { why: error.message, command: fileCommand })) : error;
}

/**
 * A reference is stored only once it resolves (as OpenClaw's onboarding checks it first): a typo in a
 * variable's name is told now, not at the first use. The value is not kept.
 */
export async function saveTokenRef(ctx: CliContext, paths: AgentPaths, entry: Omit<TokenEntry, 'token'> & { ref: SecretRef }, { quiet = false } = {}): Promise<void> {
  await resolveSecretRef(paths, entry.ref, { env: ctx.env, warn: ctx.warn });
  const old = await saveTokenRefProfile(paths, { id: entry.id, provider: entry.provider, tokenRef: entry.ref, expires: entry.expires }, { warn: ctx.warn, now: ctx.now });
  await forgetOldKeychainItem(ctx, old, entry.ref);
  if (!quiet) print(ctx, t('saved.ref', { id: entry.id, ref: refLabel(entry.ref), file: paths.storeFile }));
}

/**
 * The keychain as the secret's home: the item first, then the provider OpenClaw resolves it through, then
 * the profile's reference. A failure after the item was written removes it again: nothing half-written.
 */
export async function saveTokenInKeychain(ctx: CliContext, paths: AgentPaths, session: KeychainSession, entry: TokenEntry, { quiet = false } = {}): Promise<void> {
  const id = keychainId(paths.agentId, entry.id);
  const ref: SecretRef = { source: 'exec', provider: KEYCHAIN_PROVIDER, id };
  try {
    await session.keychain.store(id, `OpenClaw ${id}`, entry.token);
  } catch (error) {
    throw offerFile(error, session.fileCommand);
  }
  try {
    const registered = await registerSecretProvider(paths.configFile, KEYCHAIN_PROVIDER, keychainProviderEntry());
    if (registered.kind === 'added' && !quiet) print(ctx, t('config.providerAdded', { file: paths.configFile }));
    if (registered.kind === 'manual') ctx.warn(t('config.notPlainJson', { file: paths.configFile, json: registered.json }));
    const old = await saveTokenRefProfile(paths, { id: entry.id, provider: entry.provider, tokenRef: ref, expires: entry.expires }, { warn: ctx.warn, now: ctx.now });
    await forgetOldKeychainItem(ctx, old, ref);
  } catch (error) {
    await session.keychain.remove(id).catch(() => false);
    throw error;
  }
  if (!quiet) print(ctx, t('saved.keychain', { id: entry.id, keychain: session.keychain.name, file: paths.storeFile }));
}

/** The file as the secret's home (the default): as before, and the keychain item of an earlier paste goes. */
export async function saveTokenInFile(ctx: CliContext, paths: AgentPaths, entry: TokenEntry, { quiet = false } = {}): Promise<void> {
  const before = own((await readStore(paths, { warn: ctx.warn })).store.profiles, entry.id);
  await storeToken(ctx, paths, entry, { quiet });
  await forgetOldKeychainItem(ctx, before ? refOf(before) : null, null);
}

/**
 * The exec provider a keychain reference names (OpenClaw's shape): this package's resolver by absolute
 * path, with only what it needs of the environment (the session bus, the home, the PATH its `#!/usr/bin/env
 * node` line and secret-tool are found on).
 */
export function keychainProviderEntry(platform: NodeJS.Platform = process.platform): Record<string, unknown> {
  const resolver = keychainResolverPath();
  if (platform === 'win32') {
    return { source: 'exec', command: process.execPath, args: [resolver], passEnv: ['PATH', 'SystemRoot', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'TEMP'], jsonOnly: true };
  }
  return { source: 'exec', command: resolver, passEnv: ['PATH', 'HOME', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'], jsonOnly: true };
}

/** A keychain item that the profile named before and names no more is removed (best effort: a warning). */
async function forgetOldKeychainItem(ctx: CliContext, old: SecretRef | null, now: SecretRef | null): Promise<void> {
  if (!old || !isKeychainRef(old) || (now && isKeychainRef(now) && now.id === old.id)) return;
  await removeKeychainItem(ctx, old.id);
}

/** Removes the keychain item `id`; says so, or warns with the command that removes it by hand. */
export async function removeKeychainItem(ctx: CliContext, id: string, keychain: Keychain = systemKeychain(ctx.env)): Promise<void> {
  try {
    if (await keychain.remove(id)) print(ctx, t('logout.keychainRemoved', { id }));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    ctx.warn(t('logout.keychainLeft', { id, why: error.message, command: manualRemoval(id) }));
  }
}

function manualRemoval(id: string): string {
  if (process.platform === 'darwin') return `security delete-generic-password -s openclaw -a ${id}`;
  if (process.platform === 'win32') return `cmdkey /delete:openclaw:${id}`;
  return `secret-tool clear service openclaw account ${id}`;
}
