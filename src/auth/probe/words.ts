import { t, type MessageKey } from '../../base/i18n/index.js';
import { expiresIn, formatDuration } from '../../model/profile-state.js';
import { PROBE_DEADLINE_MS } from './http.js';
import type { ProbeOutcome, ProbeReason, Quota } from './types.js';

/** How a probe's outcome and quota read, on the command line and in the wizard alike. */

/** A moment as both languages can read it: the UTC date and time. */
const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Each reason code's words (a table, so that the catalogue check sees every key looked up). */
const REASON_WORDS = {
  ok: 'probe.reason.ok',
  missing_credential: 'probe.reason.missing_credential',
  expired: 'probe.reason.expired',
  unresolved_ref: 'probe.reason.unresolved_ref',
  relogin_required: 'probe.reason.relogin_required',
  proxy_invalid: 'probe.reason.proxy_invalid',
  unauthorized: 'probe.reason.unauthorized',
  forbidden: 'probe.reason.forbidden',
  refresh_failed: 'probe.reason.refresh_failed',
  rate_limited: 'probe.reason.rate_limited',
  payment_required: 'probe.reason.payment_required',
  quota_exhausted: 'probe.reason.quota_exhausted',
  timeout: 'probe.reason.timeout',
  connection_refused: 'probe.reason.connection_refused',
  host_not_found: 'probe.reason.host_not_found',
  connection_failed: 'probe.reason.connection_failed',
  server_error: 'probe.reason.server_error',
  unexpected_status: 'probe.reason.unexpected_status',
  no_probe: 'probe.reason.no_probe',
} as const satisfies Record<ProbeReason, MessageKey>;

/** The words for an outcome (also what a sign-in's check says it found). */
export function reasonLine(r: ProbeOutcome & { provider: string; elapsedMs?: number }, now: number): string {
  const params = {
    provider: r.provider,
    status: r.httpStatus ?? '-',
    ms: r.elapsedMs ?? 0,
    seconds: PROBE_DEADLINE_MS / 1000,
    until: r.retryAt === null ? '' : t('probe.until', { when: expiresIn(r.retryAt, now), at: at(r.retryAt) }),
    variable: r.variable ?? '-',
    ref: r.ref ?? '-',
  };
  return t(REASON_WORDS[r.reasonCode], params as never);
}

/** The usage windows (ChatGPT) or the credit (OpenRouter) a probe's answer told. */
export function quotaLines(quota: Quota | null, now: number): string[] {
  if (!quota) return [];
  const lines: string[] = [];
  if (quota.plan) lines.push(t('probe.plan', { plan: quota.plan }));
  for (const w of quota.windows ?? []) {
    const span = w.windowMinutes === null ? t(w.name === 'primary' ? 'probe.windowPrimary' : 'probe.windowSecondary') : formatDuration(w.windowMinutes * 60_000);
    const used = Math.round(w.usedPercent * 10) / 10;
    lines.push(w.resetsAt === null ? t('probe.windowNoReset', { span, used }) : t('probe.window', { span, used, when: expiresIn(w.resetsAt, now), at: at(w.resetsAt) }));
  }
  const credit = quota.credit;
  if (credit) {
    const dollars = (n: number | null) => (n === null ? '-' : n.toFixed(2));
    const resets = credit.resets ? t('probe.creditResets', { resets: credit.resets }) : '';
    lines.push(credit.limit === null ? t('probe.creditNoLimit', { used: dollars(credit.used) }) : t('probe.credit', { remaining: dollars(credit.remaining), limit: dollars(credit.limit), resets }));
  }
  return lines;
}
