import { t } from '../../base/i18n/index.js';
import { printable, stripControl } from '../../base/text.js';
import { readConfig } from '../../env/config.js';
import type { AgentPaths } from '../../env/paths.js';
import type { Env, Warn } from '../../base/io.js';
import { own, refOf, type AuthProfiles, type Credential } from '../../model/schema.js';
import type { SecretPlace } from '../secrets/resolve.js';
import { readView, viewOptionsOf, type Source, type Unresolved } from '../credentials/sources.js';
import { grantsHeldTwice, type HeldTwice } from '../credentials/holders.js';
import { orderAll, type OrderSource } from '../../model/routing.js';
import { profileState, type ProfileState } from '../../model/profile-state.js';

export interface ProfileStatus {
  id: string;
  provider: string;
  type: Credential['type'];
  state: ProfileState;
  /** Epoch ms of the token's (or access token's) expiry; null when it never expires. */
  expires: number | null;
  expiresInMs: number | null;
  account: string | null;
  active: boolean;
  reloginRequired: { since: number; reason: string } | null;
  cooldown: { until: number; remainingMs: number } | null;
  disabled: { until: number; remainingMs: number; reason: string | null } | null;
  /** SPEC 4's hold-off after a failed refresh: no process refreshes this grant before `until`. */
  refreshHeldOff: { until: number; remainingMs: number } | null;
  /** SPEC 12: where the secret of a profile that holds a reference lives (absent: in the credential store). */
  secretRef?: SecretPlace;
  /** SPEC 11: the agent's own profile, another agent's (`owner` names it), or another tool's file. */
  source: 'local' | 'inherited' | 'external';
  /** Who holds the grant: the agent's id (inherited), `codex-cli` or `claude-cli`; null for a local profile. */
  owner: string | null;
}

export interface ProviderStatus {
  order: string[];
  active: string | null;
  source: OrderSource;
}

export interface AgentStatus {
  agent: string;
  paths: { stateDir: string; agentDir: string; store: string; runtimeCache: string };
  storeExists: boolean;
  profiles: ProfileStatus[];
  providers: Record<string, ProviderStatus>;
  /** SPEC 11: links whose holder has no usable sign-in for them now. */
  unresolved: Unresolved[];
  /** SPEC 11: refresh tokens of this agent that another agent holds too. */
  heldTwice: HeldTwice[];
}

function expiryOf(credential: Credential): number | null {
  if (credential.type === 'api_key') return null;
  return credential.expires ?? null;
}

/**
 * Text read from the store, as it is shown: a file anyone could have edited (or a JWT's claims copied
 * into it) must not draw on the terminal (SPEC 4), so escape sequences go and control characters too.
 */
export function fromStore(text: string, max = 120): string {
  return printable(stripControl(text), max);
}

function accountOf(credential: Credential): string | null {
  if (credential.type === 'api_key') return null;
  const account = (credential.type === 'oauth' ? credential.accountId : undefined) ?? credential.email;
  return typeof account === 'string' && account ? fromStore(account) : null;
}

