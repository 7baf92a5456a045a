import type { ServerResponse } from 'node:http';
import { builtin } from '../../env/import.js';
import { lang, t } from '../../base/i18n/index.js';
import { escapeHtml } from '../../env/browser-page.js';
import type { PasteCheck } from './redirect-paste.js';

/**
 * The page the browser lands on after signing in (http://localhost:1455/auth/callback?code=…). pi-ai's
 * own callback answers "Authentication successful" at once, before the code is exchanged, so the
 * browser said signed in while the terminal said the exchange failed. This server takes the callback
 * in its place (bound first, pi-ai's own then falls back to the paste, which this feeds): it holds the
 * browser's request until the sign-in has ended, a few seconds at most, then tells how it ended, in the
 * language of the run, with no script and nothing loaded from elsewhere.
 */
export interface CallbackPage {
  /** The redirect address the browser brought, once one passes `check` (this sign-in's state, a code). */
  address: Promise<string>;
  /** Answers the browser that is waiting with how the sign-in ended. */
  finish(outcome: { ok: true; who: string } | { ok: false; why: string }): void;
  /** Stops listening; a browser still waiting is told the sign-in was cancelled. */
  close(): Promise<void>;
}

/** How long a browser waits for the ending before it is told to look at the terminal. */
export const HOLD_MS = 8_000;

/** A whole page: a heading and a line, styled inline; nothing runs and nothing is fetched. */
export function callbackHtml(heading: string, line: string, ok: boolean): string {
  return [
    '<!doctype html>',
    `<html lang="${lang()}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(heading)}</title>`,
    `<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}h1{font-size:1.4rem;color:${ok ? '#1a7f37' : '#cf222e'}}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(heading)}</h1>`,
    `<p>${escapeHtml(line)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}

function answer(res: ServerResponse, status: number, html: string): void {
  if (res.writableEnded) return;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The connection ends with the answer: closing the server after it then loses nothing in flight.
    connection: 'close',
    // Nothing but the inline style: no script, no image, no request anywhere.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(html);
}

/**
 * Listens on 127.0.0.1:`port` for the browser's callback; null when the port cannot be had (the paste,
 * and pi-ai's own fallback, go on without it). `check` is the paste's own check of a redirect address.
 */
export async function listenForCallback(port: number, check: (raw: string) => PasteCheck): Promise<CallbackPage | null> {
  let deliver: (address: string) => void = () => undefined;
  const address = new Promise<string>((resolve) => (deliver = resolve));
  let waiting: ServerResponse | null = null;
  let hold: NodeJS.Timeout | undefined;
  let ended: { status: number; html: string } | null = null;

  // Loaded here: the start-up paths (`--help`, `models auth token`) import the sign-in that uses it.
  const { createServer } = await builtin<typeof import('node:http')>('node:http');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/auth/callback') return answer(res, 404, callbackHtml(t('callbackPage.notFound'), t('callbackPage.lookAtTerminal'), false));
    // Once the sign-in has ended, a reload shows the same ending.
    if (ended) return answer(res, ended.status, ended.html);
    const checked = check(`http://localhost:${port}${url.pathname}${url.search}`);
    if (!checked.ok) return answer(res, 400, callbackHtml(t('callbackPage.notSignedIn'), checked.inBrowser ?? checked.problem, false));
    if (waiting) return answer(res, 409, callbackHtml(t('callbackPage.notSignedIn'), t('callbackPage.already'), false));
    waiting = res;
    res.on('close', () => {
      if (waiting === res) waiting = null;
    });
    hold = setTimeout(() => {
      if (waiting) answer(waiting, 202, callbackHtml(t('callbackPage.stillTitle'), t('callbackPage.still'), true));
      waiting = null;
    }, HOLD_MS);
    hold.unref();
    deliver(checked.input);
  });

  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(true));
  });
  if (!listening) return null;

  const end = (status: number, html: string) => {
    ended = { status, html };
    clearTimeout(hold);
    if (waiting) answer(waiting, status, html);
    waiting = null;
  };
  return {
    address,
    finish(outcome) {
      if (ended) return;
      if (outcome.ok) end(200, callbackHtml(t('callbackPage.signedInTitle'), t('callbackPage.signedIn', { who: outcome.who }), true));
      else end(502, callbackHtml(t('callbackPage.failedTitle'), t('callbackPage.failed', { why: outcome.why }), false));
    },
    close() {
      if (!ended) end(410, callbackHtml(t('callbackPage.failedTitle'), t('codex.cancelled'), false));
      // close() lets the answer just written reach the browser (and closes idle keep-alive connections);
      // anything still open after a moment is cut.
      return new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), 2_000);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
      });
    },
  };
}
