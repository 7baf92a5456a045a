import { t } from '../../base/i18n/index.js';
import { option } from '../shared/commander.js';
import { checkExitCode, loadAgentStatus, type AgentStatus } from '../../auth/routing/status.js';
import { fixCommand, holderWarnings, profileGroups, secretLine } from '../../auth/routing/status-lines.js';
import { loadProviderWhy, orderNotes, placementLine, sourceLine, type ProviderWhy } from '../../auth/routing/status-why.js';
import { printable } from '../../base/text.js';
import { EXIT, UserError } from '../../base/errors.js';
import { colorEnabled, displayWidth, padEnd, paint, type Paint } from '../../base/terminal.js';
import { signInCommand, suggest } from '../../model/commands.js';
import { STATE_TONE, stateLabel } from '../../model/profile-state.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { print, printJson, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider } from '../shared/options.js';

interface StatusOptions extends AgentOption {
  json?: boolean;
  check?: boolean;
  provider?: string;
  probe?: boolean;
  profileId?: string;
}

export const statusCommand = defineCommand<StatusOptions>({
  path: 'models status',
  about: () => t('help.status'),
  flags: () => [
    option('--provider <provider>', t('help.status.provider')),
    flag.json(),
    option('--check', t('help.status.check')),
    option('--probe', t('help.status.probe')).conflicts('check'),
    option('--profile-id <id>', t('help.status.profileId')),
  ],
  async run(ctx, options) {
    const c = paint(colorEnabled(ctx.env, ctx.stdout));
    if (options.probe) {
      // Issue 21: a live check, in its own module (it sends requests; plain status never does).
      const { runProbe } = await import('./status-probe.js');
      return runProbe(ctx, options, c, (paths) => printHeader(ctx, paths, c));
    }
    if (options.provider !== undefined) {
      const provider = assertProvider(options.provider);
      const { status, why, pluginsConfigured } = await loadProviderWhy(await resolveAgent(ctx, options), provider, ctx);
      // A provider with profiles is known; only one without is checked, loading the built-ins list for that.
      let notBuiltIn: string | null = null;
      if (!status.profiles.some((p) => p.provider === provider)) {
        try {
          notBuiltIn = (await import('../shared/unknown-provider.js')).notBuiltIn(status, provider, pluginsConfigured);
        } catch (error) {
          // SPEC 6: under --check, 2 means "expiring soon"; a provider that is not there is "missing", 1.
          if (options.check && error instanceof UserError) throw new UserError(error.message, EXIT.failed);
          throw error;
        }
      }
      if (options.json) printJson(ctx, why);
      else printWhy(ctx, why, c, notBuiltIn);
      return options.check ? checkExitCode({ ...status, profiles: why.profiles }) : 0;
    }
    const status = await loadAgentStatus(await resolveAgent(ctx, options), ctx);
    // SPEC 11: one line each, on stderr, so that --json stays JSON.
    for (const line of holderWarnings(status)) ctx.warn(line);
    if (options.json) printJson(ctx, status);
    else printStatus(ctx, status, c);
    return options.check ? checkExitCode(status) : 0;
  },
});

function printHeader(ctx: CliContext, status: Pick<AgentStatus, 'agent' | 'storeExists'> & { paths: Pick<AgentStatus['paths'], 'store'> }, c: Paint): void {
  const [agent, store] = aligned([t('status.agent'), t('status.store')]);
  print(ctx, `${c.strong(agent!)} ${status.agent}`);
  print(ctx, `${c.muted(store!)} ${status.paths.store}${status.storeExists ? '' : c.muted(t('status.notCreated'))}`);
}

/** Labels padded to the widest by display width: a Chinese label takes two columns a character. */
function aligned(labels: string[]): string[] {
  const width = Math.max(...labels.map(displayWidth));
  return labels.map((label) => padEnd(label, width));
}

function printFixes(ctx: CliContext, fixes: Set<string>, c: Paint): void {
  if (fixes.size === 0) return;
  print(ctx);
  print(ctx, t('status.toFix'));
  for (const fix of fixes) print(ctx, `  ${c.accent(fix)}`);
}

function printStatus(ctx: CliContext, status: AgentStatus, c: Paint): void {
  printHeader(ctx, status, c);
  if (status.profiles.length === 0) {
    print(ctx);
    print(ctx, t('status.empty'));
    print(ctx, `  ${c.accent(suggest('onboard', { agent: status.agent }))}`);
    return;
  }
  const fixes = new Set<string>();
  for (const group of profileGroups(status, ctx.now())) {
    print(ctx);
    const source = t(`source.${group.source}`);
    const active = group.active ? t('status.active', { id: group.active, source }) : t('status.noActive', { source });
    print(ctx, `${c.strong(group.provider)}  ${c.muted(active)}`);
    for (const p of group.profiles) {
      const account = p.account ? c.muted(`  ${p.account}`) : '';
      print(ctx, ` ${p.active ? '*' : ' '} ${p.id}  ${p.type}  ${c[p.tone](stateLabel(p.state))}${account}`);
      print(ctx, `     ${c.muted(p.detail)}`);
      if (p.secret) print(ctx, `     ${c.muted(p.secret)}`);
      if (p.holder) print(ctx, `     ${c.muted(p.holder)}`);
      const fix = fixCommand({ id: p.id, provider: group.provider, state: p.state, type: p.type, owner: p.owner }, status.agent);
      if (fix) fixes.add(fix);
    }
  }
  printFixes(ctx, fixes, c);
}

/** `models status --provider p`: the order, where it comes from, and one line of why for each profile. */
function printWhy(ctx: CliContext, why: ProviderWhy, c: Paint, notBuiltIn: string | null): void {
  printHeader(ctx, why, c);
  print(ctx);
  if (notBuiltIn !== null) {
    print(ctx, notBuiltIn);
    return;
  }
  if (why.profiles.length === 0) {
    print(ctx, t('status.emptyProvider', { provider: why.provider, agent: why.agent }));
    print(ctx, `  ${c.accent(signInCommand(why.provider, { agent: why.agent }))}`);
    return;
  }
  const [from, effect, active] = aligned([t('status.orderFrom'), t('status.inEffect'), t('status.activeLabel')]);
  print(ctx, c.strong(why.provider));
  print(ctx, `  ${c.muted(from!)} ${sourceLine(why)}`);
  print(ctx, `  ${c.muted(effect!)} ${why.order.join(', ')}${c.muted(t('status.lastNote'))}`);
  print(ctx, `  ${c.muted(active!)} ${why.active ?? t('status.none')}`);
  for (const note of orderNotes(why)) print(ctx, `  ${c.muted(note)}`);
  print(ctx);
  const fixes = new Set<string>();
  const now = ctx.now();
  for (const p of why.profiles) {
    const place = p.position === null ? '- ' : `${p.position}.`;
    const account = p.account ? c.muted(`  ${printable(p.account)}`) : '';
    print(ctx, ` ${p.active ? '*' : ' '} ${place} ${p.id}  ${p.type}  ${c[STATE_TONE[p.state]](stateLabel(p.state))}${account}`);
    print(ctx, `      ${placementLine(why, p, now)}`);
    const secret = secretLine(p, why.agent);
    if (secret) print(ctx, `      ${c.muted(secret)}`);
    const fix = fixCommand(p, why.agent);
    if (fix) fixes.add(fix);
  }
  printFixes(ctx, fixes, c);
}
