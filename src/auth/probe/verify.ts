import { deadline } from '../../base/deadline.js';
import { UserError } from '../../base/errors.js';
import type { Env } from '../../base/io.js';
import { own } from '../../model/schema.js';
import type { MethodProbe } from '../providers/types.js';
import { BUILTIN_PROBES } from './builtin.js';
import { PROBE_DEADLINE_MS, sendProbe } from './http.js';
import type { ProbeCredential, ProbeOutcome, ProbeRequest } from './types.js';
import { reasonLine } from './words.js';

/**
 * What a sign-in's check found (issue 21): `ok`; `refused` (401/403: the secret is not kept);
 * `unchecked` (no answer in time, no network, or an answer that says nothing of the secret: it is kept);
 * `none` (the provider has no probe).
 */
export type SignInCheck =
  | { kind: 'ok'; outcome: ProbeOutcome }
  | { kind: 'refused'; outcome: ProbeOutcome }
  | { kind: 'unchecked'; outcome: ProbeOutcome }
  | { kind: 'none' };

/** The provider refused a secret that was about to be stored: nothing was stored; the step asks again. */
export class SecretRefusedError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'SecretRefusedError';
  }
}

/**
 * What a sign-in's check found, in words, as the wizard's status screen and an OAuth line sign-in say it:
 * `details` are what the answer told (usage windows, credit); `why` is the outcome's reason.
 */
export type SignInChecked = { kind: 'ok'; details?: string[] } | { kind: 'unchecked'; why: string } | { kind: 'refused'; why: string };

/** A sign-in's budget: one probe, cut at this. */
export const SIGN_IN_CHECK_MS = PROBE_DEADLINE_MS;

/**
 * One probe of a secret that is about to be stored (a pasted setup-token, token or API key): the provider's
 * built-in probe, else the method's own (a plugin's). It sends the secret to its provider only.
 */
export async function checkSignIn(
  credential: ProbeCredential,
  options: { env: Env; now: () => number; methodProbe?: MethodProbe; timeoutMs?: number; signal?: AbortSignal },
): Promise<SignInCheck> {
  const request = await requestOf(credential, options.methodProbe);
  if (!request) return { kind: 'none' };
  // A timer of its own, not AbortSignal.timeout: inside AbortSignal.any that can be collected unfired (src/base/deadline.ts).
  const limit = deadline(options.timeoutMs ?? SIGN_IN_CHECK_MS);
  let outcome: ProbeOutcome;
  try {
    const signal = options.signal ? AbortSignal.any([options.signal, limit.signal]) : limit.signal;
    outcome = await sendProbe(request, { env: options.env, signal, now: options.now });
  } finally {
    limit.clear();
  }
  if (options.signal?.aborted) throw options.signal.reason;
  if (outcome.bucket === 'ok') return { kind: 'ok', outcome };
  if (outcome.bucket === 'auth') return { kind: 'refused', outcome };
  return { kind: 'unchecked', outcome };
}

/** Why a check came out as it did, in words (the refusal's reason, or why it could not be checked). */
export function checkWhy(check: Exclude<SignInCheck, { kind: 'none' }>, provider: string, now: number): string {
  return reasonLine({ ...check.outcome, provider }, now);
}

/**
 * checkSignIn before a pasted secret is saved (issue 21): refused (401/403), it throws what `refuse` makes
 * of the reason (each caller its own error and words: a line command fails, the wizard's field asks again),
 * so that nothing is saved; anything else is returned.
 */
export async function checkBeforeStoring(
  credential: ProbeCredential,
  options: { env: Env; now: () => number; methodProbe?: MethodProbe; refuse: (why: string) => Error },
): Promise<Exclude<SignInCheck, { kind: 'refused' }>> {
  const check = await checkSignIn(credential, { env: options.env, now: options.now, ...(options.methodProbe ? { methodProbe: options.methodProbe } : {}) });
  if (check.kind === 'refused') throw options.refuse(checkWhy(check, credential.provider, options.now()));
  return check;
}

/**
 * A built-in provider's probe, else the one its method declares (a plugin's), checked: an https URL and
 * string headers; a method's probe that throws or names anything else gives none.
 */
export async function requestOf(credential: ProbeCredential, methodProbe: MethodProbe | undefined): Promise<ProbeRequest | null> {
  const builtin = own(BUILTIN_PROBES, credential.provider);
  if (builtin) return builtin(credential);
  if (!methodProbe) return null;
  try {
    const asked = await methodProbe({ secret: credential.secret, type: credential.type, ...(credential.accountId ? { accountId: credential.accountId } : {}) });
    if (typeof asked?.url !== 'string' || !asked.url.startsWith('https://')) return null;
    return { url: asked.url, headers: Object.fromEntries(Object.entries(asked.headers ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string')) };
  } catch {
    return null;
  }
}
