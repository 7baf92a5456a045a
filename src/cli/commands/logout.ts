import { listOrNone, t } from '../../base/i18n/index.js';
import { option } from '../shared/commander.js';
import { profileIdsOf } from '../../model/routing.js';
import { refOf } from '../../model/schema.js';
import { isKeychainRef } from '../../model/secret-ref.js';
import { agentsLinkingTo } from '../../store/agents.js';
import { signInCommand } from '../../model/commands.js';
import { removeProfiles } from '../../store/profiles.js';
import { readStore, updateStore } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { print, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider, profileIdFor } from '../shared/options.js';
import { EXIT, UserError } from '../../base/errors.js';
import { echoed } from '../../base/redact.js';
import type { AuthProfiles } from '../../model/schema.js';

interface LogoutOptions extends AgentOption {
  provider: string;
  profileId?: string;
  all?: boolean;
}

export const logoutCommand = defineCommand<LogoutOptions>({
  path: 'models auth logout',
  about: () => t('help.logout'),
  flags: () => [flag.provider(), flag.profileId(t('help.flag.profileIdRemove')), option('--all', t('help.logout.all'))],
  run: logout,
});

async function logout(ctx: CliContext, options: LogoutOptions): Promise<number> {
  const provider = assertProvider(options.provider);
  if (options.all && options.profileId) throw new UserError(t('logout.both'), EXIT.usage);
  const wanted = options.profileId === undefined ? undefined : profileIdFor(provider, options.profileId);
  const paths = await resolveAgent(ctx, options);

  const { store } = await readStore(paths, { warn: ctx.warn });
  const choose = (ids: string[]): string[] => {
    if (ids.length === 0) throw new UserError(t('logout.nothing', { provider, agent: paths.agentId }));
    if (options.all) return ids;
    if (wanted !== undefined) {
      if (!ids.includes(wanted)) throw new UserError(t('logout.noProfile', { id: echoed(wanted, 64, { quote: false }), provider, ids: listOrNone(ids) }));
      return [wanted];
    }
    if (ids.length === 1) return ids;
    throw new UserError(t('logout.several', { provider, n: ids.length, ids: ids.join(', ') }), EXIT.usage);
  };
  choose(removableIds(store, provider));

  // Chosen again under the lock: the store may have changed since it was read.
  const { result: removed } = await updateStore(
    paths,
    (draft) => {
      const ids = choose(removableIds(draft, provider));
      const links = ids.filter((id) => !Object.hasOwn(draft.profiles, id)).map((id) => [id, holderName(draft.links![id]!)] as const);
      // SPEC 12: the keychain items these profiles name go with them (after the store is written).
      const keychainIds = ids.flatMap((id) => (Object.hasOwn(draft.profiles, id) ? [refOf(draft.profiles[id]!)] : [])).flatMap((ref) => (ref && isKeychainRef(ref) ? [ref.id] : []));
      // A link goes alone: the grant stays with its holder (SPEC 11).
      removeProfiles(draft, ids);
      return { ids, links, keychainIds };
    },
    { warn: ctx.warn, now: ctx.now },
  );
  const own = removed.ids.filter((id) => !removed.links.some(([link]) => link === id));
  if (own.length) print(ctx, t('logout.removed', { ids: own.join(', '), file: paths.storeFile }));
  for (const [id, owner] of removed.links) print(ctx, t('logout.unlinked', { ids: id, agent: paths.agentId, owner }));
  // SPEC 11: the agents that used these grants by reference have no sign-in for them now: named, with the fix.
  if (own.length) {
    for (const broken of await agentsLinkingTo(ctx.env, paths.agentId, own, ctx.warn)) {
      print(ctx, t('logout.brokeLink', { agent: broken.agent, ids: broken.ids.join(', '), command: signInCommand(provider, { agent: broken.agent }) }));
    }
  }
  if (removed.keychainIds.length > 0) {
    const { removeKeychainItem } = await import('../shared/secret-storage.js');
    for (const id of removed.keychainIds) await removeKeychainItem(ctx, id);
  }
  return 0;
}

/** Who keeps a link's sign-in, in words: "agent main", "Codex CLI", "Claude Code". */
function holderName(link: { agent?: string; tool?: string }): string {
  if (link.agent !== undefined) return t('holder.nameAgent', { agent: link.agent });
  if (link.tool === 'codex-cli') return t('holder.name.codex-cli');
  return link.tool === 'claude-cli' ? t('holder.name.claude-cli') : (link.tool ?? '?');
}

/** The provider's profiles and links (SPEC 11: a link is removed on its own, its holder keeps the grant). */
function removableIds(store: AuthProfiles, provider: string): string[] {
  const links = Object.entries(store.links ?? {}).filter(([id, link]) => link.provider === provider && !Object.hasOwn(store.profiles, id)).map(([id]) => id);
  return [...profileIdsOf(store, provider), ...links];
}
