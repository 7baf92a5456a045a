import { deadline } from '../base/deadline.js';
import { t } from '../base/i18n/index.js';
import { printable } from '../base/text.js';
import { installProxyFromEnv } from '../env/proxy.js';
import type { Env } from '../base/io.js';

/** SPEC 4: how long one request to a token or device endpoint may take. */
export const TOKEN_REQUEST_TIMEOUT_MS = 20_000;
/** SPEC 4: an answer body over this is cut off and treated as a failure. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export interface TokenAnswer {
  status: number;
  /** The parsed JSON body, or null when it is not JSON (or too large). */
  json: Record<string, unknown> | null;
  /** True when the body was over MAX_ANSWER_BYTES. */
  tooLarge: boolean;
}

/** The transport failed (network, proxy, deadline), or the answer was a redirect: nothing usable was answered. */
export class TokenRequestError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'redirect',
    detail: string,
  ) {
    super(detail);
    this.name = 'TokenRequestError';
  }
}

/**
 * SPEC 4: no redirect is followed on a token or device endpoint. Following one re-sends the request (a 307:
 * the refresh token, a device code's code_verifier) to wherever the server says, and a 302 turns the POST into
 * a GET whose answer would be taken as the endpoint's. Requests there are made with `redirect: 'manual'`, and
 * a redirect answer is a failure that names where it pointed (its origin only, made printable).
 */
export class RedirectRefusedError extends TokenRequestError {
  constructor(status: number, location: string | null) {
    super('redirect', t('answer.redirected', { status, where: originOf(location) }));
    this.name = 'RedirectRefusedError';
  }
}

function originOf(location: string | null): string {
  if (location === null) return t('answer.nowhere');
  try {
    return printable(new URL(location).origin, 100);
  } catch {
    return printable(location, 100);
  }
}

/** Throws a RedirectRefusedError for a redirect answer (fetch called with `redirect: 'manual'`). */
export async function refuseRedirect(response: Response): Promise<void> {
  if (response.type !== 'opaqueredirect' && (response.status < 300 || response.status > 399)) return;
  await response.body?.cancel().catch(() => undefined);
  throw new RedirectRefusedError(response.status, response.headers.get('location'));
}

/**
 * The whole body of a token or device endpoint's answer, or null as soon as it passes MAX_ANSWER_BYTES (the
 * rest is never read). `signal` stops the reading between chunks (rejecting with its reason).
 */
export async function readCapped(response: Response, signal?: AbortSignal): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel().catch(() => undefined);
      throw signal.reason;
    }
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A JSON object from an answer's bytes; null for anything else (an array, a string, not JSON). */
export function parseObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * POSTs to a token or device endpoint through the global fetch (so proxies and test redirects apply),
 * with the deadline, an abort on `signal`, and the body cap. A cancel rejects with `signal.reason`.
 */
export async function postToEndpoint(
  url: string,
  body: { json: Record<string, string> } | { form: Record<string, string> },
  options: { env: Env; signal: AbortSignal; timeoutMs?: number },
): Promise<TokenAnswer> {
  await installProxyFromEnv(options.env);
  const timeoutMs = options.timeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS;
  // A timer of its own, cleared when the answer is read: an AbortSignal.timeout that only AbortSignal.any
  // refers to can be collected unfired on Node 20 (src/base/deadline.ts).
  const limit = deadline(timeoutMs);
  try {
    const signal = AbortSignal.any([options.signal, limit.signal]);
    const init: RequestInit =
      'json' in body
        ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body.json), signal, redirect: 'manual' }
        : { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body.form), signal, redirect: 'manual' };
    const failed = (error: unknown): never => {
      if (options.signal.aborted) throw options.signal.reason;
      if (limit.signal.aborted) throw new TokenRequestError('timeout', `no answer within ${Math.round(timeoutMs / 1000)} s`);
      throw new TokenRequestError('network', error instanceof Error ? error.message : String(error));
    };
    const response = await fetch(url, init).catch(failed);
    await refuseRedirect(response);
    const bytes = await readCapped(response).catch(failed);
    return { status: response.status, json: bytes === null ? null : parseObject(bytes), tooLarge: bytes === null };
  } finally {
    limit.clear();
  }
}
