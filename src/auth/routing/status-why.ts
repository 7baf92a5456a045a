import { formatDate, t } from '../../base/i18n/index.js';
import type { Env, Warn } from '../../base/io.js';
import { printable } from '../../base/text.js';
import { readConfig } from '../../env/config.js';
import type { AgentPaths } from '../../env/paths.js';
import { expiresIn, formatDuration, needsUser } from '../../model/profile-state.js';
import { explainOrder, type OrderExplanation, type OrderSource } from '../../model/routing.js';
import { readView, viewOptionsOf } from '../credentials/sources.js';
import { addSecretPlaces, agentStatus, type AgentStatus, type ProfileStatus } from './status.js';
import { describeProfile } from './status-lines.js';

/**
 * `models status --provider <p>`: why the provider's active profile is the one it is (SPEC 5), and why
 * each other profile stands where it does. OpenClaw's users asked for exactly this (its #131877: "why a
 * profile was skipped isn't logged").
 */

/** Why a profile stands where it does, first match wins: left out, waiting for the user, waiting for time, usable. */
export type Placement = 'unlisted' | 'relogin' | 'expired' | 'disabled' | 'cooldown' | 'active' | 'usable';

export interface ProfileWhy extends ProfileStatus {
  /** 1-based place in the order in effect; null when an explicit order leaves it out. */
  position: number | null;
  placement: Placement;
}

export interface ProviderWhy extends Pick<AgentStatus, 'agent' | 'paths' | 'storeExists'> {
  provider: string;
  source: OrderSource;
  /** The store's `order[provider]` and the config's `auth.order[provider]` as written; null where unset. */
  storeOrder: string[] | null;
  configOrder: string[] | null;
  configFile: string;
  /** Entries of the order in effect that name no profile of the provider; they are skipped. */
  unknown: string[];
  /** The order in effect: the source's order with profiles that cannot be used now moved last. */
  order: string[];
  active: string | null;
  /** In `order`, then the profiles an explicit order leaves out. */
  profiles: ProfileWhy[];
}

function placementOf(p: ProfileStatus, position: number | null, active: boolean): Placement {
  if (position === null) return 'unlisted';
  if (needsUser(p.state)) return p.state === 'relogin' ? 'relogin' : 'expired';
  if (p.state === 'disabled' || p.state === 'cooldown') return p.state;
  return active ? 'active' : 'usable';
}

export function providerWhy(
  status: AgentStatus,
  provider: string,
  explained: Pick<OrderExplanation, 'storeOrder' | 'configOrder' | 'unknown' | 'unlisted'>,
  configFile: string,
): ProviderWhy {
  const order = status.providers[provider]?.order ?? [];
  const active = status.providers[provider]?.active ?? null;
  const own = status.profiles.filter((p) => p.provider === provider);
  const byId = new Map(own.map((p) => [p.id, p]));
  const profiles = [...order, ...explained.unlisted].flatMap((id) => {
    const p = byId.get(id);
    if (!p) return [];
    const position = order.includes(id) ? order.indexOf(id) + 1 : null;
    return [{ ...p, position, placement: placementOf(p, position, id === active) }];
  });
  return {
    agent: status.agent,
    paths: status.paths,
    storeExists: status.storeExists,
    provider,
    source: status.providers[provider]?.source ?? 'automatic',
    storeOrder: explained.storeOrder,
    configOrder: explained.configOrder,
    configFile,
    unknown: explained.unknown,
    order,
    active,
    profiles,
  };
}

/**
 * Reads the agent's store and config once and explains `provider`'s order (throws CorruptStoreError);
 * `pluginsConfigured` says whether providers other than the built-ins may exist (their code is not loaded).
 */
