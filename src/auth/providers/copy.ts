import type { BrowserLaunch } from '../../env/browser.js';
import type { Notice } from '../copy.js';

/** The sentences of registry sign-ins (API keys, OAuth methods of GitHub Copilot and plugins), for both surfaces. */

export const oauthCopy = {
  title: (provider: string, method: string, profileId: string) => `${provider}: ${method} (${profileId})`,
  openLink: 'Open this link to sign in:',
  answerNeeded: 'An answer is needed here.',
  manualCode: 'Paste the code, or the address the browser landed on',
  waiting: 'Waiting for the sign-in to finish… (Ctrl+C to cancel)',
  saving: 'Saving the credentials…',
  cancelled: 'Sign-in cancelled; nothing was saved.',
  needsTerminal: (provider: string) => `Signing in to ${provider} needs a terminal, to show the link and take your answers. Run it in a terminal (over SSH, \`ssh -t\`).`,
  failed: (provider: string, why: string) => `Signing in to ${provider} failed: ${why}. Nothing was saved.`,
  signedIn: (who: string | null, profileId: string) => `Signed in${who ? ` as ${who}` : ''} (${profileId}).`,
};

/** Whether a browser was opened for an OAuth method's link. */
export function oauthBrowserNotice(launch: BrowserLaunch): Notice {
  if (launch.kind === 'opened') return { tone: 'info', text: `Opened in ${launch.via}. Finish signing in there.` };
  if (launch.kind === 'failed') return { tone: 'warn', text: `Could not open a browser (${launch.detail.slice(0, 100)}). Open the link yourself.` };
  return { tone: 'info', text: 'BROWSER=none: open the link yourself.' };
}

export const apiKeyCopy = {
  title: (provider: string, profileId: string) => `${provider}: API key (${profileId})`,
  pasteLabel: (provider: string) => `Paste the ${provider} API key (input is hidden)`,
  saved: (profileId: string, file: string) => `Saved ${profileId} (API key) to ${file}`,
};
