import { t } from '../../base/i18n/index.js';
import type { BrowserLaunch } from '../../env/browser.js';
import type { HeadlessCheck } from '../../env/headless.js';
import type { PortHolder } from '../../env/port-holder.js';
import { redact } from '../../base/redact.js';
import { printable } from '../../base/text.js';
import { CALLBACK_PORT } from './codex-login.js';

/**
 * The sign-in sentences both surfaces show, the line commands (clack) and the wizard (Ink): one source
 * for each, read from the message catalogue when shown (getters), so in the language of the run.
 */

export type Notice = { tone: 'info' | 'warn'; text: string };

export const SSH_TUNNEL_HINT = `ssh -L ${CALLBACK_PORT}:127.0.0.1:${CALLBACK_PORT} <host>`;
const CALLBACK_PAGE = `http://localhost:${CALLBACK_PORT}/…`;

export const codexCopy = {
  title: (profileId: string) => t('codex.title', { profileId }),
  get openLink() {
    return t('codex.openLink');
  },
  /** Followed by SSH_TUNNEL_HINT. */
  get tunnel() {
    return t('codex.tunnel');
  },
  get pasteLabel() {
    return t('codex.pasteLabel');
  },
  pastePlaceholder: `http://localhost:${CALLBACK_PORT}/auth/callback?code=…`,
  phase: {
    get starting() {
      return t('codex.phase.starting');
    },
    get waiting() {
      return t('codex.phase.waiting');
    },
    get exchanging() {
      return t('codex.phase.exchanging');
    },
    get saving() {
      return t('codex.phase.saving');
    },
  },
  get cancelled() {
    return t('codex.cancelled');
  },
  /** `fix`: what to do about it (run it in a terminal, or without redirecting its output). */
  needsTerminal: (fix: string) => t('codex.needsTerminal', { fix }),
};

/** How the sign-in will come back: the port is busy, or no browser is opened here. Null: the browser's own line says it. */
export function codexReturnNotice(view: { portBusy: boolean; portHolder?: PortHolder | null; noBrowser: boolean; headless: HeadlessCheck | null }): Notice | null {
  if (view.portBusy) return { tone: 'warn', text: portBusyText(view.portHolder ?? null) };
  if (view.noBrowser || view.headless?.headless) {
    const why = view.noBrowser ? t('codex.noBrowserFlag') : t('codex.noBrowserWhy', { reason: view.headless?.reason ?? '' });
    return { tone: 'info', text: t('codex.pasteBelow', { why, address: CALLBACK_PAGE }) };
  }
  return null;
}

/**
 * The port is taken, naming the process that holds it when it could be found. Its command line is another
 * program's text: redacted (it may carry a token), without control characters, and short.
 */
function portBusyText(holder: PortHolder | null): string {
  if (!holder) return t('codex.portBusy', { port: CALLBACK_PORT });
  return t('codex.portBusyBy', { port: CALLBACK_PORT, pid: holder.pid, command: printable(redact(holder.command, [], 60), 60) || '?' });
}

/**
 * What the Codex sign-in waits for while it waits: the browser only when one was opened here; with the
 * port taken, the paste alone; headless, the paste or a sign-in through a forwarded port.
 */
export function codexWaitLabel(view: { phase: 'starting' | 'waiting' | 'exchanging' | 'saving'; portBusy: boolean; noBrowser: boolean; headless: HeadlessCheck | null }): string {
  if (view.phase !== 'waiting') return codexCopy.phase[view.phase];
  if (view.portBusy) return t('codex.phase.waitingPaste');
  if (view.noBrowser || view.headless?.headless) return t('codex.phase.waitingPasteOrTunnel');
  return codexCopy.phase.waiting;
}

/** Whether a browser was opened for the link. */
export function browserNotice(launch: BrowserLaunch, opened: 'browser.opened' | 'oauth.browserOpened' = 'browser.opened'): Notice {
  if (launch.kind === 'opened') return { tone: 'info', text: t(opened, { via: launch.via }) };
  if (launch.kind === 'failed') return { tone: 'warn', text: t('browser.failed', { detail: launch.detail.slice(0, 100) }) };
  return { tone: 'info', text: t('browser.none') };
}

export const setupTokenCopy = {
  get title() {
    return t('setupToken.title');
  },
  get runIntro() {
    return t('setupToken.runIntro');
  },
  command: 'claude setup-token',
  get runOutro() {
    return t('setupToken.runOutro');
  },
  get pasteLabel() {
    return t('setupToken.pasteLabel');
  },
  get nameLabel() {
    return t('setupToken.nameLabel');
  },
  get saving() {
    return t('saving');
  },
};

export const deviceCopy = {
  title: (profileId: string) => t('device.title', { profileId }),
  get openPage() {
    return t('device.openPage');
  },
  get enterCode() {
    return t('device.enterCode');
  },
  get expires() {
    return t('device.expires');
  },
  get neverShare() {
    return t('device.neverShare');
  },
  get waiting() {
    return t('device.waiting');
  },
  get cancelHint() {
    return t('device.cancelHint');
  },
  get exchanging() {
    return t('device.exchanging');
  },
  get saving() {
    return t('codex.phase.saving');
  },
  opened: (via: string) => t('device.opened', { via }),
  get headlessFits() {
    return t('device.headlessFits');
  },
};

/** After any ChatGPT sign-in: the account (and email), so that a wrong account is noticed at once. */
export function signedInLine(r: { accountId: string; email?: string | null; profileId: string; expiresIn: string }): string {
  const values = { accountId: r.accountId, profileId: r.profileId, expiresIn: r.expiresIn };
  return r.email ? t('signedIn.withEmail', { ...values, email: r.email }) : t('signedIn.account', values);
}
