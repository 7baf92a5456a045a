import { UserError } from '../base/errors.js';

/** The store exists but cannot be read or validated. It is never overwritten (SPEC 3). */
export class CorruptStoreError extends UserError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `Cannot use ${file}: ${problem}. The file was left as it is. ` +
        'Fix it by hand, or run `openclaw onboard` to move it aside and start afresh.',
    );
    this.name = 'CorruptStoreError';
  }
}

/** Another process held the lock for longer than we wait. */
export class StoreBusyError extends UserError {
  constructor(readonly file: string) {
    super(`${file} is locked by another openclaw process; nothing was changed. Try again in a moment.`);
    this.name = 'StoreBusyError';
  }
}
