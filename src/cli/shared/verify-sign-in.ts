import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import { checkBeforeStoring, checkWhy, type SignInCheck } from '../../auth/probe/verify.js';
import type { ProbeCredential } from '../../auth/probe/types.js';
import type { MethodProbe } from '../../auth/providers/types.js';
import { suggest } from '../../model/commands.js';
import type { CliContext } from '../context.js';
import { checkSignedIn } from '../../auth/probe/after-sign-in.js';
import type { AgentPaths } from '../../env/paths.js';
import { EXIT } from '../../base/errors.js';
import { signInCommand } from '../../model/commands.js';

/**
 * Issue 21: a pasted secret is checked with its provider before it is stored (one probe, a short budget).
 * Refused (401/403): nothing is saved, the command fails (exit 1) naming what to run again. No answer,
 * no network: it is kept, and the line after the save says it could not be checked. `verify: false`
 * (`--no-verify`) sends nothing.
 */
export async function checkBeforeSave(
  ctx: CliContext,
  credential: ProbeCredential,
  options: { verify: boolean; again: string; methodProbe?: MethodProbe },
): Promise<SignInCheck | null> {
  if (!options.verify) return null;
  return checkBeforeStoring(credential, {
    env: ctx.env,
    now: ctx.now,
    ...(options.methodProbe ? { methodProbe: options.methodProbe } : {}),
    refuse: (why) => new UserError(t('verify.refused', { provider: credential.provider, why, command: options.again })),
  });
}

/** The line said after the save: it works, or it could not be checked (and how to check it later). */
export function checkedLine(check: SignInCheck | null, target: { provider: string; profileId: string; agent: string }, now: number): string | null {
  if (check === null || check.kind === 'none' || check.kind === 'refused') return null;
  if (check.kind === 'ok') return t('verify.ok', { provider: target.provider });
  const why = checkWhy(check, target.provider, now);
  return t('verify.unchecked', { why, command: suggest(`models status --probe --provider ${target.provider}`, target) });
}

/** What --json says of the check: `ok`, `unchecked`, or null when none was made. */
export function checkedJson(check: SignInCheck | null): { result: 'ok' | 'unchecked'; bucket: string; reasonCode: string } | null {
  if (check === null || check.kind === 'none' || check.kind === 'refused') return null;
  return { result: check.kind, bucket: check.outcome.bucket, reasonCode: check.outcome.reasonCode };
}

type ClackLog = { success(text: string, io: object): void; warn(text: string, io: object): void; error(text: string, io: object): void; message(text: string, io: object): void };

/**
 * After an OAuth line sign-in wrote its profile (issue 21): one probe of it, said in the session's log:
 * it works (with a ChatGPT plan's usage windows), could not be checked, or is refused (exit 1; the grant
 * is kept, as the provider has just issued it). `verify: false` checks nothing.
 */
export async function reportSignedIn(
  ctx: CliContext,
  log: ClackLog,
  io: object,
  paths: AgentPaths,
  target: { provider: string; profileId: string; verify: boolean; say: (text: string) => string },
): Promise<number> {
  if (!target.verify) return EXIT.ok;
  const checked = await checkSignedIn(paths, target.profileId, { env: ctx.env, warn: ctx.warn, now: ctx.now });
  if (checked === null) return EXIT.ok;
  if (checked.kind === 'ok') {
    log.success(target.say(t('verify.ok', { provider: target.provider })), io);
    if (checked.details?.length) log.message(checked.details.join('\n'), io);
    return EXIT.ok;
  }
  if (checked.kind === 'unchecked') {
    const command = suggest(`models status --probe --provider ${target.provider}`, { agent: paths.agentId, profileId: target.profileId, provider: target.provider });
    log.warn(target.say(t('verify.unchecked', { why: checked.why, command })), io);
    return EXIT.ok;
  }
  const command = signInCommand(target.provider, { agent: paths.agentId, profileId: target.profileId });
  log.error(target.say(t('verify.oauthRefused', { provider: target.provider, why: checked.why, command })), io);
  return EXIT.failed;
}