/** Everything `models status` and the wizard's status screen show; it holds no secret by construction. */
export function agentStatus(
  paths: AgentPaths,
  store: AuthProfiles,
  storeExists: boolean,
  configOrder: Record<string, string[]>,
  now: number,
  holders: { sources?: Record<string, Source>; unresolved?: Unresolved[]; heldTwice?: HeldTwice[] } = {},
): AgentStatus {
  const sources = holders.sources ?? {};
  const orders = orderAll(store, configOrder, now);
  const providers: Record<string, ProviderStatus> = {};
  for (const order of orders) providers[order.provider] = { order: order.ids, active: order.active, source: order.source };
  // A profile that an explicit order leaves out is listed after those in it. Each profile's place is looked
  // up once, not searched for in every comparison of the sort (20,000 profiles took 1.35 s that way).
  const places = new Map<string, number>();
  for (const order of orders) order.ids.forEach((id, at) => places.set(id, at));
  const rank = (id: string) => places.get(id) ?? Number.MAX_SAFE_INTEGER;

  const profiles = Object.entries(store.profiles)
    .map(([id, credential]): ProfileStatus => {
      const stats = own(store.usageStats, id);
      const expires = expiryOf(credential);
      const cooldownUntil = stats?.cooldownUntil ?? 0;
      const disabledUntil = stats?.disabledUntil ?? 0;
      const retryAt = credential.type === 'oauth' ? (stats?.refreshRetryAt ?? 0) : 0;
      return {
        id,
        provider: credential.provider,
        type: credential.type,
        state: profileState(credential, stats, now, own(sources, id)?.kind === 'claude-cli'),
        expires,
        expiresInMs: expires === null ? null : expires - now,
        account: accountOf(credential),
        active: own(providers, credential.provider)?.active === id,
        reloginRequired: stats?.reloginRequired
          ? { since: stats.reloginRequired.since, reason: fromStore(stats.reloginRequired.reason) }
          : null,
        cooldown: cooldownUntil > now ? { until: cooldownUntil, remainingMs: cooldownUntil - now } : null,
        disabled:
          disabledUntil > now
            ? { until: disabledUntil, remainingMs: disabledUntil - now, reason: stats?.disabledReason === undefined ? null : fromStore(stats.disabledReason) }
            : null,
        refreshHeldOff: retryAt > now ? { until: retryAt, remainingMs: retryAt - now } : null,
        ...holderOf(own(sources, id)),
      };
    })
    .sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : rank(a.id) - rank(b.id)));
  // SPEC 11: a link whose holder has nothing usable for it (the owner logged out) is a profile that needs a
  // sign-in on this agent: listed, with its fix, and --check says so (exit 1).
  for (const u of holders.unresolved ?? []) {
    if (profiles.some((p) => p.id === u.id)) continue;
    const external = u.owner === 'codex-cli' || u.owner === 'claude-cli';
    profiles.push({
      id: u.id,
      provider: u.provider,
      type: 'oauth',
      state: 'relogin',
      expires: null,
      expiresInMs: null,
      account: null,
      active: false,
      reloginRequired: { since: now, reason: t(external ? 'holder.brokenTool' : 'holder.brokenAgent', { owner: u.owner }) },
      cooldown: null,
      disabled: null,
      refreshHeldOff: null,
      source: external ? 'external' : 'inherited',
      owner: u.owner,
    });
    providers[u.provider] ??= { order: [], active: null, source: 'automatic' };
  }

  return {
    agent: paths.agentId,
    paths: { stateDir: paths.stateDir, agentDir: paths.agentDir, store: paths.storeFile, runtimeCache: paths.runtimeCacheFile },
    storeExists,
    profiles,
    providers,
    unresolved: holders.unresolved ?? [],
    heldTwice: holders.heldTwice ?? [],
  };
}

function holderOf(source: Source | undefined): Pick<ProfileStatus, 'source' | 'owner'> {
  if (!source) return { source: 'local', owner: null };
  return source.kind === 'inherited' ? { source: 'inherited', owner: source.owner } : { source: 'external', owner: source.kind };
}

/** Reads the agent's store and config and builds its status (throws CorruptStoreError). */
export async function loadAgentStatus(paths: AgentPaths, options: { warn: Warn; now: () => number; env?: Env }): Promise<AgentStatus> {
  const view = viewOptionsOf(options.warn, options.env);
  const { store, exists, sources, unresolved } = await readView(paths, view);
  const { authOrder, secrets } = await readConfig(paths.configFile, options.warn);
  const heldTwice = await grantsHeldTwice(paths, store, sources, view);
  const status = agentStatus(paths, store, exists, authOrder, options.now(), { sources, unresolved, heldTwice });
  await addSecretPlaces(paths, store, status, secrets, options.env ?? process.env);
  return status;
}

/**
 * SPEC 12: where each referenced secret lives, and whether an env or file reference resolves. No
 * resolver runs and the keychain is not opened (secretPlace); the code is loaded only for a store that
 * holds a reference.
 */
export async function addSecretPlaces(paths: AgentPaths, store: AuthProfiles, status: AgentStatus, secrets: unknown, env: Env): Promise<void> {
  const referenced = status.profiles.flatMap((p) => {
    const credential = own(store.profiles, p.id);
    const ref = credential ? refOf(credential) : null;
    return ref ? [{ p, ref }] : [];
  });
  if (referenced.length === 0) return;
  const { secretPlace } = await import('../secrets/resolve.js');
  for (const { p, ref } of referenced) p.secretRef = await secretPlace(paths, ref, env, secrets);
}

/**
 * SPEC 6 `--check`: 1 if anything is expired, missing or needs re-login; 2 if anything is expiring (an OAuth
 * access token within 24 h; a token that cannot renew itself within 14 days, issue 21); else 0.
 */
export function checkExitCode(status: AgentStatus): 0 | 1 | 2 {
  if (status.profiles.length === 0) return 1;
  if (status.profiles.some((p) => p.state === 'expired' || p.state === 'relogin')) return 1;
  // SPEC 12: a reference that does not resolve here is a missing secret.
  if (status.profiles.some((p) => p.secretRef?.resolves === false)) return 1;
  if (status.profiles.some((p) => p.state === 'expiring')) return 2;
  return 0;
}
