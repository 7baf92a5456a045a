import { t } from '../../base/i18n/index.js';
import { printable } from '../../base/text.js';
import { DEFAULT_AGENT } from '../../env/paths.js';
import { signInCommand, suggest } from '../../model/commands.js';
import type { Credential } from '../../model/schema.js';
import type { OrderSource } from '../../model/routing.js';
import { expiresIn, formatDuration, STATE_TONE, type ProfileState, type Tone } from '../../model/profile-state.js';
import type { AgentStatus, ProfileStatus } from './status.js';

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
