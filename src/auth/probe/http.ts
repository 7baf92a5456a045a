import { installProxyFromEnv, ProxyConfigError } from '../../env/proxy.js';
import type { Env } from '../../base/io.js';
import { parseObject, readCapped } from '../token-http.js';
import type { ProbeOutcome, ProbeReason, ProbeRequest, ProbeBucket } from './types.js';

/** Per profile (issue 21): a probe that has not been answered by then is a `timeout`. */
export const PROBE_DEADLINE_MS = 5_000;
/** All profiles together. */
export const PROBE_TOTAL_MS = 15_000;

const outcome = (bucket: ProbeBucket, reasonCode: ProbeReason, httpStatus: number | null = null, retryAt: number | null = null): ProbeOutcome => ({
  bucket,
  reasonCode,
  httpStatus,
  retryAt,
  quota: null,
});

export const probeOutcome = outcome;

/** A proxy variable that is not an address: a setting to fix, not an outage (nothing was sent). */
export function proxyInvalid(error: ProxyConfigError): ProbeOutcome {
  return { ...outcome('network', 'proxy_invalid'), variable: error.variable };
}

/**
 * Sends one probe through the global fetch (so a proxy and the tests' redirection apply) and reads what it
 * says. `signal` is the deadline: its abort is a `timeout`. The body is read capped (64 KB) and is never
 * shown: only the status, a few headers and the quota fields are kept.
 */
export async function sendProbe(request: ProbeRequest, options: { env: Env; signal: AbortSignal; now: () => number }): Promise<ProbeOutcome> {
  try {
    await installProxyFromEnv(options.env);
  } catch (error) {
    if (error instanceof ProxyConfigError) return proxyInvalid(error);
    throw error;
  }
  let response: Response;
  let body: Record<string, unknown> | null;
  try {
    response = await fetch(request.url, { method: 'GET', headers: request.headers, signal: options.signal, redirect: 'error' });
    const bytes = await readCapped(response, options.signal);
    body = bytes === null ? null : parseObject(bytes);
  } catch (error) {
    if (options.signal.aborted) return outcome('timeout', 'timeout');
    return outcome('network', networkReason(error));
  }
  const classified = classifyStatus(response.status, response.headers, body, options.now());
  if (classified.bucket === 'ok' && body && request.readQuota) classified.quota = request.readQuota(body);
  return classified;
}

/** What a transport failure was, from undici's error cause (its `code`). */
function networkReason(error: unknown): ProbeReason {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host_not_found';
  return 'connection_failed';
}

/** A status and its headers as a bucket (exported for the plugin probes and the tests). */
export function classifyStatus(status: number, headers: Headers, body: Record<string, unknown> | null, now: number): ProbeOutcome {
  if (status >= 200 && status < 300) return outcome('ok', 'ok', status);
  if (status === 401) return outcome('auth', 'unauthorized', status);
  if (status === 403) return outcome('auth', 'forbidden', status);
  if (status === 402) return outcome('billing', 'payment_required', status);
  if (status === 429) {
    // OpenAI answers 429 `insufficient_quota` when the account has no credit left: billing, not a rate limit.
    if (errorCode(body) === 'insufficient_quota') return outcome('billing', 'quota_exhausted', status);
    return outcome('rate_limit', 'rate_limited', status, retryAtOf(headers, now));
  }
  if (status >= 500) return outcome('unknown', 'server_error', status);
  return outcome('unknown', 'unexpected_status', status);
}

function errorCode(body: Record<string, unknown> | null): string | null {
  const error = body?.error;
  if (typeof error === 'object' && error !== null) {
    const { code, type } = error as { code?: unknown; type?: unknown };
    if (typeof code === 'string') return code;
    if (typeof type === 'string') return type;
  }
  return null;
}

/**
 * When a rate limit lifts: `Retry-After` (seconds or an HTTP date, RFC 9110), else Anthropic's
 * `anthropic-ratelimit-requests-reset` (RFC 3339), else OpenAI's `x-ratelimit-reset-requests` ("6m0s").
 */
export function retryAtOf(headers: Headers, now: number): number | null {
  const after = headers.get('retry-after');
  if (after !== null) {
    if (/^\d+(\.\d+)?$/.test(after.trim())) return now + Math.round(Number(after) * 1000);
    const at = Date.parse(after);
    if (Number.isFinite(at)) return at;
  }
  const reset = headers.get('anthropic-ratelimit-requests-reset');
  if (reset !== null && Number.isFinite(Date.parse(reset))) return Date.parse(reset);
  const openai = headers.get('x-ratelimit-reset-requests');
  if (openai !== null) {
    const m = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(openai.trim());
    if (m && m[0] !== '') return now + Math.round(((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000 + Number(m[4] ?? 0));
  }
  return null;
}
