import { t } from './i18n/index.js';
/** Exit codes of SPEC 6. */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A failure the user can act on: printed as one line (no stack trace) with its exit code.
 * The message must already be safe to show: no secrets, no terminal control sequences.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The user cancelled (Ctrl+C, Esc): exit 130 quietly. */
export class CancelledError extends UserError {
  constructor(message = t('cancelled')) {
    super(message, EXIT.cancelled);
    this.name = 'CancelledError';
  }
}

/** SPEC 6: secrets come from stdin or a masked prompt, never from argv; `command` is where to pipe it. */
export function refuseSecretOnArgv(command: string): never {
  throw new UserError(t('error.tokenOnArgv', { command }), EXIT.usage);
}
