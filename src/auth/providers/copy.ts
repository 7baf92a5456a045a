import { t } from '../../base/i18n/index.js';
import type { BrowserLaunch } from '../../env/browser.js';
import { browserNotice, type Notice } from '../sign-in/copy.js';

/**
 * The sentences of registry sign-ins (API keys, OAuth methods of GitHub Copilot and plugins), for both
 * surfaces: read from the message catalogue when shown (getters), so in the language of the run.
 */

export const oauthCopy = {
  title: (provider: string, method: string, profileId: string) => t('oauth.title', { provider, method, profileId }),
  get openLink() {
    return t('codex.openLink');
  },
  get answerNeeded() {
    return t('oauth.needAnswer');
  },
  get manualCode() {
    return t('oauth.manualCode');
  },
  /** The wizard's field for the same (a label, with its colon). */
  get manualLabel() {
    return t('oauth.manualLabel');
  },
  get waiting() {
    return t('oauth.waitingCancel');
  },
  /** The wizard's spinner (its keys are shown below it, so no "Ctrl+C to cancel"). */
  get waitingPlain() {
    return t('oauth.waiting');
  },
  get saving() {
    return t('codex.phase.saving');
  },
  get cancelled() {
    return t('codex.cancelled');
  },
  /** What a question a plugin asks without words is called. */
  get answer() {
    return t('oauth.answer');
  },
  get noReason() {
    return t('oauth.noReason');
  },
  needsTerminal: (provider: string, fix: string) => t('oauth.needsTerminal', { provider, fix }),
  promptWithoutTerminal: (provider: string, fix: string) => t('oauth.promptWithoutTerminal', { provider, fix }),
  failed: (provider: string, why: string) => t('oauth.failed', { provider, why }),
  get network() {
    return t('oauth.network');
  },
  networkHost: (host: string) => t('oauth.networkHost', { host }),
  signedIn: (who: string | null, profileId: string) => (who ? t('oauth.signedInAs', { who, profileId }) : t('oauth.signedIn', { profileId })),
};

/** Whether a browser was opened for an OAuth method's link. */
export const oauthBrowserNotice = (launch: BrowserLaunch): Notice => browserNotice(launch, 'oauth.browserOpened');

export const apiKeyCopy = {
  /** The wizard's title: the provider and the method's label. */
  title: (provider: string, method: string) => t('apiKey.title', { provider, method }),
  /** The line command's title: the provider and the profile. */
  titleFor: (provider: string, profileId: string) => t('apiKey.titleFor', { provider, profileId }),
  /** The line command's masked prompt. */
  pastePrompt: (provider: string) => t('apiKey.pasteFor', { provider }),
  get pasteLabel() {
    return t('apiKey.pasteLabel');
  },
  get nameLabel() {
    return t('apiKey.nameLabel');
  },
  get saving() {
    return t('saving');
  },
  saved: (profileId: string, file: string) => t('apiKey.saved', { id: profileId, file }),
};

/** The last line of a sign-in on the line commands. */
export const savedTo = (file: string) => t('signIn.savedTo', { file });
