import { deadline } from '../../base/deadline.js';
import { UserError } from '../../base/errors.js';
import type { Env, Warn } from '../../base/io.js';
import type { AgentPaths } from '../../env/paths.js';
import { canRefresh } from '../../model/profile-state.js';
import { own, refOf, type AuthProfiles, type Credential } from '../../model/schema.js';
import { readView, viewOptionsOf, type Source } from '../credentials/sources.js';
import { getCredential, type CredentialDeps } from '../credentials/resolve.js';
import { loadRegistry } from '../providers/registry.js';
import type { MethodProbe, Registry } from '../providers/types.js';
import { BUILTIN_PROBES } from './builtin.js';
import { requestOf } from './verify.js';
import { PROBE_DEADLINE_MS, PROBE_TOTAL_MS, probeOutcome, proxyInvalid, sendProbe } from './http.js';
import { ProxyConfigError } from '../../env/proxy.js';
import { refLabel } from '../../model/secret-ref.js';
import type { ProbeCredential, ProbeOutcome } from './types.js';

export interface ProbeResult extends ProbeOutcome {
  profileId: string;
  provider: string;
  type: Credential['type'];
  /** True when the secret was refreshed for this probe (it was due, or refused and retried). */
  refreshed: boolean;
  elapsedMs: number;
  /** SPEC 11, as status says it: who holds the grant (an agent, `codex-cli`, `claude-cli`); null for the agent's own. */
  owner: string | null;
}

export interface ProbeOptions {
  env: Env;
  warn: Warn;
  now: () => number;
  provider?: string;
  profileId?: string;
  /** Per profile and in all (ms); issue 21's 5 s and 15 s unless a caller says otherwise. */
  deadlineMs?: number;
  totalMs?: number;
  /** What getCredential is given (tests inject a refresh). */
  credentialDeps?: Partial<CredentialDeps>;
}

/**
 * `models status --probe`: every selected profile checked at once, each with one cheap read-only request
 * with its secret, got as a use gets it (getCredential: refreshed first if due). A 401/403 on an OAuth
 * profile is retried once after a refresh. Nothing is marked in the store: no cooldown, no failure count.
 */
export async function probeProfiles(paths: AgentPaths, options: ProbeOptions): Promise<ProbeResult[]> {
  const { store, sources } = await readView(paths, viewOptionsOf(options.warn, options.env));
  const ids = Object.keys(store.profiles)
    .filter((id) => options.provider === undefined || store.profiles[id]!.provider === options.provider)
    .filter((id) => options.profileId === undefined || id === options.profileId)
    .sort();
  const needsPlugins = ids.some((id) => !(store.profiles[id]!.provider in BUILTIN_PROBES));
  const registry = needsPlugins ? await loadRegistry(paths, { warn: options.warn }) : null;
  const total = deadline(options.totalMs ?? PROBE_TOTAL_MS);
  const inFlight: Promise<unknown>[] = [];
  const probed = await Promise.all(ids.map((id) => probeProfile(paths, store, id, registry, total.signal, { ...options, inFlight }))).finally(total.clear);
  const results = probed.map((r) => ({ ...r, owner: ownerOf(own(sources, r.profileId)) }));
  // A refresh the deadline cut short is still on its way (SPEC 4's own 20 s deadline bounds it): the
  // command waits for it, so that a grant it rotates is written and not lost with the process.
  await Promise.allSettled(inFlight);
  return results;
}

function ownerOf(source: Source | undefined): string | null {
  if (!source) return null;
  return source.kind === 'inherited' ? source.owner : source.kind;
}

async function probeProfile(
  paths: AgentPaths,
  store: AuthProfiles,
  id: string,
  registry: Registry | null,
  total: AbortSignal,
  options: ProbeOptions & { inFlight: Promise<unknown>[] },
): Promise<Omit<ProbeResult, 'owner'>> {
  const started = performance.now();
  // A timer of its own, not AbortSignal.timeout inside AbortSignal.any (src/base/deadline.ts).
  const mine = deadline(options.deadlineMs ?? PROBE_DEADLINE_MS);
  try {
    return await probeWithin(paths, store, id, registry, AbortSignal.any([total, mine.signal]), options, started);
  } finally {
    mine.clear();
  }
}

async function probeWithin(
  paths: AgentPaths,
  store: AuthProfiles,
  id: string,
  registry: Registry | null,
  signal: AbortSignal,
  options: ProbeOptions & { inFlight: Promise<unknown>[] },
  started: number,
): Promise<Omit<ProbeResult, 'owner'>> {
  const stored = store.profiles[id]!;
  const done = (outcome: ProbeOutcome, refreshed = false): Omit<ProbeResult, 'owner'> => ({
    profileId: id,
    provider: stored.provider,
    type: stored.type,
    ...outcome,
    refreshed,
    elapsedMs: Math.round(performance.now() - started),
  });
  const local = localOutcome(store, id, stored, options.now());
  if (local) return done(local);
  // Issue 21: the probe marks nothing, not even the hold-off of a refresh that failed (a rotated grant is written).
  const deps = { env: options.env, warn: options.warn, now: options.now, markHoldOff: false, ...options.credentialDeps };

  let attempt = await secretThenProbe(paths, id, stored, registry, signal, deps, options);
  // An OAuth access token refused: refreshed once (even though not due) and tried again, as a use would.
  if (attempt.outcome.bucket === 'auth' && attempt.access !== null && !attempt.refreshed && stored.type === 'oauth' && canRefresh(stored)) {
    const retried = await secretThenProbe(paths, id, stored, registry, signal, { ...deps, refusedAccess: attempt.access }, options);
    // A refresh that failed says less than the refusal did, unless it found the grant dead (re-login).
    if (!retried.noSecret || retried.outcome.reasonCode === 'relogin_required') attempt = retried;
  }
  return done(attempt.outcome, attempt.refreshed);
}

