import { hasControl, stripEscapes } from '../base/text.js';
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

function controlProblem(token: string): string | null {
  return hasControl(token)
    ? 'That paste holds control characters (such as NUL) that no token has. Copy the token again; nothing was stored.'
    : null;
}

function looksLikeRedirect(text: string): boolean {
  return /^https?:\/\//i.test(text) || /[?&](code|state)=/.test(text);
}

/** SPEC 7: starts `sk-ant-oat01-`, at least 80 characters; URLs and `code#state` get their own hint. */
export function checkSetupToken(raw: string): TokenCheck {
  if (raw.length > MAX_SECRET_LENGTH * 4) {
    return { ok: false, problem: `That paste is ${raw.length} characters long; a setup-token is about 100. Nothing was stored.` };
  }
  const token = cleanPastedSecret(raw);
  if (token.length === 0) {
    return { ok: false, problem: 'Nothing was pasted. Run `claude setup-token` and paste the token it prints.' };
  }
  const control = controlProblem(token);
  if (control) return { ok: false, problem: control };
  if (looksLikeRedirect(token)) {
    return {
      ok: false,
      problem:
        'That looks like a sign-in address, not a token. Run `claude setup-token`, finish in the browser, ' +
        'and paste the token the terminal prints (it starts with sk-ant-oat01-).',
    };
  }
  if (/^[A-Za-z0-9_-]{10,}#[A-Za-z0-9_-]+$/.test(token)) {
    return {
      ok: false,
      problem:
        'That looks like an authorization code (code#state), not a token. Paste it back into ' +
        '`claude setup-token`, then paste the token it prints here (it starts with sk-ant-oat01-).',
    };
  }
  if (token.startsWith('sk-ant-api')) {
    return { ok: false, problem: 'That is an Anthropic API key, not a setup-token. Use a token from `claude setup-token` (sk-ant-oat01-…).' };
  }
  if (!token.startsWith(SETUP_TOKEN_PREFIX)) {
    return { ok: false, problem: `A setup-token starts with ${SETUP_TOKEN_PREFIX}; this one does not. Run \`claude setup-token\` and copy the whole token.` };
  }
  if (token.length < SETUP_TOKEN_MIN_LENGTH) {
    return {
      ok: false,
      problem: `That token is ${token.length} characters; a setup-token has at least ${SETUP_TOKEN_MIN_LENGTH}. It may have been cut off when copied.`,
    };
  }
  if (!/^[A-Za-z0-9_-]+$/.test(token)) {
    return { ok: false, problem: 'That token holds characters a setup-token never has. Copy it again from `claude setup-token`.' };
  }
  if (token.length > MAX_SECRET_LENGTH) {
    return { ok: false, problem: `That token is ${token.length} characters long, far longer than a setup-token. Nothing was stored.` };
  }
  return { ok: true, token };
}

/** Any other provider's pasted token or key: one line of printable text. */
export function checkGenericSecret(raw: string): TokenCheck {
  if (raw.length > MAX_SECRET_LENGTH * 4) return { ok: false, problem: `That paste is ${raw.length} characters long; nothing was stored.` };
  const token = cleanPastedSecret(raw);
  if (token.length === 0) return { ok: false, problem: 'Nothing was pasted.' };
  const control = controlProblem(token);
  if (control) return { ok: false, problem: control };
  if (token.length > MAX_SECRET_LENGTH) return { ok: false, problem: `That token is ${token.length} characters long; nothing was stored.` };
  if (looksLikeRedirect(token)) return { ok: false, problem: 'That looks like an address, not a token.' };
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
