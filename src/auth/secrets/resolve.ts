import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import type { Env, Warn } from '../../base/io.js';
import { rememberSecret } from '../../base/redact.js';
import { readConfig } from '../../env/config.js';
import type { AgentPaths } from '../../env/paths.js';
import { isKeychainRef, refLabel, type SecretRef } from '../../model/secret-ref.js';
import { resolveExecRef } from './exec-source.js';
import { resolveFileRef } from './file-source.js';
import { systemKeychain, type Keychain } from './keychain/index.js';
import { providerFor, type EnvProvider } from './providers.js';

export interface ResolveDeps {
  env: Env;
  warn: Warn;
  /** The system keychain unless a test gives another. */
  keychain?: Keychain;
}

/**
 * SPEC 12: the secret a reference points to, resolved now (at every use: nothing is cached or written
 * back). A reference that does not resolve fails with a message naming the reference, never a value or
 * what a resolver printed. The value is remembered for redaction (src/base/redact.ts) for the rest of
 * the process, as a stored secret would be masked.
 */
export async function resolveSecretRef(paths: AgentPaths, ref: SecretRef, deps: ResolveDeps): Promise<string> {
  const value = isKeychainRef(ref) ? await fromKeychain(ref, deps) : await fromProvider(paths, ref, deps);
  rememberSecret(value);
  return value;
}

async function fromProvider(paths: AgentPaths, ref: SecretRef, deps: ResolveDeps): Promise<string> {
  const { secrets } = await readConfig(paths.configFile, deps.warn);
  const provider = providerFor(secrets, ref, paths.configFile);
  switch (provider.source) {
    case 'env':
      return resolveEnvRef(ref, provider, deps.env);
    case 'file':
      return resolveFileRef(ref, provider, deps.env);
    case 'exec':
      return resolveExecRef(ref, provider, deps.env);
  }
}

/**
 * The keychain references this package writes: looked up through the keychain itself, in this process.
 * Their provider's command is this package's resolver (src/cli/keychain-resolver.ts), which does the
 * same lookup for OpenClaw.
 */
async function fromKeychain(ref: SecretRef, deps: ResolveDeps): Promise<string> {
  const keychain = deps.keychain ?? systemKeychain(deps.env);
  let value: string | null;
  try {
    value = await keychain.lookup(ref.id);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(t('ref.keychainFailed', { id: ref.id, why: error.message }));
    throw error;
  }
  if (value === null || value === '') throw new UserError(t('ref.keychainMissing', { id: ref.id }));
  return value;
}

/** Why an env reference does not resolve here, or null: not allowed by the provider's allowlist, unset, empty. */
export function envRefProblem(ref: SecretRef, provider: EnvProvider, env: Env): string | null {
  if (provider.allowlist !== undefined && !provider.allowlist.includes(ref.id)) {
    return t('ref.envNotAllowed', { ref: refLabel(ref), name: ref.id, alias: ref.provider });
  }
  const value = env[ref.id];
  if (value === undefined || value === '') return t('ref.envUnset', { ref: refLabel(ref), name: ref.id });
  return null;
}

function resolveEnvRef(ref: SecretRef, provider: EnvProvider, env: Env): string {
  const problem = envRefProblem(ref, provider, env);
  if (problem) throw new UserError(problem);
  return env[ref.id]!;
}

/** Where a profile's secret lives, as `models status` shows it (SPEC 12). */
export interface SecretPlace {
  source: SecretRef['source'] | 'keychain';
  provider: string;
  id: string;
  /** `env OPENAI_API_KEY`, `exec vault: providers/openai/apiKey`, `keychain`. */
  label: string;
  /** Whether an env or file reference resolves now; null where status does not look (exec, keychain). */
  resolves: boolean | null;
}

/**
 * The place of `ref` for status: an env reference is checked against the environment and a file
 * reference is read (with every rule of the file source); an exec reference is never run and the
 * keychain never opened (status must stay fast and silent, and a resolver may prompt or cost).
 */
export async function secretPlace(paths: AgentPaths, ref: SecretRef, env: Env, secrets: unknown): Promise<SecretPlace> {
  const base = { provider: ref.provider, id: ref.id, label: refLabel(ref) };
  if (isKeychainRef(ref)) return { source: 'keychain', ...base, resolves: null };
  if (ref.source === 'exec') return { source: 'exec', ...base, resolves: null };
  let resolves: boolean;
  try {
    const provider = providerFor(secrets, ref, paths.configFile);
    if (provider.source === 'env') resolves = envRefProblem(ref, provider, env) === null;
    else if (provider.source === 'file') resolves = (await resolveFileRef(ref, provider, env)) !== '';
    else resolves = false;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    resolves = false;
  }
  return { source: ref.source, ...base, resolves };
}
