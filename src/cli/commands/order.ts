import { listOrNone, t } from '../../base/i18n/index.js';
import { argument } from '../shared/commander.js';
import { fromStore } from '../../auth/routing/status.js';
import { readConfig } from '../../env/config.js';
import { namedIdsOf, orderProfiles } from '../../model/routing.js';
import { readView, viewOptionsOf } from '../../auth/credentials/sources.js';
import { own } from '../../model/schema.js';
import { updateStore } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { print, printJson, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider, profileIdFor } from '../shared/options.js';
import { EXIT, UserError } from '../../base/errors.js';
import { echoed } from '../../base/redact.js';

interface OrderOptions extends AgentOption {
  provider: string;
  json?: boolean;
}

type OrderAction = 'get' | 'set' | 'clear';

export const orderCommand = defineCommand<OrderOptions, [OrderAction, string[]]>({
  path: 'models auth order',
  about: () => t('help.order'),
  args: () => [argument('<action>', t('help.order.action')).choices(['get', 'set', 'clear']), argument('[ids...]', t('help.order.ids'))],
  flags: () => [flag.provider(), flag.json()],
  run: (ctx, options, action, ids) => order(ctx, action, ids, options),
});

async function order(ctx: CliContext, action: OrderAction, ids: string[], options: OrderOptions): Promise<number> {
  const provider = assertProvider(options.provider);
  if (action !== 'set' && ids.length) throw new UserError(t('order.noIds', { action }), EXIT.usage);
  const wanted = action === 'set' ? ids.map((id) => profileIdFor(provider, id, { command: 'models auth order set' })) : [];
  const paths = await resolveAgent(ctx, options);

  if (action === 'get') {
    // SPEC 11: linked and external profiles take their place in the order as status shows it.
    const { store } = await readView(paths, viewOptionsOf(ctx.warn, ctx.env));
    const stored = own(store.order, provider)?.map((id) => fromStore(id, 80)) ?? null;
    const effective = orderProfiles(store, provider, (await readConfig(paths.configFile, ctx.warn)).authOrder, ctx.now());
    if (options.json) {
      printJson(ctx, { provider, order: stored, effective: effective.ids, active: effective.active, source: effective.source });
    } else {
      print(ctx, stored ? t('order.get', { provider, ids: stored.join(', ') }) : t('order.getNone', { provider }));
      print(ctx, t('order.inEffect', { source: t(`source.${effective.source}`), ids: listOrNone(effective.ids) }));
    }
    return 0;
  }

  if (action === 'set') {
    if (ids.length === 0) throw new UserError(t('order.setNeedsIds'), EXIT.usage);
    const duplicate = wanted.find((id, i) => wanted.indexOf(id) !== i);
    if (duplicate) throw new UserError(t('order.twice', { id: echoed(duplicate, 64, { quote: false }) }), EXIT.usage);
    await updateStore(
      paths,
      (draft) => {
        const known = namedIdsOf(draft, provider);
        const unknown = wanted.filter((id) => !known.includes(id));
        if (unknown.length) {
          throw new UserError(t('order.unknown', { provider, ids: unknown.map((id) => echoed(id, 64, { quote: false })).join(', '), known: listOrNone(known) }));
        }
        draft.order = { ...draft.order, [provider]: wanted };
      },
      { warn: ctx.warn, now: ctx.now },
    );
    print(ctx, t('order.get', { provider, ids: wanted.join(', ') }));
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
  print(ctx, t('order.cleared', { provider }));
  return 0;
}
