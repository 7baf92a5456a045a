import { t } from '../../base/i18n/index.js';
import { keepAsRef, keepInKeychain, readyKeychain, removeItem, reportKept, reportOldItem, type KeepDeps } from '../../auth/secrets/keep.js';
import type { Keychain } from '../../auth/secrets/keychain/index.js';
import type { AgentPaths } from '../../env/paths.js';
import { refLabel, type SecretRef } from '../../model/secret-ref.js';
import { print, type CliContext } from '../context.js';
import { apiKeyCopy } from '../../auth/providers/copy.js';
import { saveApiKeyProfile } from '../../store/profiles.js';
import { forgetReplacedItem, storeToken, type TokenEntry } from './sign-in.js';

/**
 * SPEC 12 on the command line: where a pasted token is kept. The credential file is the default; a
 * reference keeps only where the secret is; the keychain keeps the secret and the file a reference to it.
 */
export interface KeychainSession {
  keychain: Keychain;
  /** The command that keeps it in the file instead, offered when the keychain cannot be used. */
  fileCommand: string;
}

const depsOf = (ctx: CliContext): KeepDeps => ({ env: ctx.env, warn: ctx.warn, now: ctx.now });
const say = (ctx: CliContext) => (line: string) => print(ctx, line);

/** The keychain of this system, checked usable before the token is asked for (exit 1 offering the file). */
export async function openKeychain(ctx: CliContext, fileCommand: string): Promise<KeychainSession> {
  return { keychain: await readyKeychain(depsOf(ctx), fileCommand), fileCommand };
}

/** `type`: a token profile's tokenRef, or an API key's keyRef (SPEC 12); an api_key has no expiry. */
export async function saveTokenRef(ctx: CliContext, paths: AgentPaths, entry: Omit<TokenEntry, 'token'> & { ref: SecretRef }, type: 'token' | 'api_key' = 'token'): Promise<void> {
  const old = await keepAsRef(paths, { ...entry, type, expires: type === 'api_key' ? undefined : entry.expires }, depsOf(ctx));
  print(ctx, t('saved.ref', { id: entry.id, ref: refLabel(entry.ref), file: paths.storeFile }));
  reportOldItem(old, say(ctx), ctx.warn);
}

export async function saveTokenInKeychain(ctx: CliContext, paths: AgentPaths, session: KeychainSession, entry: TokenEntry, type: 'token' | 'api_key' = 'token'): Promise<void> {
  const kept = await keepInKeychain(paths, session.keychain, { ...entry, type, expires: type === 'api_key' ? undefined : entry.expires, secret: entry.token }, depsOf(ctx), session.fileCommand);
  if (kept.registered.kind === 'added') print(ctx, t('config.providerAdded', { file: paths.configFile }));
  if (kept.registered.kind === 'manual') ctx.warn(t('config.notPlainJson', { file: paths.configFile, json: kept.registered.json }));
  print(ctx, t('saved.keychain', { id: entry.id, keychain: session.keychain.name, file: paths.storeFile }));
  reportKept(kept, say(ctx), ctx.warn);
}

/**
 * The file as the token's home (the default): as before, and the keychain item of an earlier paste goes
 * (storeToken). The caller has checked the token with its provider already (issue 21), wherever it is kept.
 */
export async function saveTokenInFile(ctx: CliContext, paths: AgentPaths, entry: TokenEntry): Promise<void> {
  await storeToken(ctx, paths, entry, { verify: false });
}

/** An API key into the file (SPEC 2.1 `api_key`), checked already; the keychain item of an earlier paste goes. */
export async function saveApiKeyInFile(ctx: CliContext, paths: AgentPaths, entry: { id: string; provider: string; key: string }): Promise<void> {
  const replaced = await saveApiKeyProfile(paths, entry, { warn: ctx.warn, now: ctx.now });
  print(ctx, apiKeyCopy.saved(entry.id, paths.storeFile));
  await forgetReplacedItem(ctx, replaced);
}

/** Removes the keychain item `id` (logout); says so, or warns with the command that removes it by hand. */
export async function removeKeychainItem(ctx: CliContext, id: string): Promise<void> {
  reportOldItem(await removeItem(id, depsOf(ctx)), say(ctx), ctx.warn);
}
