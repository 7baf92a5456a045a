import { checkExitCode, describeProfile, fixCommand, loadAgentStatus, type AgentStatus, type ProfileStatus } from '../../auth/status.js';
import { agentPaths, type AgentOption } from '../common.js';
import { print, printJson, type CliContext } from '../context.js';
import { colorEnabled, paint, type Paint } from '../style.js';

interface StatusOptions extends AgentOption {
  json?: boolean;
  check?: boolean;
}

export async function statusCommand(ctx: CliContext, options: StatusOptions): Promise<number> {
  const status = await loadAgentStatus(agentPaths(ctx, options), ctx);
  if (options.json) printJson(ctx, status);
  else printStatus(ctx, status, paint(colorEnabled(ctx.env, ctx.stdout)));
  return options.check ? checkExitCode(status) : 0;
}

const STATE_TONE: Record<ProfileStatus['state'], keyof Paint> = {
  ok: 'good',
  static: 'good',
  refreshable: 'good',
  expiring: 'warn',
  cooldown: 'warn',
  disabled: 'bad',
  expired: 'bad',
  relogin: 'bad',
};

function printStatus(ctx: CliContext, status: AgentStatus, c: Paint): void {
  const now = ctx.now();
  print(ctx, `${c.strong('Agent')} ${status.agent}`);
  print(ctx, `${c.muted('Store')} ${status.paths.store}${status.storeExists ? '' : c.muted(' (not created yet)')}`);
  if (status.profiles.length === 0) {
    print(ctx);
    print(ctx, 'No credentials yet. Sign in with:');
    print(ctx, `  ${c.accent('openclaw onboard')}`);
    return;
  }
  const fixes = new Set<string>();
  for (const [provider, order] of Object.entries(status.providers)) {
    print(ctx);
    const active = order.active ? `active ${order.active}` : 'no active profile';
    print(ctx, `${c.strong(provider)}  ${c.muted(`${active}; order: ${order.source}`)}`);
    for (const p of status.profiles.filter((profile) => profile.provider === provider)) {
      const mark = p.active ? '*' : ' ';
      const account = p.account ? c.muted(`  ${p.account}`) : '';
      print(ctx, ` ${mark} ${p.id}  ${p.type}  ${c[STATE_TONE[p.state]](p.state)}${account}`);
      print(ctx, `     ${c.muted(describeProfile(p, now))}`);
      const fix = fixCommand(p, status.agent);
      if (fix) fixes.add(fix);
    }
  }
  if (fixes.size) {
    print(ctx);
    print(ctx, 'To fix:');
    for (const fix of fixes) print(ctx, `  ${c.accent(fix)}`);
  }
}
