import type { BrowserLaunch } from '../env/browser.js';
import type { HeadlessCheck } from '../env/headless.js';
import { CALLBACK_PORT } from './codex-login.js';

/**
 * The sign-in sentences both surfaces show, the line commands (clack) and the wizard (Ink): one source
 * for each, where a message catalogue can take them over.
 */

export type Notice = { tone: 'info' | 'warn'; text: string };

export const SSH_TUNNEL_HINT = `ssh -L ${CALLBACK_PORT}:127.0.0.1:${CALLBACK_PORT} <host>`;

export const codexCopy = {
  title: (profileId: string) => `OpenAI Codex: sign in with ChatGPT (${profileId})`,
  openLink: 'Open this link to sign in:',
  /** Followed by SSH_TUNNEL_HINT. */
  tunnel: 'Or forward the port from your computer, and the sign-in completes by itself:',
  pasteLabel: 'Paste the address the browser landed on:',
  pastePlaceholder: `http://localhost:${CALLBACK_PORT}/auth/callback?code=…`,
  phase: {
    starting: 'Starting the sign-in…',
    waiting: 'Waiting for the sign-in to finish in the browser…',
    exchanging: 'Exchanging the code for tokens…',
    saving: 'Saving the credentials…',
  },
  cancelled: 'Sign-in cancelled; nothing was saved.',
  needsTerminal:
    'Signing in to OpenAI Codex needs a terminal, to show the link and take the pasted address. Run it in a terminal (over SSH, `ssh -t`).',
};

/** How the sign-in will come back: the port is busy, or no browser is opened here. Null: the browser's own line says it. */
export function codexReturnNotice(view: { portBusy: boolean; noBrowser: boolean; headless: HeadlessCheck | null }): Notice | null {
  if (view.portBusy) {
    return {
      tone: 'warn',
      text: `Port ${CALLBACK_PORT} is in use (is another sign-in running?), so the browser cannot hand the sign-in back here. Open the link, sign in, and paste the address the browser lands on.`,
    };
  }
  if (view.noBrowser || view.headless?.headless) {
    const why = view.noBrowser ? 'No browser is opened (--no-browser).' : `No browser is opened: ${view.headless?.reason}.`;
    return {
      tone: 'info',
      text: `${why} Open the link in the browser on your own computer. After signing in it lands on a page that does not load (http://localhost:${CALLBACK_PORT}/…): copy that address and paste it below.`,
    };
  }
  return null;
}

/** Whether a browser was opened for the link. */
export function browserNotice(launch: BrowserLaunch): Notice {
  if (launch.kind === 'opened') return { tone: 'info', text: `Opened in ${launch.via}. Finish signing in there, or paste the address it lands on below.` };
  if (launch.kind === 'failed') return { tone: 'warn', text: `Could not open a browser (${launch.detail.slice(0, 100)}). Open the link yourself.` };
  return { tone: 'info', text: 'BROWSER=none: open the link yourself.' };
}

export const setupTokenCopy = {
  title: 'Anthropic: setup-token (Claude Pro/Max)',
  runIntro: 'On any computer with Claude Code, run:',
  command: 'claude setup-token',
  runOutro: 'sign in with your Claude Pro or Max account, and copy the token it prints (sk-ant-oat01-…).',
  pasteLabel: 'Paste the token (hidden):',
  nameLabel: 'Profile name (Enter for default; name another, e.g. work, to keep several accounts):',
  saving: 'Saving…',
};

export const deviceCopy = {
  title: (profileId: string) => `OpenAI Codex: sign in with a device code (${profileId})`,
  openPage: 'On any device, open this page and sign in with ChatGPT:',
  enterCode: 'Then enter this code:',
  expires: 'The code expires in 15 minutes.',
  neverShare: 'Never share this code: whoever enters it signs this machine in as you.',
  waiting: 'Waiting for the code to be approved…',
  cancelHint: 'Ctrl+C to cancel',
  exchanging: 'Exchanging the approval for tokens…',
  saving: 'Saving the credentials…',
  opened: (via: string) => `Opened the page in ${via}.`,
  headlessFits: 'fits here: nothing to paste back',
};

/** After any ChatGPT sign-in: the account (and email), so that a wrong account is noticed at once. */
export function signedInLine(r: { accountId: string; email?: string | null; profileId: string; expiresIn: string }): string {
  const who = r.email ? `${r.email}, ChatGPT account ${r.accountId}` : `ChatGPT account ${r.accountId}`;
  return `Signed in as ${who} (${r.profileId}). The access token expires ${r.expiresIn} and refreshes by itself.`;
}

export const apiKeyCopy = {
  title: (providerLabel: string, methodLabel: string) => `${providerLabel}: ${methodLabel}`,
  pasteLabel: 'Paste the key (hidden):',
  nameLabel: 'Profile name (Enter for default; name another, e.g. work, to keep several keys):',
  saving: 'Saving…',
};

export const oauthCopy = {
  title: (providerLabel: string, methodLabel: string, profileId: string) => `${providerLabel}: ${methodLabel} (${profileId})`,
  openLink: 'Open this link to sign in:',
  manualLabel: 'Paste the code, or the address the browser landed on:',
  waiting: 'Waiting for the sign-in to finish…',
  cancelled: 'Sign-in cancelled; nothing was saved.',
};
