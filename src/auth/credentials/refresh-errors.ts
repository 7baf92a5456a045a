import { t } from '../../base/i18n/index.js';
import { redact } from '../../base/redact.js';

/**
 * What a failed refresh means for the stored credentials (SPEC 4):
 * - `permanent`: the grant is dead; the profile needs a new sign-in (`reason` is the endpoint's code);
 * - `transient`: the network, a 5xx, a rate limit, our deadline or an oversized answer; trying again later
 *   may work (SPEC 4 holds further refreshes off for a while);
 * - `refused`: any other answer (an unexpected 4xx, a body without the fields). Not proof that the grant
 *   is dead, so no re-login is asked for; not worth an immediate retry either, so it holds off like a
 *   transient failure (one request, not one per waiting process).
 * `detail` is safe to show: redacted, without control sequences, and short.
 */
export type RefreshFailure =
  | { kind: 'permanent'; reason: string; detail: string }
  | { kind: 'transient'; detail: string }
  | { kind: 'refused'; detail: string };

/** Endpoint codes that say the refresh token will never work again, most specific first. */
const PERMANENT_CODES = ['refresh_token_reused', 'refresh_token_expired', 'refresh_token_invalidated', 'invalid_grant'];
/**
 * Error codes of OAuth (RFC 6749 5.2) and of OpenAI's token endpoint. Only these are repeated: a code the
 * endpoint made up is free text like any other, and could carry anything.
 */
const KNOWN_CODES = new Set([
  ...PERMANENT_CODES,
  'invalid_request', 'invalid_client', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope',
  'access_denied', 'server_error', 'temporarily_unavailable', 'rate_limit_exceeded', 'token_expired', 'invalid_token',
]);
/** How much of a network error's text we repeat. */
const MAX_SHOWN = 160;

/**
 * Classifies what pi-ai's `refreshOpenAICodexToken` threw. Its messages are
 * "OpenAI Codex token refresh failed (<status>): <whole body>" for an HTTP error, "… refresh error: <message>"
 * when fetch itself failed, and "… response missing fields: <json>" for a 200 it could not use.
 * `knownSecrets` (the tokens we sent) are masked wherever they are echoed.
 */
export function classifyRefreshError(error: unknown, knownSecrets: readonly string[] = []): RefreshFailure {
  const declared = declaredFailure(error);
  if (declared) return declared;
  const message = error instanceof Error ? error.message : String(error);
  const http = /refresh failed \((\d{3})\):\s?([\s\S]*)$/.exec(message);
  if (http) return classifyHttp(Number(http[1]), http[2] ?? '');

  const network = /refresh error:\s?([\s\S]*)$/.exec(message);
  if (network) {
    const cause = network[1] ?? '';
    if (/TimeoutError|aborted due to timeout|timed? ?out/i.test(cause)) {
      return { kind: 'transient', detail: t('refresh.timeout') };
    }
    // Cut off by token-requests.ts: a token answer is a few kB, so this is a broken or hostile server.
    if (/more than 64 KB/.test(cause)) {
      return { kind: 'transient', detail: t('refresh.tooLarge') };
    }
    return { kind: 'transient', detail: t('refresh.network', { cause: redact(cause, knownSecrets, MAX_SHOWN) || t('refresh.noDetail') }) };
  }
  // A 200 without the expected fields, or an access token without an account: the body may hold live
  // tokens, so none of it is shown.
  if (/missing fields|accountId/i.test(message)) {
    return { kind: 'refused', detail: t('refresh.noTokens') };
  }
  return classifyOther(error, message, knownSecrets);
}

/**
 * SPEC 8's error contract, first: a refresh (a plugin's) says why it failed by throwing an error with
 * `status` (the HTTP status) and/or `code` (the OAuth error code). Null when the error carries neither in
 * that form (Node's own `code`s, such as ECONNRESET, are not OAuth codes: the message is read for them).
 */
