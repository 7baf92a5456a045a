import type { Catalogue } from './index.js';

/**
 * The Traditional Chinese catalogue, loaded only when it is the language in use. From source (tests) it is
 * this module's import; scripts/build.mjs builds it into dist/i18n/zh-Hant.json beside the bundles and
 * replaces this function, so that an English run neither parses nor loads it.
 */
export async function loadZhHant(): Promise<Catalogue> {
  return (await import('./zh-Hant/index.js')).zhHant;
}
