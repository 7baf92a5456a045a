import { Option } from 'commander';
import { checkExitCode, fixCommand, loadAgentStatus, profileGroups, type AgentStatus } from '../../auth/status.js';
import { colorEnabled, paint, type Paint } from '../../base/terminal.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { print, printJson, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';

interface StatusOptions extends AgentOption {
  json?: boolean;
  check?: boolean;
}

export const statusCommand = defineCommand<StatusOptions>({
  path: 'models status',
  about: 'profiles, their state and expiry, the active profile; never a secret',
  flags: [flag.json(), new Option('--check', 'exit 1 if something is expired, missing or needs re-login; 2 if expiring within 24 h')],
  async run(ctx, options) {
    const status = await loadAgentStatus(await resolveAgent(ctx, options), ctx);
    if (options.json) printJson(ctx, status);
    else printStatus(ctx, status, paint(colorEnabled(ctx.env, ctx.stdout)));
    return options.check ? checkExitCode(status) : 0;
  },
});

function printStatus(ctx: CliContext, status: AgentStatus, c: Paint): void {
  print(ctx, `${c.strong('Agent')} ${status.agent}`);
  print(ctx, `${c.muted('Store')} ${status.paths.store}${status.storeExists ? '' : c.muted(' (not created yet)')}`);
  if (status.profiles.length === 0) {
    print(ctx);
    print(ctx, 'No credentials yet. Sign in with:');
    print(ctx, `  ${c.accent('openclaw onboard')}`);
    return;
  }
  const fixes = new Set<string>();
  for (const group of profileGroups(status, ctx.now())) {
    print(ctx);
    const active = group.active ? `active ${group.active}` : 'no active profile';
    print(ctx, `${c.strong(group.provider)}  ${c.muted(`${active}; order: ${group.source}`)}`);
    for (const p of group.profiles) {
      const account = p.account ? c.muted(`  ${p.account}`) : '';
      print(ctx, ` ${p.active ? '*' : ' '} ${p.id}  ${p.type}  ${c[p.tone](p.state)}${account}`);
      print(ctx, `     ${c.muted(p.detail)}`);
      const fix = fixCommand({ id: p.id, provider: group.provider, state: p.state }, status.agent);
      if (fix) fixes.add(fix);
    }
  }
  if (fixes.size) {
    print(ctx);
    print(ctx, 'To fix:');
    for (const fix of fixes) print(ctx, `  ${c.accent(fix)}`);
  }
}
