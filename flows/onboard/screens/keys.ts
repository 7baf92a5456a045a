import { t } from '../../../src/base/i18n/index.js';

/** "Esc back" among a screen's keys, where there is a step to go back to (only Ctrl+C quits). */
export const backKey = (canGoBack: boolean): [string, string][] => (canGoBack ? [['Esc', t('key.back')]] : []);
