import { t } from '../../../src/base/i18n/index.js';

/** What a masked field shows beside its dots: the length of the paste, in the language in use. */
export const maskedNote = (length: number): string => t('masked.length', { n: length });

/** What a field says when a paste would take it past its length (components/TextInput.tsx). */
export const tooLongNote = (length: number, max: number): string => t('field.tooLong', { n: length, max });
