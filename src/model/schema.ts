import { t } from '../base/i18n/index.js';
import { isAbsolute } from 'node:path';
import * as z from 'zod/mini';
import { AGENT_ID_PATTERN } from '../env/paths.js';
import { echoed } from '../base/redact.js';
import { safe } from './issue.js';
import { secretRef, secretRefProblem, type SecretRef } from './secret-ref.js';

/** Provider ids: `anthropic`, `openai-codex`, `openai`, … */
export const PROVIDER_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
/** The part of a profile id after `<provider>:`. */
export const PROFILE_NAME_PATTERN = /^[a-z0-9._-]+$/;

// One parse per process: compiling zod's JIT object parsers (new Function) costs more than it saves.
z.config({ jitless: true });

const epochMs = z.number().check(z.nonnegative());
const secret = z.string().check(z.minLength(1));

// Every object is loose: fields this project does not know are kept on rewrite (SPEC 2.1).
export const tokenCredential = z.looseObject({
  type: z.literal('token'),
  provider: z.string(),
  // SPEC 12: the token itself, or a reference to where it is kept (one of the two; checked below).
  token: z.optional(secret),
  tokenRef: z.optional(secretRef),
  expires: z.optional(z.nullable(epochMs)),
  email: z.optional(z.string()),
});

export const oauthCredential = z.looseObject({
  type: z.literal('oauth'),
  provider: z.string(),
  access: secret,
  refresh: secret,
  expires: epochMs,
  accountId: z.optional(z.string()),
  email: z.optional(z.string()),
});

export const apiKeyCredential = z.looseObject({
  type: z.literal('api_key'),
  provider: z.string(),
  key: z.optional(secret),
  keyRef: z.optional(secretRef),
});

export const credential = z.discriminatedUnion('type', [tokenCredential, oauthCredential, apiKeyCredential]);

export const reloginRequired = z.looseObject({
  since: epochMs,
  reason: z.string(),
});

export const failureReasons = ['auth', 'format', 'rate_limit', 'billing', 'timeout', 'unknown'] as const;

export const usageStats = z.looseObject({
  lastUsed: z.optional(epochMs),
  cooldownUntil: z.optional(epochMs),
  disabledUntil: z.optional(epochMs),
  disabledReason: z.optional(z.string()),
  errorCount: z.optional(z.number().check(z.int(), z.nonnegative())),
  failureCounts: z.optional(z.record(z.string(), z.number().check(z.int(), z.nonnegative()))),
  lastFailureAt: z.optional(epochMs),
  reloginRequired: z.optional(reloginRequired),
  /** SPEC 4: after a transient refresh failure, no process sends a refresh for this grant before this time. */
  refreshRetryAt: z.optional(epochMs),
  /** Transient refresh failures in a row (since the last success): the hold-off doubles with each. */
  refreshFailures: z.optional(z.number().check(z.int(), z.nonnegative())),
});

/** Other tools whose sign-in file a profile shares (SPEC 11). */
export const EXTERNAL_TOOLS = ['codex-cli', 'claude-cli'] as const;
export type ExternalTool = (typeof EXTERNAL_TOOLS)[number];

/**
 * SPEC 11: a profile whose grant another holder keeps: another agent's profile of the same id (`agent`),
 * or another tool's file (`tool`, `file`). Kept beside `profiles`, not in it: a reader that does not know
 * links (OpenClaw) imports the profiles as they are and never sees a second copy of a refresh token.
 */
export const profileLink = z.looseObject({
  provider: z.string(),
  agent: z.optional(z.string()),
  /** The owner's id for it, when not the same as the link's. */
  profileId: z.optional(z.string()),
  tool: z.optional(z.enum(EXTERNAL_TOOLS)),
  file: z.optional(z.string()),
});