/**
 * Every profile `models status` lists (SPEC 11): the agent's own, and its links read through from their
 * holders (another agent's grant, Codex CLI's or Claude Code's file), with the holder's grant marks.
 */
async function profilesSeen(paths: AgentPaths, options: Pick<ProbeOptions, 'warn' | 'env'>): Promise<AuthProfiles> {
  return (await readView(paths, viewOptionsOf(options.warn, options.env))).store;
}

/** What the store alone says of a profile that no request could fix. */
function localOutcome(store: AuthProfiles, id: string, stored: Credential, now: number): ProbeOutcome | null {
  if (own(store.usageStats, id)?.reloginRequired) return probeOutcome('auth', 'relogin_required');
  if (stored.type === 'token' && stored.expires != null && stored.expires <= now) return probeOutcome('auth', 'expired');
  return null;
}

interface Attempt {
  outcome: ProbeOutcome;
  refreshed: boolean;
  /** The access token that was sent (OAuth), for a retry after a refusal. */
  access: string | null;
  /** True when no secret could be had (nothing was sent). */
  noSecret?: boolean;
}

async function secretThenProbe(
  paths: AgentPaths,
  id: string,
  stored: Credential,
  registry: Registry | null,
  signal: AbortSignal,
  deps: Partial<CredentialDeps>,
  options: ProbeOptions & { inFlight: Promise<unknown>[] },
): Promise<Attempt> {
  let secret: string;
  let refreshed: boolean;
  try {
    const getting = getCredential(paths, stored.provider, id, deps);
    options.inFlight.push(getting.catch(() => undefined));
    ({ secret, refreshed } = await untilAborted(getting, signal));
  } catch (error) {
    if (signal.aborted) return { outcome: probeOutcome('timeout', 'timeout'), refreshed: false, access: null, noSecret: true };
    return { outcome: await credentialFailure(paths, id, stored, error, options), refreshed: false, access: null, noSecret: true };
  }
  // Re-read after a refresh: the fields a request needs (the account, Copilot's GitHub token) are the new ones.
  const current = refreshed ? ((await profilesSeen(paths, options)).profiles[id] ?? stored) : stored;
  const credential: ProbeCredential = {
    provider: stored.provider,
    type: stored.type,
    secret,
    ...(current.type === 'oauth' && current.accountId ? { accountId: current.accountId } : {}),
    ...(current.type === 'oauth' ? { refresh: current.refresh } : {}),
    ...(current.type === 'oauth' && typeof current.enterpriseUrl === 'string' && current.enterpriseUrl ? { enterpriseDomain: enterpriseDomain(current.enterpriseUrl) } : {}),
  };
  const access = current.type === 'oauth' ? current.access : null;
  const request = await requestOf(credential, methodProbeOf(stored.provider, registry));
  if (!request) return { outcome: probeOutcome('unknown', 'no_probe'), refreshed, access };
  return { outcome: await sendProbe(request, { env: options.env, signal, now: options.now }), refreshed, access };
}

/** Why no secret could be had: a refresh refused (re-login), or one that failed for now, or anything else. */
async function credentialFailure(paths: AgentPaths, id: string, stored: Credential, error: unknown, options: ProbeOptions): Promise<ProbeOutcome> {
  // A proxy variable that is not an address: said as what it is, naming the variable (nothing was sent).
  if (error instanceof ProxyConfigError) return proxyInvalid(error);
  const store = await profilesSeen(paths, options).catch(() => null);
  if (store && own(store.usageStats, id)?.reloginRequired) return probeOutcome('auth', 'relogin_required');
  if (stored.type === 'oauth') return probeOutcome(error instanceof UserError && canRefresh(stored) ? 'network' : 'auth', canRefresh(stored) ? 'refresh_failed' : 'expired');
  // SPEC 12: a reference that does not resolve (OpenClaw's `unresolved_ref`); nothing was sent.
  const ref = refOf(stored);
  if (ref) return { ...probeOutcome('auth', 'unresolved_ref'), ref: refLabel(ref), ...(ref.source === 'env' ? { refVariable: ref.id } : {}) };
  return probeOutcome('auth', 'missing_credential');
}

/** pi-ai's `enterpriseUrl` ("company.ghe.com" or "https://company.ghe.com/") as the bare host name. */
function enterpriseDomain(value: string): string {
  try {
    return new URL(value.includes('://') ? value : `https://${value}`).hostname;
  } catch {
    return value;
  }
}

/** The method probe a plugin's provider declares (its first method that has one). */
function methodProbeOf(provider: string, registry: Registry | null): MethodProbe | undefined {
  const def = registry?.providers.find((p) => p.id === provider);
  return def?.methods.map((m) => ('probe' in m ? (m.probe as MethodProbe | undefined) : undefined)).find((p) => p !== undefined);
}

/** `work`, or the signal's abort, whichever first (a refresh under way goes on and is written, as a use's would). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
