import { t } from '../base/i18n/index.js';
import type { Env } from '../base/io.js';

export interface HeadlessCheck {
  headless: boolean;
  /** Why no browser can be opened here, in words for the screen. */
  reason: string | null;
}

/**
 * SPEC 7: a browser on this machine would not be the user's (SSH, Codespaces, a dev container) or
 * there is no display to show one on.
 */
export function detectHeadless(env: Env, platform: NodeJS.Platform = process.platform): HeadlessCheck {
  if (env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY) return { headless: true, reason: t('headless.ssh') };
  if (env.CODESPACES) return { headless: true, reason: t('headless.codespace') };
  if (env.REMOTE_CONTAINERS) return { headless: true, reason: t('headless.container') };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { headless: true, reason: t('headless.noDisplay') };
  }
  return { headless: false, reason: null };
}
