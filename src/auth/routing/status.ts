import { t } from '../../base/i18n/index.js';
import { printable, stripControl } from '../../base/text.js';
import { readConfig } from '../../env/config.js';
import { DEFAULT_AGENT, type AgentPaths } from '../../env/paths.js';
import { signInCommand, suggest } from '../../model/commands.js';
import type { Env, Warn } from '../../base/io.js';
import { own, refOf, type AuthProfiles, type Credential } from '../../model/schema.js';
import type { SecretPlace } from '../secrets/resolve.js';
import { readView, viewOptionsOf, type Source, type Unresolved } from '../credentials/sources.js';
import { grantsHeldTwice, type HeldTwice } from '../credentials/holders.js';
import { orderAll, type OrderSource } from '../../model/routing.js';
import { expiresIn, formatDuration, profileState, STATE_TONE, type ProfileState, type Tone } from '../../model/profile-state.js';

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
 * The line status shows for a profile's secret kept elsewhere, or null when it is in the store. A keychain
 * item named after another agent (copied by `agents add --copy-auth-from`) is named: it is shared.
 */
export function secretLine(p: Pick<ProfileStatus, 'secretRef'>, agent: string): string | null {
  const place = p.secretRef;
  if (!place) return null;
  if (place.source === 'keychain') return place.id.startsWith(`${agent}/`) ? t('status.secretInKeychain') : t('status.secretInKeychainItem', { id: place.id });
  const where = place.resolves === null ? place.label : t(place.resolves ? 'status.secretResolves' : 'status.secretUnresolved', { where: place.label });
  return t('status.secretIn', { where });
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

/** The command that fixes a profile that needs the user (re-login, expired, a token expiring soon), or null. */
export function fixCommand(
  profile: Pick<ProfileStatus, 'id' | 'provider' | 'state'> & { type?: Credential['type']; owner?: string | null },
  agent: string,
): string | null {
  if (profile.state === 'expiring' && profile.type === 'token') return renewCommand(profile, agent);
  if (profile.state !== 'relogin' && profile.state !== 'expired') return null;
  // SPEC 11: Claude Code's sign-in is renewed by running Claude Code; a setup-token over this profile would
  // replace the link (describeProfile names the setup-token as the alternative, on a profile of its own).
  if (profile.owner === 'claude-cli') return 'claude';
  return signInCommand(profile.provider, { agent, profileId: profile.id });
}

/**
 * What renews a token that cannot renew itself (issue 21): a new setup-token for Anthropic, else a new
 * paste of the token over the same profile.
 */
export function renewCommand(profile: Pick<ProfileStatus, 'id' | 'provider'>, agent: string): string {
  if (profile.provider === 'anthropic') return signInCommand('anthropic', { agent, profileId: profile.id });
  return suggest(`models auth paste-token --provider ${profile.provider}`, { agent, profileId: profile.id, provider: profile.provider });
}

/** An expiry before 2001 is no time a token was ever issued with: shown without it. */
const UNDATED_BEFORE = Date.UTC(2001, 0, 1);

/** One line of words for a profile's state: what `models status` and the wizard show under its id. */
export function describeProfile(p: ProfileStatus, now: number, agent?: string): string {
  switch (p.state) {
    case 'relogin':
      return t('describe.relogin', { reason: printable(p.reloginRequired?.reason ?? t('why.refused'), 60) });
    case 'cooldown':
      return t('describe.cooldown', { left: formatDuration(p.cooldown?.remainingMs ?? 0) });
    case 'disabled': {
      const left = formatDuration(p.disabled?.remainingMs ?? 0);
      return p.disabled?.reason ? t('describe.disabledWhy', { reason: printable(p.disabled.reason, 40), left }) : t('describe.disabled', { left });
    }
    case 'refreshable':
      if (p.refreshHeldOff) {
        const left = formatDuration(p.refreshHeldOff.remainingMs);
        return p.expires !== null && p.expires <= now ? t('describe.heldOffExpired', { left }) : t('describe.heldOffDue', { left });
      }
      return p.expires !== null && p.expires <= now ? t('describe.refreshableExpired') : t('describe.refreshableDue');
    case 'static':
      return t('describe.noExpiry');
    default:
      if (p.expires === null) return t('describe.noExpiry');
      if (p.state === 'expired' && p.owner === 'claude-cli') {
        const command = suggest('models auth setup-token --provider anthropic', { agent: agent ?? DEFAULT_AGENT });
        // An expiresAt of 0 or so (a file written by hand, a tool's placeholder) is no time to show.
        if (p.expires < UNDATED_BEFORE) return t('describe.claudeExpiredUndated', { command });
        return t('describe.claudeExpired', { when: expiresIn(p.expires, now), command });
      }
      // Issue 21: a token that cannot renew itself, told ahead with what renews it.
      if (p.state === 'expiring' && p.type === 'token' && agent !== undefined) {
        return t('describe.expiresRenew', { when: expiresIn(p.expires, now), command: renewCommand(p, agent) });
      }
      return p.type === 'oauth' ? t('describe.oauth', { when: expiresIn(p.expires, now) }) : t('describe.expires', { when: expiresIn(p.expires, now) });
  }
}

/** A profile as both surfaces list it: the words decided here, the layout by each surface. */
export interface ProfileLine {
  id: string;
  active: boolean;
  type: Credential['type'];
  state: ProfileState;
  tone: Tone;
  account: string | null;
  /** describeProfile's words. */
  detail: string;
  /** SPEC 12: where a secret kept elsewhere lives (secretLine), or null when it is in the store. */
  secret: string | null;
  /** SPEC 11: whose grant it is, when it is not the agent's own; null for a local profile. */
  holder: string | null;
  /** ProfileStatus's `owner`: the holder's id (an agent, `codex-cli`, `claude-cli`), null for a local profile. */
  owner: string | null;
}

export interface ProviderLines {
  provider: string;
  active: string | null;
  order: string[];
  source: OrderSource;
  profiles: ProfileLine[];
}

/** The agent's profiles grouped by provider, in each provider's order. */
export function profileGroups(status: AgentStatus, now: number): ProviderLines[] {
  const byProvider = new Map<string, ProfileStatus[]>();
  for (const p of status.profiles) {
    const list = byProvider.get(p.provider);
    if (list) list.push(p);
    else byProvider.set(p.provider, [p]);
  }
  return Object.entries(status.providers).map(([provider, order]) => ({
    provider,
    active: order.active,
    order: order.order,
    source: order.source,
    profiles: (byProvider.get(provider) ?? [])
      .map((p) => ({
        id: p.id,
        active: p.active,
        type: p.type,
        state: p.state,
        tone: STATE_TONE[p.state],
        // An email read from the store: shown, so without control characters (SPEC 4).
        account: p.account === null ? null : printable(p.account),
        detail: describeProfile(p, now, status.agent),
        secret: secretLine(p, status.agent),
        holder: holderLabel(p),
        owner: p.owner,
      })),
  }));
}

/** SPEC 11's one-line warnings: grants another agent holds too, links whose holder has nothing usable. */
export function holderWarnings(status: AgentStatus): string[] {
  return [
    ...status.heldTwice.map((h) => t('holder.twice', { agent: status.agent, other: h.other, id: h.id })),
    ...status.unresolved.map((u) => t('holder.unresolved', { id: u.id, owner: u.owner, command: signInCommand(u.provider, { agent: status.agent, profileId: u.id }) })),
  ];
}

/** SPEC 11: whose grant a profile is, in words ("inherited from agent main"); null for the agent's own. */
export function holderLabel(p: Pick<ProfileStatus, 'source' | 'owner'>): string | null {
  if (p.owner === null) return null;
  if (p.source === 'inherited') return t('holder.inherited', { owner: p.owner });
  return t(p.owner === 'codex-cli' ? 'holder.codex-cli' : 'holder.claude-cli');
}