function declaredFailure(error: unknown): RefreshFailure | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status: rawStatus, code: rawCode } = error as { status?: unknown; code?: unknown };
  const status = typeof rawStatus === 'number' && Number.isInteger(rawStatus) && rawStatus >= 100 && rawStatus <= 599 ? rawStatus : null;
  const code = typeof rawCode === 'string' && KNOWN_CODES.has(rawCode) ? rawCode : null;
  if (status !== null) return classifyHttp(status, code === null ? '' : JSON.stringify({ error: code }));
  if (code === null) return null;
  if (PERMANENT_CODES.includes(code)) return { kind: 'permanent', reason: code, detail: code };
  return TRANSIENT_CODES.has(code) ? { kind: 'transient', detail: code } : { kind: 'refused', detail: code };
}

/** OAuth codes that say to try again later. */
const TRANSIENT_CODES = new Set(['server_error', 'temporarily_unavailable', 'rate_limit_exceeded']);

/**
 * Other refreshes (GitHub Copilot through pi-ai, plugins) throw what they like; the usual shapes are read:
 * a message that starts with the HTTP status ("401 Unauthorized: …", pi-ai's Copilot refresh), names it
 * in parentheses ("… (401)") or as pi-ai's `status=400; …; body=…`, fetch's own failures, a deadline or an
 * abort, and any message that names a permanent OAuth error ("Acme token request failed: invalid_grant").
 */
function classifyOther(error: unknown, message: string, knownSecrets: readonly string[]): RefreshFailure {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError' || /\bETIMEDOUT\b/.test(message)) {
    return { kind: 'transient', detail: t('refresh.timeout') };
  }
  const piStatus = /\bstatus=(\d{3})\b/.exec(message);
  if (piStatus) return classifyHttp(Number(piStatus[1]), /\bbody=([\s\S]*)$/.exec(message)?.[1] ?? message);
  const status = /^(\d{3})\b/.exec(message) ?? /\((\d{3})\)/.exec(message);
  // What follows the status, from its JSON body when there is one ("401 Unauthorized: {…}").
  if (status) return classifyHttp(Number(status[1]), message.slice(status.index + status[0].length).replace(/^[^{:]*:\s*(?=\{)/, ''));
  if (/fetch failed|\bECONN[A-Z]+\b|\bENOTFOUND\b|\bEAI_AGAIN\b|\bENETUNREACH\b|\bEHOSTUNREACH\b|socket hang up/i.test(message)) {
    return { kind: 'transient', detail: t('refresh.network', { cause: redact(message, knownSecrets, MAX_SHOWN) || t('refresh.noDetail') }) };
  }
  const named = permanentCodeIn(message);
  if (named) return { kind: 'permanent', reason: named, detail: named };
  return { kind: 'refused', detail: redact(message, knownSecrets, MAX_SHOWN) || t('refresh.unknown') };
}

function permanentCodeIn(text: string): string | undefined {
  return PERMANENT_CODES.find((c) => new RegExp(`\\b${c}\\b`).test(text));
}

function classifyHttp(status: number, body: string): RefreshFailure {
  const said = endpointCode(body);
  const detail = said ? `HTTP ${status}, ${said}` : `HTTP ${status}`;
  // A server error is never proof that the grant is dead, whatever its body says.
  if (status >= 500 || status === 408 || status === 429) return { kind: 'transient', detail };
  const code = permanentCodeIn(body);
  if (code) return { kind: 'permanent', reason: code, detail };
  if (status === 401) return { kind: 'permanent', reason: 'unauthorized', detail };
  // GitHub says so of a revoked token; an invalid_token is OAuth's (RFC 6750) own code for it.
  if (status === 403 && /\binvalid[_ ]token\b|bad credentials/i.test(body)) return { kind: 'permanent', reason: 'invalid_token', detail };
  return { kind: 'refused', detail };
}

/**
 * The part of an error body worth showing: the OAuth `error` code (or OpenAI's `{error: {code}}`) when it
 * is a known one. Descriptions, HTML pages, plain text and unknown fields are not shown at all: they are
 * free text, where an echoed secret or a hostile message would hide.
 */
function endpointCode(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return '';
  }
  if (typeof parsed !== 'object' || parsed === null) return '';
  const error = (parsed as { error?: unknown }).error;
  const nested = typeof error === 'object' && error !== null ? (error as { code?: unknown; type?: unknown }) : null;
  const code = nested ? (nested.code ?? nested.type) : error;
  return typeof code === 'string' && KNOWN_CODES.has(code) ? code : '';
}
