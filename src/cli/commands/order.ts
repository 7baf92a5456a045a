import { Argument } from 'commander';
import { fromStore } from '../../auth/status.js';
import { readConfig } from '../../env/config.js';
import { orderProfiles, profileIdsOf } from '../../model/routing.js';
import { own } from '../../model/schema.js';
import { readStore, updateStore } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { print, printJson, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider, listOrNone, profileIdFor } from '../shared/options.js';
import { EXIT, UserError } from '../../base/errors.js';
import { echoed } from '../../base/redact.js';

interface OrderOptions extends AgentOption {
  provider: string;
  json?: boolean;
}

type OrderAction = 'get' | 'set' | 'clear';

export const orderCommand = defineCommand<OrderOptions, [OrderAction, string[]]>({
  path: 'models auth order',
  about: "get, set or clear the provider's profile order",
  args: [new Argument('<action>', 'get | set | clear').choices(['get', 'set', 'clear']), new Argument('[ids...]', 'profile ids, best first (for set)')],
  flags: [flag.provider(), flag.json()],
  run: (ctx, options, action, ids) => order(ctx, action, ids, options),
});

async function order(ctx: CliContext, action: OrderAction, ids: string[], options: OrderOptions): Promise<number> {
  const provider = assertProvider(options.provider);
  if (action !== 'set' && ids.length) throw new UserError(`order ${action} takes no profile ids.`, EXIT.usage);
  const wanted = action === 'set' ? ids.map((id) => profileIdFor(provider, id)) : [];
  const paths = await resolveAgent(ctx, options);

  if (action === 'get') {
    const { store } = await readStore(paths, { warn: ctx.warn });
    const stored = own(store.order, provider)?.map((id) => fromStore(id, 80)) ?? null;
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
    const duplicate = wanted.find((id, i) => wanted.indexOf(id) !== i);
    if (duplicate) throw new UserError(`${echoed(duplicate, 64, { quote: false })} is listed twice.`, EXIT.usage);
    await updateStore(
      paths,
      (draft) => {
        const known = profileIdsOf(draft, provider);
        const unknown = wanted.filter((id) => !known.includes(id));
        if (unknown.length) {
          throw new UserError(`Unknown ${provider} profile ${unknown.map((id) => echoed(id, 64, { quote: false })).join(', ')}. Profiles there are: ${listOrNone(known)}.`);
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
