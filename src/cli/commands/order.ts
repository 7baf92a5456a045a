import { readConfig } from '../../env/config.js';
import { orderProfiles, profileIdsOf } from '../../auth/routing.js';
import { readStore, updateStore } from '../../store/store.js';
import { agentPaths, assertProvider, listOrNone, profileIdFor, type AgentOption } from '../common.js';
import { print, printJson, type CliContext } from '../context.js';
import { EXIT, UserError } from '../errors.js';

interface OrderOptions extends AgentOption {
  provider: string;
  json?: boolean;
}

export async function orderCommand(
  ctx: CliContext,
  action: 'get' | 'set' | 'clear',
  ids: string[],
  options: OrderOptions,
): Promise<number> {
  const provider = assertProvider(options.provider);
  const paths = agentPaths(ctx, options);
  if (action !== 'set' && ids.length) throw new UserError(`order ${action} takes no profile ids.`, EXIT.usage);

  if (action === 'get') {
    const { store } = await readStore(paths, { warn: ctx.warn });
    const stored = store.order?.[provider] ?? null;
    const effective = orderProfiles(store, provider, (await readConfig(paths.configFile, ctx.warn)).authOrder, ctx.now());
    if (options.json) {
      printJson(ctx, { provider, order: stored, effective: effective.ids, active: effective.active, source: effective.source });
    } else {
      print(ctx, stored ? `${provider} order: ${stored.join(', ')}` : `${provider}: no order set in the store.`);
      print(ctx, `in effect (${effective.source}): ${listOrNone(effective.ids)}`);
    }
    return 0;
  }

  if (action === 'set') {
    if (ids.length === 0) throw new UserError('order set needs at least one profile id, best first.', EXIT.usage);
    const wanted = ids.map((id) => profileIdFor(provider, id));
    const duplicate = wanted.find((id, i) => wanted.indexOf(id) !== i);
    if (duplicate) throw new UserError(`${duplicate} is listed twice.`, EXIT.usage);
    await updateStore(
      paths,
      (draft) => {
        const known = profileIdsOf(draft, provider);
        const unknown = wanted.filter((id) => !known.includes(id));
        if (unknown.length) {
          throw new UserError(`Unknown ${provider} profile ${unknown.join(', ')}. Profiles there are: ${listOrNone(known)}.`);
        }
        draft.order = { ...draft.order, [provider]: wanted };
      },
      { warn: ctx.warn, now: ctx.now },
    );
    print(ctx, `${provider} order: ${wanted.join(', ')}`);
    return 0;
  }

  await updateStore(
    paths,
    (draft) => {
      if (draft.order) {
        delete draft.order[provider];
        if (Object.keys(draft.order).length === 0) delete draft.order;
      }
    },
    { warn: ctx.warn, now: ctx.now },
  );
  print(ctx, `${provider} order cleared; profiles are used in automatic order.`);
  return 0;
}