export const authProfiles = z
  .looseObject({
    version: z.literal(1),
    profiles: z.record(z.string(), credential),
    links: z.optional(z.record(z.string(), profileLink)),
    order: z.optional(z.record(z.string(), z.array(z.string()))),
    lastGood: z.optional(z.record(z.string(), z.string())),
    usageStats: z.optional(z.record(z.string(), usageStats)),
  })
  .check(
    z.superRefine((store, ctx) => {
      for (const [id, profile] of Object.entries(store.profiles)) {
        const problem = profileIdProblem(id, profile.provider) ?? secretProblem(profile);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { problem }, path: ['profiles', id], input: id });
      }
      for (const [id, link] of Object.entries(store.links ?? {})) {
        const problem = profileIdProblem(id, link.provider) ?? linkProblem(id, link);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { problem }, path: ['links', id], input: id });
      }
    }),
  );

export type TokenCredential = z.infer<typeof tokenCredential>;
export type OAuthCredential = z.infer<typeof oauthCredential>;
export type ApiKeyCredential = z.infer<typeof apiKeyCredential>;
export type Credential = z.infer<typeof credential>;
export type CredentialType = Credential['type'];
export type UsageStats = z.infer<typeof usageStats>;
export type AuthProfiles = z.infer<typeof authProfiles>;
export type ProfileLink = z.infer<typeof profileLink>;
export type FailureReason = (typeof failureReasons)[number];

/** The reference a static profile holds instead of its secret (SPEC 12), if any. */
export function refOf(credential: Credential): SecretRef | null {
  if (credential.type === 'token') return credential.tokenRef ?? null;
  if (credential.type === 'api_key') return credential.keyRef ?? null;
  return null;
}

/**
 * SPEC 12: a token or key profile holds its secret or a reference in OpenClaw's grammar; an OAuth profile
 * never holds a reference (its tokens change at every refresh).
 */
function secretProblem(profile: Credential): string | null {
  if (profile.type === 'oauth') {
    return 'tokenRef' in profile || 'keyRef' in profile ? t('ref.onOAuth') : null;
  }
  const ref = refOf(profile);
  if (ref) return secretRefProblem(ref);
  const held = profile.type === 'token' ? profile.token : profile.key;
  return held === undefined ? t(profile.type === 'token' ? 'ref.noToken' : 'ref.noKey') : null;
}

/** Why a link cannot be followed (it must lead to an agent by a valid id, or to an absolute file path); null when it can. */
function linkProblem(id: string, link: { agent?: string | undefined; tool?: string | undefined; file?: string | undefined }): string | null {
  if (link.agent !== undefined) return AGENT_ID_PATTERN.test(link.agent) ? null : t('link.badAgent', { id: safe(id) });
  if (link.tool === undefined || link.file === undefined) return t('link.nowhere', { id: safe(id) });
  return isAbsolute(link.file) ? null : t('link.badFile', { id: safe(id) });
}

/** Why `id` cannot name a profile of `provider` (or of any provider when omitted); null when it can. */
export function profileIdProblem(rawId: string, provider?: string): string | null {
  // The id may be a token typed in the wrong place: redacted, and not quoted at all when long. Worded only
  // when there is a problem: every store read checks every id, and redaction is not free.
  const id = () => echoed(rawId, 64);
  const colon = rawId.indexOf(':');
  if (colon <= 0) return t('profileId.shape', { id: id() });
  const idProvider = rawId.slice(0, colon);
  const name = rawId.slice(colon + 1);
  if (!PROVIDER_PATTERN.test(idProvider)) return t('profileId.provider', { id: id() });
  if (!PROFILE_NAME_PATTERN.test(name)) return t('profileId.name', { id: id() });
  if (provider !== undefined && idProvider !== provider) {
    return t('profileId.other', { id: id(), other: echoed(idProvider), provider: safe(provider) });
  }
  return null;
}

/**
 * `record[key]` only when it is the record's own property. Keys come from files and flags: a provider
 * named `constructor` must not find Object.prototype's function (every lookup of a provider-keyed map).
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function providerOf(profileId: string): string {
  const colon = profileId.indexOf(':');
  return colon > 0 ? profileId.slice(0, colon) : profileId;
}

export function emptyStore(): AuthProfiles {
  return { version: 1, profiles: {} };
}

export const legacyOAuthFile = z.record(
  z.string(),
  z.looseObject({
    access: secret,
    refresh: secret,
    expires: epochMs,
    accountId: z.optional(z.string()),
    email: z.optional(z.string()),
  }),
);