export async function loadProviderWhy(
  paths: AgentPaths,
  provider: string,
  options: { warn: Warn; now: () => number; env?: Env },
): Promise<{ status: AgentStatus; why: ProviderWhy; pluginsConfigured: boolean }> {
  // SPEC 11: a linked profile is listed as its holder has it, and says whose it is.
  const { store, exists, sources, unresolved } = await readView(paths, viewOptionsOf(options.warn, options.env));
  const { authOrder, pluginPaths, secrets } = await readConfig(paths.configFile, options.warn);
  const now = options.now();
  const status = agentStatus(paths, store, exists, authOrder, now, { sources, unresolved });
  // SPEC 12: where a referenced secret lives, as the full status shows it.
  await addSecretPlaces(paths, store, status, secrets, options.env ?? process.env);
  const why = providerWhy(status, provider, explainOrder(store, provider, authOrder, now), paths.configFile);
  return { status, why, pluginsConfigured: pluginPaths.length > 0 };
}

const list = (ids: string[]) => ids.map((id) => printable(id)).join(', ');

/** An instant as a person reads it anywhere: `2027-01-15 08:25 UTC` (zh-Hant: `2027年1月15日 08:25（UTC）`). */
export function utcMinute(ms: number): string {
  return t('date.utcMinute', { date: formatDate(ms), time: new Date(ms).toISOString().slice(11, 16) });
}

/** Where the order comes from, in words, with the list as written. */
export function sourceLine(why: ProviderWhy): string {
  switch (why.source) {
    case 'store':
      return t('why.sourceStore', { ids: list(why.storeOrder ?? []) });
    case 'config':
      return t('why.sourceConfig', { file: why.configFile, ids: list(why.configOrder ?? []) });
    case 'automatic':
      return t('why.sourceAutomatic');
  }
}

/** What else bears on the order: lists that were set but not used, and entries that name no profile. */
export function orderNotes(why: ProviderWhy): string[] {
  const notes: string[] = [];
  if (why.source === 'store' && why.configOrder?.length) notes.push(t('why.noteBoth', { file: why.configFile }));
  if (why.source !== 'store' && why.storeOrder?.length) {
    notes.push(t('why.noteStoreUnused', { ids: list(why.storeOrder), provider: why.provider }));
  }
  if (why.source === 'automatic' && why.configOrder?.length) {
    notes.push(t('why.noteConfigUnused', { file: why.configFile, ids: list(why.configOrder), provider: why.provider }));
  }
  if (why.unknown.length) notes.push(t('why.noteUnknown', { provider: why.provider, ids: list(why.unknown) }));
  return notes;
}

/** One line: why the profile stands where it does. */
export function placementLine(why: ProviderWhy, p: ProfileWhy, now: number): string {
  const previous = p.position !== null && p.position > 1 ? why.order[p.position - 2] : null;
  const activeAnyway = p.active ? t('why.activeAnyway', { provider: why.provider }) : '';
  const noneUsable = p.active ? t('why.noneUsable', { provider: why.provider }) : '';
  const left = (window: { until: number; remainingMs: number } | null) =>
    t('why.until', { at: utcMinute(window?.until ?? now), left: formatDuration(window?.remainingMs ?? 0) });
  switch (p.placement) {
    case 'unlisted':
      return why.source === 'store' ? t('why.unlistedStore') : t('why.unlistedConfig');
    case 'relogin':
      return t('why.relogin', { reason: printable(p.reloginRequired?.reason ?? t('why.refused'), 60), more: noneUsable });
    case 'expired':
      return t('why.expired', { when: expiresIn(p.expires, now), more: noneUsable });
    case 'disabled':
      return p.disabled?.reason
        ? t('why.disabledWhy', { reason: printable(p.disabled.reason, 40), until: left(p.disabled), more: activeAnyway })
        : t('why.disabled', { until: left(p.disabled), more: activeAnyway });
    case 'cooldown':
      return t('why.cooldown', { until: left(p.cooldown), more: activeAnyway });
    case 'active':
      return t('why.active', { detail: describeProfile(p, now) });
    case 'usable':
      return t('why.usable', { previous: previous ?? '', detail: describeProfile(p, now) });
  }
}
