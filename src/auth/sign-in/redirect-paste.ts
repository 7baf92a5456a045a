import { t } from '../../base/i18n/index.js';
import { printable, stripControl } from '../../base/text.js';

/**
 * `inBrowser`, when set, is what the callback page says instead of `problem`: the same address can come
 * to the paste field, under the link in the terminal, or to the browser's callback, where nothing is above.
 */
export type PasteCheck = { ok: true; input: string } | { ok: false; problem: string; inBrowser?: string };

function fromParams(params: URLSearchParams): { code?: string; state?: string; error?: string; description?: string } {
  return {
    code: params.get('code') ?? undefined,
    state: params.get('state') ?? undefined,
    error: params.get('error') ?? undefined,
    description: params.get('error_description') ?? undefined,
  };
}

function split(value: string): ReturnType<typeof fromParams> {
  try {
    const url = new URL(value);
    const params = new URLSearchParams(url.search);
    // Some browsers show the callback's parameters after a '#'.
    if (!params.has('code') && !params.has('error') && url.hash.length > 1) return fromParams(new URLSearchParams(url.hash.slice(1)));
    return fromParams(params);
  } catch {
    // not a URL
  }
  if (/(^|[?&])(code|error|state)=/.test(value)) return fromParams(new URLSearchParams(value.replace(/^.*?\?/, '')));
  if (value.includes('#')) {
    const [code, state] = value.split('#', 2);
    return { code, state };
  }
  return { code: value };
}

/** The callback page's words for a refused address: what is wrong, then back to the terminal's link. */
const again = (what: string) => t('callbackPage.again', { what });

/**
 * What the user pasted after signing in: the whole redirect address, `code#state`, a query string,
 * or a bare code (SPEC 7). A state from another attempt, or an OAuth error in the address, is a
 * problem to explain, and the field asks again. `input` is what pi-ai's parser takes.
 */
export function checkRedirectPaste(raw: string, expectedState: string | null): PasteCheck {
  const value = stripControl(raw).replace(/\s+/g, '');
  if (!value) return { ok: false, problem: t('redirect.empty') };
  const { code, state, error, description } = split(value);
  if (error) {
    const detail = description ? t('redirect.detail', { description: printable(stripControl(description), 120) }) : '';
    const shown = printable(stripControl(error), 40);
    return error === 'access_denied'
      ? { ok: false, problem: t('redirect.denied', { detail }), inBrowser: again(t('callbackPage.denied', { detail })) }
      : { ok: false, problem: t('redirect.error', { error: shown, detail }), inBrowser: again(t('callbackPage.error', { error: shown, detail })) };
  }
  if (!code) {
    return { ok: false, problem: t('redirect.noCode'), inBrowser: again(t('callbackPage.noCode')) };
  }
  if (!/^[A-Za-z0-9._~-]+$/.test(code)) {
    return { ok: false, problem: t('redirect.notCode'), inBrowser: again(t('callbackPage.noCode')) };
  }
  if (state !== undefined && expectedState !== null && state !== expectedState) {
    return { ok: false, problem: t('redirect.otherAttempt'), inBrowser: again(t('callbackPage.otherAttempt')) };
  }
  return { ok: true, input: state !== undefined ? `${code}#${state}` : code };
}

/** The `state` parameter of the authorize URL. */
export function stateOf(authorizeUrl: string): string | null {
  try {
    return new URL(authorizeUrl).searchParams.get('state');
  } catch {
    return null;
  }
}
