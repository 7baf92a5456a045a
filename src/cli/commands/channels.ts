import { readStore } from '../../store/store.js';
import { agentPaths, type AgentOption } from '../common.js';
import { print, printJson, type CliContext } from '../context.js';

/** Chat channels live elsewhere in OpenClaw; this lists the auth profiles channels can use. */
export async function channelsListCommand(ctx: CliContext, options: AgentOption & { json?: boolean }): Promise<number> {
  const { store } = await readStore(agentPaths(ctx, options), { warn: ctx.warn });
  const auth = Object.entries(store.profiles)
    .map(([id, p]) => ({ id, provider: p.provider, type: p.type, isExternal: false }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  if (options.json) {
    printJson(ctx, { chat: {}, auth });
    return 0;
  }
  print(ctx, 'Chat channels: none configured.');
  print(ctx, auth.length ? 'Auth profiles:' : 'Auth profiles: none (run openclaw onboard).');
  for (const p of auth) print(ctx, `  ${p.id}  ${p.type}`);
  return 0;
}
