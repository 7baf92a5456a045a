import { t } from '../base/i18n/index.js';
import { UserError } from '../base/errors.js';

/** The store exists but cannot be read or validated. It is never overwritten (SPEC 3). */
export class CorruptStoreError extends UserError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(t('store.corrupt', { file, problem }));
    this.name = 'CorruptStoreError';
  }
}

/** Another process held the lock for longer than we wait. */
export class StoreBusyError extends UserError {
  constructor(readonly file: string) {
    super(t('store.busy', { file }));
    this.name = 'StoreBusyError';
  }
}

/**
 * This process's lock was taken over while it held it (it was paused, or its clock jumped, past the stale
 * time): nothing may be written on the strength of it.
 */
export class LockLostError extends StoreBusyError {
  constructor(file: string) {
    super(file);
    this.message = t('store.lockLost', { file });
    this.name = 'LockLostError';
  }
}

/** SPEC 2: a state or agent directory, or a credential file, that is not safely ours; nothing was read from it. */
export class ForeignFileError extends UserError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(t('store.foreign', { file, problem }));
    this.name = 'ForeignFileError';
  }
}
