import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import { checkSignIn, type SignInCheck } from '../../auth/probe/verify.js';
import type { ProbeCredential } from '../../auth/probe/types.js';
import { reasonLine } from '../../auth/probe/words.js';
import type { MethodProbe } from '../../auth/providers/types.js';
import { suggest } from '../../model/commands.js';
import type { CliContext } from '../context.js';

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
  const check = await checkSignIn(credential, { env: ctx.env, now: ctx.now, ...(options.methodProbe ? { methodProbe: options.methodProbe } : {}) });
  if (check.kind === 'refused') {
    throw new UserError(t('verify.refused', { provider: credential.provider, why: reasonLine({ ...check.outcome, provider: credential.provider }, ctx.now()), command: options.again }));
  }
  return check;
}

/** The line said after the save: it works, or it could not be checked (and how to check it later). */
export function checkedLine(check: SignInCheck | null, target: { provider: string; profileId: string; agent: string }, now: number): string | null {
  if (check === null || check.kind === 'none' || check.kind === 'refused') return null;
  if (check.kind === 'ok') return t('verify.ok', { provider: target.provider });
  const why = reasonLine({ ...check.outcome, provider: target.provider }, now);
  return t('verify.unchecked', { why, command: suggest(`models status --probe --provider ${target.provider}`, target) });
}

/** What --json says of the check: `ok`, `unchecked`, or null when none was made. */
export function checkedJson(check: SignInCheck | null): { result: 'ok' | 'unchecked'; bucket: string; reasonCode: string } | null {
  if (check === null || check.kind === 'none' || check.kind === 'refused') return null;
  return { result: check.kind, bucket: check.outcome.bucket, reasonCode: check.outcome.reasonCode };
}
