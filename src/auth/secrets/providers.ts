import * as z from 'zod/mini';
import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import { own } from '../../model/schema.js';
import { DEFAULT_ALIAS, refLabel, type SecretRef } from '../../model/secret-ref.js';

/**
 * SPEC 12: `secrets.providers` in `<state>/openclaw.json`, in OpenClaw's shape (docs: gateway/secrets,
 * "Provider config"). Loose: the fields OpenClaw knows and this project does not (trustedDirs' neighbours,
 * pluginIntegration, …) are left for OpenClaw.
 */
const MIB = 1024 * 1024;
export const FILE_TIMEOUT_MS = 5_000;
export const FILE_MAX_BYTES = MIB;
export const EXEC_TIMEOUT_MS = 5_000;
export const EXEC_MAX_OUTPUT_BYTES = MIB;

/** Built when a reference is resolved (zod's schemas cost start-up time, and most runs resolve none). */
let schemas: ReturnType<typeof buildSchemas> | undefined;
function buildSchemas() {
  const positive = z.number().check(z.int(), z.positive());

  const envProvider = z.looseObject({
    source: z.literal('env'),
    allowlist: z.optional(z.array(z.string())),
  });

  const fileProvider = z.looseObject({
    source: z.literal('file'),
    path: z.string().check(z.minLength(1)),
    mode: z.optional(z.enum(['json', 'singleValue'])),
    timeoutMs: z.optional(positive),
    maxBytes: z.optional(positive),
  });

  const execProvider = z.looseObject({
    source: z.literal('exec'),
    command: z.string().check(z.minLength(1)),
    args: z.optional(z.array(z.string())),
    passEnv: z.optional(z.array(z.string())),
    env: z.optional(z.record(z.string(), z.string())),
    timeoutMs: z.optional(positive),
    maxOutputBytes: z.optional(positive),
    jsonOnly: z.optional(z.boolean()),
    trustedDirs: z.optional(z.array(z.string())),
  });
  return { env: envProvider, file: fileProvider, exec: execProvider } as const;
}

export type EnvProvider = z.infer<ReturnType<typeof buildSchemas>['env']>;
export type FileProvider = z.infer<ReturnType<typeof buildSchemas>['file']>;
export type ExecProvider = z.infer<ReturnType<typeof buildSchemas>['exec']>;
export type ProviderConfig = EnvProvider | FileProvider | ExecProvider;


/** The raw `secrets.providers` map of a config's `secrets` section (anything else reads as none). */
export function providersOf(secrets: unknown): Record<string, unknown> {
  if (typeof secrets !== 'object' || secrets === null) return {};
  const providers = (secrets as { providers?: unknown }).providers;
  return typeof providers === 'object' && providers !== null && !Array.isArray(providers) ? (providers as Record<string, unknown>) : {};
}

/**
 * The provider `ref` names, checked. An `env` ref of the default alias needs no entry (OpenClaw's
 * built-in reader); every other alias, and every `file` and `exec` ref, needs one of the same source.
 * Errors name the reference, never a value.
 */
export function providerFor(secrets: unknown, ref: SecretRef, configFile: string): ProviderConfig {
  const raw = own(providersOf(secrets), ref.provider);
  const label = refLabel(ref);
  if (raw === undefined || (typeof raw === 'object' && raw !== null && (raw as { source?: unknown }).source !== ref.source)) {
    if (ref.source === 'env' && ref.provider === DEFAULT_ALIAS) return { source: 'env' };
    throw new UserError(t('ref.noProvider', { ref: label, alias: ref.provider, source: ref.source, file: configFile }));
  }
  const parsed = (schemas ??= buildSchemas())[ref.source].safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || ref.source;
    throw new UserError(t('ref.badProvider', { ref: label, alias: ref.provider, field, file: configFile }));
  }
  return parsed.data;
}
