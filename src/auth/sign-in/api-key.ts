import { t } from '../../base/i18n/index.js';
import type { TokenCheck } from './setup-token.js';
import { checkGenericSecret } from './setup-token.js';

/**
 * The key patterns of the built-in API-key methods (SPEC 8): a provider's prefix, then its key's body in
 * the URL-safe alphabet all of them use (OpenRouter's are hex today; '-' and '_' are taken, as for the
 * others, so a key of a newer shape is not turned away as another provider's).
 */
export const API_KEY_PATTERNS = {
  // Not an Anthropic or OpenRouter key, which also start with sk-.
  openai: '^sk-(?!ant-|or-v1-)[A-Za-z0-9_-]{16,}$',
  openrouter: '^sk-or-v1-[A-Za-z0-9_-]{16,}$',
  anthropic: '^sk-ant-api03-[A-Za-z0-9_-]{16,}$',
} as const;

/** Secrets whose kind shows in their prefix: named when one is pasted where another kind belongs. */
const KNOWN_KINDS: [string, 'apiKey.kind.setupToken' | 'apiKey.kind.anthropic' | 'apiKey.kind.openrouter'][] = [
  ['sk-ant-oat01-', 'apiKey.kind.setupToken'],
  ['sk-ant-api03-', 'apiKey.kind.anthropic'],
  ['sk-or-v1-', 'apiKey.kind.openrouter'],
];

/**
 * A pasted or piped API key: cleaned like any secret (escape sequences and white space gone), then
 * checked against the method's pattern. The problem never quotes the key.
 */
export function checkApiKey(raw: string, method: { label: string; pattern?: string }): TokenCheck {
  const generic = checkGenericSecret(raw);
  if (!generic.ok || method.pattern === undefined) return generic;
  let pattern: RegExp;
  try {
    pattern = new RegExp(method.pattern);
  } catch {
    return { ok: false, problem: t('apiKey.badPattern', { method: method.label }) };
  }
  if (pattern.test(generic.token)) return generic;
  // The literal start of the pattern (sk-, sk-or-v1-, sk-ant-api03-): what a key of this method begins with.
  const shape = /^\^((?:[A-Za-z0-9_]|-(?!\[))+-)/.exec(method.pattern)?.[1];
  // A kind whose prefix is this method's own start is a key of this method that does not fit (too short,
  // a stray character): it is not "an OpenRouter key, not a key for OpenRouter".
  const other = KNOWN_KINDS.find(([prefix]) => generic.token.startsWith(prefix) && !shape?.startsWith(prefix));
  if (other) return { ok: false, problem: t('apiKey.otherKind', { kind: t(other[1]), method: method.label }) };
  return { ok: false, problem: shape ? t('apiKey.mismatchShape', { method: method.label, shape }) : t('apiKey.mismatch', { method: method.label }) };
}
