import { existsSync } from 'node:fs';
import { t } from '../../base/i18n/index.js';
import { EXIT, UserError } from '../../base/errors.js';
import type { Paint } from '../../base/terminal.js';
import { PROBE_DEADLINE_MS } from '../../auth/probe/http.js';
import { probeProfiles, type ProbeResult } from '../../auth/probe/run.js';
import type { AgentPaths } from '../../env/paths.js';
import { quotaLines, reasonLine } from '../../auth/probe/words.js';
import { signInCommand, suggest } from '../../model/commands.js';
import { print, printJson, type CliContext } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider, profileIdFor } from '../shared/options.js';

export interface ProbeFlags extends AgentOption {
  json?: boolean;
  provider?: string;
  profileId?: string;
}

/**
 * `models status --probe`: each profile checked live (src/auth/probe), its bucket and reason code, what it
 * tells of its quota; text or --json (never a secret: a result holds none). Exit 0 when every one works.
 */
export async function runProbe(
  ctx: CliContext,
  options: ProbeFlags,
  c: Paint,
  printHeader: (status: { agent: string; paths: { store: string }; storeExists: boolean }) => void,
): Promise<number> {
  const provider = options.provider === undefined ? undefined : assertProvider(options.provider);
  let profileId: string | undefined;
  if (options.profileId !== undefined) {
    const given = options.profileId;
    if (provider === undefined && !given.includes(':')) throw new UserError(t('probe.profileIdNeedsProvider'), EXIT.usage);
    profileId = profileIdFor(provider ?? given.slice(0, given.indexOf(':')), given);
  }
  const paths = await resolveAgent(ctx, options);
  const results = await probeProfiles(paths, {
    env: ctx.env,
    warn: ctx.warn,
    now: ctx.now,
    ...(provider === undefined ? {} : { provider }),
    ...(profileId === undefined ? {} : { profileId }),
  });
  const ok = results.length > 0 && results.every((r) => r.bucket === 'ok');
  if (options.json) {
    printJson(ctx, { agent: paths.agentId, deadlineMs: PROBE_DEADLINE_MS, ok, results });
    return ok ? EXIT.ok : EXIT.failed;
  }
  printHeader({ agent: paths.agentId, paths: { store: paths.storeFile }, storeExists: existsSync(paths.storeFile) });
  print(ctx);
  if (results.length === 0) {
    print(ctx, t('probe.none'));
    return EXIT.failed;
  }
  print(ctx, c.strong(t('probe.title', { seconds: PROBE_DEADLINE_MS / 1000 })));
  const fixes = new Set<string>();
  const now = ctx.now();
  for (const r of results) {
    const tone = r.bucket === 'ok' ? c.ok : r.bucket === 'auth' || r.bucket === 'billing' ? c.error : c.warn;
    print(ctx, `  ${r.profileId}  ${r.type}  ${tone(r.bucket)}  ${c.muted(r.reasonCode)}`);
    print(ctx, `     ${reasonLine(r, now)}`);
    for (const line of quotaLines(r.quota, now)) print(ctx, `     ${c.muted(line)}`);
    const fix = probeFix(r, paths);
    if (fix) fixes.add(fix);
  }
  print(ctx);
  const bad = results.filter((r) => r.bucket !== 'ok').length;
  print(ctx, bad === 0 ? t('probe.allOk', { n: results.length }) : t('probe.someBad', { bad, n: results.length }));
  if (fixes.size > 0) {
    print(ctx, t('status.toFix'));
    for (const fix of fixes) print(ctx, `  ${c.accent(fix)}`);
  }
  return ok ? EXIT.ok : EXIT.failed;
}

/**
 * What fixes a result: a setting to correct (a reference that does not resolve, SPEC 12; a proxy variable
 * that is not an address), else a sign-in for a secret the provider refused.
 */
function probeFix(r: ProbeResult, paths: AgentPaths): string | null {
  const again = probeCommand(paths.agentId);
  if (r.reasonCode === 'unresolved_ref') {
    return r.refVariable ? t('probe.fix.setVariable', { name: r.refVariable, command: again }) : t('probe.fix.ref', { ref: r.ref ?? '-', file: paths.configFile, command: again });
  }
  if (r.reasonCode === 'proxy_invalid') return t('probe.fix.proxy', { name: r.variable ?? '-' });
  // SPEC 11: Claude Code renews its own sign-in when it runs; a setup-token over the profile would replace the link.
  if (r.owner === 'claude-cli' && r.reasonCode === 'expired') return 'claude';
  return r.bucket === 'auth' ? signInCommand(r.provider, { agent: paths.agentId, profileId: r.profileId }) : null;
}

/** The command that checks an agent's profiles live. */
export const probeCommand = (agent: string) => suggest('models status --probe', { agent });
