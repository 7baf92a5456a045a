import * as z from 'zod/mini';
import { t } from '../base/i18n/index.js';
import { echoed } from '../base/redact.js';

/**
 * SPEC 12: a secret kept elsewhere, in OpenClaw's own SecretRef format, so that OpenClaw resolves the
 * same reference (docs: gateway/secrets, "SecretRef contract"). Only the sources a static secret can use
 * here: `env`, `file`, `exec` (OpenClaw's `store` is its own database).
 */
export const SECRET_SOURCES = ['env', 'file', 'exec'] as const;
export type SecretSource = (typeof SECRET_SOURCES)[number];

/** OpenClaw's grammars: a provider alias, an env variable name, an exec id (selectors such as `a#b` included). */
export const ALIAS_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
export const ENV_ID_PATTERN = /^[A-Z][A-Z0-9_]{0,127}$/;
export const EXEC_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,255}$/;
export const DEFAULT_ALIAS = 'default';
/** The exec provider whose command is this package's keychain resolver (SPEC 12, `--store keychain`). */
export const KEYCHAIN_PROVIDER = 'openclaw-keychain';

/** The reference's schema, built on first use (by the store's schemas): zod's schemas cost start-up time. */
export const secretRef = () => (schema ??= buildRef());
let schema: ReturnType<typeof buildRef> | undefined;
function buildRef() {
  return z.looseObject({
    source: z.enum(SECRET_SOURCES),
    provider: z.string(),
    id: z.string(),
  });
}
export type SecretRef = z.infer<ReturnType<typeof buildRef>>;

/** Why `ref` breaks OpenClaw's grammar for its source, or null. The id is quoted only when short. */
export function secretRefProblem(ref: SecretRef): string | null {
  if (!ALIAS_PATTERN.test(ref.provider)) return t('ref.badAlias', { alias: echoed(ref.provider, 64) });
  switch (ref.source) {
    case 'env':
      return ENV_ID_PATTERN.test(ref.id) ? null : t('ref.badEnvId', { id: echoed(ref.id, 64) });
    case 'file':
      return ref.id.startsWith('/') || ref.id === 'value' ? null : t('ref.badFileId', { id: echoed(ref.id, 64) });
    case 'exec':
      if (!EXEC_ID_PATTERN.test(ref.id)) return t('ref.badExecId', { id: echoed(ref.id, 64) });
      return ref.id.split('/').some((segment) => segment === '.' || segment === '..') ? t('ref.badExecId', { id: echoed(ref.id, 64) }) : null;
  }
}

/**
 * `--ref <source>:<alias>:<id>`, or `env:NAME` for the default env provider. The id is everything after
 * the second colon (exec ids may hold colons). Returns the reference or why it is not one.
 */
export function parseRefFlag(text: string, shapeProblem: (value: string) => string = (value) => t('ref.flagShape', { value })): { ref: SecretRef } | { problem: string } {
  const first = text.indexOf(':');
  const source = first < 0 ? text : text.slice(0, first);
  if (!(SECRET_SOURCES as readonly string[]).includes(source)) return { problem: shapeProblem(echoed(text, 64)) };
  const rest = text.slice(first + 1);
  const second = rest.indexOf(':');
  let ref: SecretRef;
  if (source === 'env' && second < 0) ref = { source: 'env', provider: DEFAULT_ALIAS, id: rest };
  else if (first < 0 || second <= 0) return { problem: shapeProblem(echoed(text, 64)) };
  else ref = { source: source as SecretSource, provider: rest.slice(0, second), id: rest.slice(second + 1) };
  const problem = secretRefProblem(ref);
  return problem ? { problem } : { ref };
}

/** An environment variable name that fits `provider`, for examples: `anthropic` → `ANTHROPIC_API_KEY`. */
export function exampleEnvName(provider: string): string {
  const stem = provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z]/.test(stem) ? `${stem}_API_KEY` : 'MY_API_KEY';
}

export function isKeychainRef(ref: SecretRef): boolean {
  return ref.source === 'exec' && ref.provider === KEYCHAIN_PROVIDER;
}

/** Where a reference points, as status shows it: `env OPENAI_API_KEY`, `exec vault: providers/openai/apiKey`, `keychain`. */
export function refLabel(ref: SecretRef): string {
  if (isKeychainRef(ref)) return 'keychain';
  if (ref.source === 'env' && ref.provider === DEFAULT_ALIAS) return `env ${ref.id}`;
  return `${ref.source} ${ref.provider}: ${ref.id}`;
}

/**
 * The keychain item (and the resolver's id) of a profile: `<agent>/<profile id>/<state key>`, inside
 * OpenClaw's exec id grammar. The keychain is one per user, state dirs are many (two installs, a test's
 * dir): `stateKey` (a hash of the state dir's real path) keeps each state dir's items apart. A reference
 * written before it (`<agent>/<profile id>`) names its item as it is and keeps resolving.
 */
export function keychainId(stateKey: string, agentId: string, profileId: string): string {
  return `${agentId}/${profileId}/${stateKey}`;
}
