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

/** Other tools whose sign-in file a profile shares (SPEC 11). */
export const EXTERNAL_TOOLS = ['codex-cli', 'claude-cli'] as const;
export type ExternalTool = (typeof EXTERNAL_TOOLS)[number];

/**
 * The store's schemas, built on first use: building zod's schemas is ~4 ms of a start, and `--help` (or a
 * command that reads no store) needs none of them. Every object is loose: fields this project does not know
 * are kept on rewrite (SPEC 2.1).
 */
export const schemas = (): Schemas => (built ??= buildSchemas());
let built: Schemas | undefined;
type Schemas = ReturnType<typeof buildSchemas>;

export const failureReasons = ['auth', 'format', 'rate_limit', 'billing', 'timeout', 'unknown'] as const;

function buildSchemas() {
  // One parse per process: compiling zod's JIT object parsers (new Function) costs more than it saves.
  z.config({ jitless: true });

  const epochMs = z.number().check(z.nonnegative());
  const secret = z.string().check(z.minLength(1));

  const tokenCredential = z.looseObject({
    type: z.literal('token'),
    provider: z.string(),
    // SPEC 12: the token itself, or a reference to where it is kept (one of the two; checked below).
    token: z.optional(secret),
    tokenRef: z.optional(secretRef()),
    expires: z.optional(z.nullable(epochMs)),
    email: z.optional(z.string()),
  });

  const oauthCredential = z.looseObject({
    type: z.literal('oauth'),
    provider: z.string(),
    access: secret,
    refresh: secret,
    expires: epochMs,
    accountId: z.optional(z.string()),
    email: z.optional(z.string()),
  });

  const apiKeyCredential = z.looseObject({
    type: z.literal('api_key'),
    provider: z.string(),
    key: z.optional(secret),
    keyRef: z.optional(secretRef()),
  });

  const credential = z.discriminatedUnion('type', [tokenCredential, oauthCredential, apiKeyCredential]);

  const reloginRequired = z.looseObject({
    since: epochMs,
    reason: z.string(),
  });

  const usageStats = z.looseObject({
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

  /**
   * SPEC 11: a profile whose grant another holder keeps: another agent's profile of the same id (`agent`),
   * or another tool's file (`tool`, `file`). Kept beside `profiles`, not in it: a reader that does not know
   * links (OpenClaw) imports the profiles as they are and never sees a second copy of a refresh token.
   */
  const profileLink = z.looseObject({
    provider: z.string(),
    agent: z.optional(z.string()),
    /** The owner's id for it, when not the same as the link's. */
    profileId: z.optional(z.string()),
    tool: z.optional(z.enum(EXTERNAL_TOOLS)),
    file: z.optional(z.string()),
  });

  const authProfiles = z
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

  const legacyOAuthFile = z.record(
    z.string(),
    z.looseObject({
      access: secret,
      refresh: secret,
      expires: epochMs,
      accountId: z.optional(z.string()),
      email: z.optional(z.string()),
    }),
  );
  return { tokenCredential, oauthCredential, apiKeyCredential, credential, usageStats, profileLink, authProfiles, legacyOAuthFile };
}

/**
 * A quick check of the store's shape, without zod: true only for a store that schemas().authProfiles
 * accepts as it is (test/unit/store-quick-check.test.ts holds it to that, field by field). Reading a store
 * is most of what a command does; building zod's schemas and running them cost ~5 ms of every start and
 * ~45 µs a profile. Whatever this does not vouch for (anything unusual, every broken store) goes to zod,
 * which decides and says what is wrong.
 */
export function plainlyValid(value: unknown): value is AuthProfiles {
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.profiles)) return false;
  for (const [id, profile] of Object.entries(value.profiles)) {
    if (!isRecord(profile) || typeof profile.provider !== 'string' || !plainCredential(profile)) return false;
    if (profileIdProblem(id, profile.provider) !== null) return false;
  }
  if (!absentOr(value.order, (order) => isRecord(order) && Object.values(order).every(allStrings))) return false;
  if (!absentOr(value.lastGood, (good) => isRecord(good) && Object.values(good).every(isString))) return false;
  if (!absentOr(value.links, (links) => isRecord(links) && Object.entries(links).every(([id, link]) => plainLink(id, link)))) return false;
  return absentOr(value.usageStats, (all) => isRecord(all) && Object.values(all).every(plainStats));
}

/** SPEC 11's link, as the schema and linkProblem take it. */
function plainLink(id: string, link: unknown): boolean {
  if (!isRecord(link) || typeof link.provider !== 'string') return false;
  const { agent, profileId, tool, file } = link;
  if (![agent, profileId, file].every((v) => absentOr(v, isString))) return false;
  if (!absentOr(tool, (v) => (EXTERNAL_TOOLS as readonly unknown[]).includes(v))) return false;
  return (profileIdProblem(id, link.provider) ?? linkProblem(id, link as { agent?: string; tool?: string; file?: string })) === null;
}

function plainCredential(p: Record<string, unknown>): boolean {
  switch (p.type) {
    // A secret held by reference (SPEC 12) is left to zod and secretProblem.
    case 'token':
      return isSecret(p.token) && !('tokenRef' in p) && absentOr(p.expires, (e) => e === null || isEpochMs(e)) && absentOr(p.email, isString);
    case 'oauth':
      return isSecret(p.access) && isSecret(p.refresh) && isEpochMs(p.expires) && absentOr(p.accountId, isString) && absentOr(p.email, isString) && !('tokenRef' in p) && !('keyRef' in p);
    case 'api_key':
      return isSecret(p.key) && !('keyRef' in p);
    default:
      return false;
  }
}

function plainStats(stats: unknown): boolean {
  if (!isRecord(stats)) return false;
  const { lastUsed, cooldownUntil, disabledUntil, lastFailureAt, refreshRetryAt, disabledReason, errorCount, refreshFailures, failureCounts, reloginRequired } = stats;
  return (
    [lastUsed, cooldownUntil, disabledUntil, lastFailureAt, refreshRetryAt].every((ms) => absentOr(ms, isEpochMs)) &&
    absentOr(disabledReason, isString) &&
    [errorCount, refreshFailures].every((n) => absentOr(n, isCount)) &&
    absentOr(failureCounts, (counts) => isRecord(counts) && Object.values(counts).every(isCount)) &&
    absentOr(reloginRequired, (r) => isRecord(r) && isEpochMs(r.since) && isString(r.reason))
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
/** Index by index: every() skips the holes of a sparse array, which zod refuses. */
const allStrings = (v: unknown) => {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
};
const isSecret = (v: unknown) => typeof v === 'string' && v.length > 0;
const isEpochMs = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const absentOr = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

export type TokenCredential = z.infer<Schemas['tokenCredential']>;
export type OAuthCredential = z.infer<Schemas['oauthCredential']>;
export type ApiKeyCredential = z.infer<Schemas['apiKeyCredential']>;
export type Credential = z.infer<Schemas['credential']>;
export type CredentialType = Credential['type'];
export type UsageStats = z.infer<Schemas['usageStats']>;
export type AuthProfiles = z.infer<Schemas['authProfiles']>;
export type ProfileLink = z.infer<Schemas['profileLink']>;
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
