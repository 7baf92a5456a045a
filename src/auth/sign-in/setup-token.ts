import { t } from '../../base/i18n/index.js';
import { hasControl, stripEscapes } from '../../base/text.js';
/** Anthropic setup-tokens, as `claude setup-token` prints them. */
export const SETUP_TOKEN_PREFIX = 'sk-ant-oat01-';
export const SETUP_TOKEN_MIN_LENGTH = 80;
/** `claude setup-token` tokens last a year; the default lifetime everywhere one is stored. */
export const SETUP_TOKEN_LIFETIME = '365d';
export const SETUP_TOKEN_LIFETIME_MS = 365 * 86_400_000;
/** Far above any real token; stops a runaway paste before it is stored. */
export const MAX_SECRET_LENGTH = 8192;

export type TokenCheck = { ok: true; token: string } | { ok: false; problem: string };

/**
 * Terminals wrap long pastes, add bracketed-paste markers or stray colour codes; none of that is part
 * of a token: escape sequences go, then all white space. Other control characters (NUL, BEL, …) stay, so
 * the checks below refuse the paste rather than silently store something else than what was copied.
 */
export function cleanPastedSecret(raw: string): string {
  return stripEscapes(raw).replace(/\s+/g, '');
}

/**
 * Two secrets pasted or piped on separate lines must not be joined into one bogus token: a piece after
 * the first (split at white space) that starts like a new key (`sk-`, or the first piece's own prefix up
 * to its last '-' within 16 characters: `sk-ant-oat01-`, `sk-or-v1-`) means more than one was given.
 * A token a terminal wrapped over lines has no such piece, and is joined as before.
 */
export function pastesSeveralSecrets(raw: string): boolean {
  const [first, ...rest] = stripEscapes(raw).split(/\s+/).filter(Boolean);
  if (first === undefined || rest.length === 0) return false;
  const head = first.slice(0, 16);
  const prefix = head.slice(0, head.lastIndexOf('-') + 1);
  return rest.some((piece) => piece.startsWith('sk-') || (prefix.length >= 3 && piece.startsWith(prefix)));
}

function controlProblem(token: string): string | null {
  return hasControl(token) ? t('paste.control') : null;
}

function looksLikeRedirect(text: string): boolean {
  return /^https?:\/\//i.test(text) || /[?&](code|state)=/.test(text);
}

/**
 * SPEC 7: starts `sk-ant-oat01-`, at least 80 characters; URLs and `code#state` get their own hint. An
 * Anthropic API key gets its own too: with `apiKeyCommand` (a line command's), it names the command that
 * keeps an API key.
 */
export function checkSetupToken(raw: string, where: { apiKeyCommand?: string } = {}): TokenCheck {
  if (raw.length > MAX_SECRET_LENGTH * 4) {
    return { ok: false, problem: t('paste.tooLong', { n: raw.length }) };
  }
  const token = cleanPastedSecret(raw);
  if (token.length === 0) {
    return { ok: false, problem: t('paste.empty') };
  }
  const control = controlProblem(token);
  if (control) return { ok: false, problem: control };
  if (pastesSeveralSecrets(raw)) return { ok: false, problem: t('paste.several') };
  if (looksLikeRedirect(token)) {
    return { ok: false, problem: t('paste.address') };
  }
  if (/^[A-Za-z0-9_-]{10,}#[A-Za-z0-9_-]+$/.test(token)) {
    return { ok: false, problem: t('paste.code') };
  }
  if (token.startsWith('sk-ant-api')) {
    return { ok: false, problem: where.apiKeyCommand === undefined ? t('paste.apiKey') : t('paste.apiKeyCommand', { command: where.apiKeyCommand }) };
  }
  if (!token.startsWith(SETUP_TOKEN_PREFIX)) {
    return { ok: false, problem: t('paste.prefix', { prefix: SETUP_TOKEN_PREFIX }) };
  }
  if (token.length < SETUP_TOKEN_MIN_LENGTH) {
    return { ok: false, problem: t('paste.short', { n: token.length, min: SETUP_TOKEN_MIN_LENGTH }) };
  }
  if (!/^[A-Za-z0-9_-]+$/.test(token)) {
    return { ok: false, problem: t('paste.chars') };
  }
  if (token.length > MAX_SECRET_LENGTH) {
    return { ok: false, problem: t('paste.huge', { n: token.length }) };
  }
  return { ok: true, token };
}

/** Any other provider's pasted token or key: one line of printable text. */
export function checkGenericSecret(raw: string): TokenCheck {
  if (raw.length > MAX_SECRET_LENGTH * 4) return { ok: false, problem: t('paste.genericTooLong', { n: raw.length }) };
  const token = cleanPastedSecret(raw);
  if (token.length === 0) return { ok: false, problem: t('paste.genericEmpty') };
  const control = controlProblem(token);
  if (control) return { ok: false, problem: control };
  if (pastesSeveralSecrets(raw)) return { ok: false, problem: t('paste.several') };
  if (token.length > MAX_SECRET_LENGTH) return { ok: false, problem: t('paste.genericHuge', { n: token.length }) };
  if (looksLikeRedirect(token)) return { ok: false, problem: t('paste.genericAddress') };
  return { ok: true, token };
}

/** `365d`, `12h`, `30m`, `2w`, `1y` → milliseconds. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)\s*(ms|s|m|h|d|w|y)$/.exec(text.trim());
  if (!match) return null;
  const n = Number(match[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 }[
    match[2] as 'ms'
  ];
  const ms = n * unit;
  return Number.isSafeInteger(ms) && ms > 0 ? ms : null;
}
