import { UserError } from '../../base/errors.js';
import { listOrNone, t } from '../../base/i18n/index.js';
import { warnOnStderr } from '../../base/io.js';
import { printable } from '../../base/text.js';
import { readConfig } from '../../env/config.js';
import type { AgentPaths } from '../../env/paths.js';
import { signInCommand, suggest } from '../../model/commands.js';
import { expiresIn } from '../../model/profile-state.js';
import { accessDue } from '../../model/token-life.js';
import { orderProfiles, profileIdsOf, providersOf } from '../../model/routing.js';
import { own, refOf, type AuthProfiles, type Credential } from '../../model/schema.js';
import { loadRegistry } from '../providers/registry.js';
import { unknownProviderError } from '../providers/unknown.js';
import { resolveSecretRef } from '../secrets/resolve.js';
import { refreshOpenAICodex } from './codex-refresh.js';
import { refreshAtOwner, refreshPlan } from './refresh-at-owner.js';
import { assertNoRelogin, refused, usable, type CredentialDeps, type UsableCredential } from './refresh-rules.js';
import { readView, viewOptionsOf, type Source } from './sources.js';
import { fromTool } from './tools.js';

export type { CredentialDeps, UsableCredential } from './refresh-rules.js';

/**
 * SPEC 4 and 11: a usable secret of `provider` (its active profile, or `profileId`), read in one direction:
 * its source (a profile of this agent, a linked profile of another, Codex CLI's or Claude Code's file) →
 * usable as it is? → else refreshed at its owner, which holds the lock and takes the write-back, so that any
 * number of concurrent callers, of every agent, make one refresh request between them.
 */
export async function getCredential(
  paths: AgentPaths,
  provider: string,
  profileId?: string,
  partial: Partial<CredentialDeps> = {},
): Promise<UsableCredential> {
  const deps = withDefaults(partial);
  const { id, credential, store, source } = await sourceOf(paths, provider, profileId, deps);
  // The owner's store, its lock, its hold-off and re-login marks: one expiry, one request for every agent.
  if (source?.kind === 'inherited') return { ...(await getCredential(source.ownerPaths, provider, source.ownerId, partial)), profileId: id };
  // A tool's file: Codex CLI's refreshed under this agent's lock and written back there; Claude Code's read only.
  if (source) return fromTool(paths, id, source, deps);
  return fromOwnProfile(paths, id, credential, store, deps);
}

interface Found {
  id: string;
  credential: Credential;
  /** The agent's view: its store with each link read through from its holder (SPEC 11). */
  store: AuthProfiles;
  /** Where the credential comes from when it is not this agent's own profile. */
  source: Source | undefined;
}

/** The profile asked for (or the provider's active one) as the agent sees it now, and its source. */
async function sourceOf(paths: AgentPaths, provider: string, profileId: string | undefined, deps: CredentialDeps): Promise<Found> {
  const { store, sources } = await readView(paths, viewOptionsOf(deps.warn, deps.env));
  const id = profileId ?? (await activeProfile(paths, store, provider, deps));
  const credential = store.profiles[id];
  if (!credential || credential.provider !== provider) {
    throw new UserError(t('cred.noProfile', { provider, id: printable(id), agent: paths.agentId, ids: listOrNone(profileIdsOf(store, provider)) }));
  }
  return { id, credential, store, source: own(sources, id) };
}

/** The provider's active profile (the configured order), or why there is none: what to sign in, or the id that is wrong. */
async function activeProfile(paths: AgentPaths, store: AuthProfiles, provider: string, deps: CredentialDeps): Promise<string> {
  const { authOrder } = await readConfig(paths.configFile, deps.warn);
  const active = orderProfiles(store, provider, authOrder, deps.now()).active;
  if (active) return active;
  // Signing in is suggested only for a provider that can sign in: an id that is not registered (a typo, or a
  // plugin's provider whose plugin is gone) is told so, with the nearest id when one is close.
  const registry = await loadRegistry(paths, { warn: deps.warn });
  const registered = registry.providers.map((p) => p.id);
  if (!registered.includes(provider)) {
    const stored = providersOf(store);
    if (!stored.includes(provider)) {
      throw unknownProviderError(provider, { agent: paths.agentId, registered, stored, failedPlugins: registry.errors.length });
    }
    const why = suggest(`models status --provider ${provider}`, { agent: paths.agentId });
    throw new UserError(t('cred.noActiveUnregistered', { provider, agent: paths.agentId, command: why }));
  }
  const login = signInCommand(provider, { agent: paths.agentId });
  throw new UserError(t('cred.noActive', { provider, agent: paths.agentId, command: login }));
}

/** A profile of this agent's own store: usable as it is, or (an OAuth grant that is due) refreshed here. */
async function fromOwnProfile(paths: AgentPaths, id: string, credential: Credential, store: AuthProfiles, deps: CredentialDeps): Promise<UsableCredential> {
  assertNoRelogin(paths, store, id, credential.provider, 'earlier');
  const now = deps.now();
  switch (credential.type) {
    case 'api_key':
      return usable(id, credential, false, undefined, await resolvedRef(paths, credential, deps));
    case 'token':
      if (credential.expires != null && credential.expires <= now) {
        const command = signInCommand(credential.provider, { agent: paths.agentId, profileId: id });
        throw new UserError(t('cred.tokenExpired', { id, when: expiresIn(credential.expires, now), command }));
      }
      return usable(id, credential, false, undefined, await resolvedRef(paths, credential, deps));
    case 'oauth': {
      const plan = await refreshPlan(paths, credential, deps);
      if (!accessDue(credential, now) && !refused(credential, deps)) return usable(id, credential, false, plan.secretOf);
      return refreshAtOwner(paths, id, credential, store, plan, deps, now);
    }
  }
}

/** SPEC 12: the secret a profile's reference points to, resolved at this use (never written back); undefined when it holds its own. */
async function resolvedRef(paths: AgentPaths, credential: Credential, deps: CredentialDeps): Promise<string | undefined> {
  const ref = refOf(credential);
  return ref ? resolveSecretRef(paths, ref, { env: deps.env, warn: deps.warn }) : undefined;
}

function withDefaults(partial: Partial<CredentialDeps>): CredentialDeps {
  const env = partial.env ?? process.env;
  return {
    now: partial.now ?? Date.now,
    warn: partial.warn ?? warnOnStderr,
    env,
    refresh: partial.refresh ?? ((token, { lockLost }) => refreshOpenAICodex(token, { env, lockLost })),
    ...(partial.lockWaitMs === undefined ? {} : { lockWaitMs: partial.lockWaitMs }),
    ...(partial.refreshTimeoutMs === undefined ? {} : { refreshTimeoutMs: partial.refreshTimeoutMs }),
    ...(partial.answerLockWaitMs === undefined ? {} : { answerLockWaitMs: partial.answerLockWaitMs }),
    ...(partial.refusedAccess === undefined ? {} : { refusedAccess: partial.refusedAccess }),
    ...(partial.markHoldOff === undefined ? {} : { markHoldOff: partial.markHoldOff }),
  };
}
