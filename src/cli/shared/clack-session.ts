import { CancelledError, EXIT } from '../../base/errors.js';
import { savedTo } from '../../auth/providers/copy.js';

type Clack = Pick<typeof import('@clack/prompts'), 'outro' | 'cancel'>;
type Io = { input: NodeJS.ReadStream; output: NodeJS.WriteStream };

/**
 * The frame every line-command sign-in shares: Ctrl+C (SIGINT) aborts `signal`; a success ends with the
 * file written; a cancel is exit 130 with `cancelled` said once; anything else is thrown on after
 * `stopped` (the spinner's own end) ran.
 */
export async function clackSession(
  p: Clack,
  io: Io,
  texts: { cancelled: string },
  work: (signal: AbortSignal) => Promise<{ storeFile: string; code?: number }>,
  stopped: () => void,
): Promise<number> {
  const cancel = new AbortController();
  const onSigint = () => cancel.abort(new CancelledError());
  process.on('SIGINT', onSigint);
  try {
    const { storeFile, code } = await work(cancel.signal);
    p.outro(savedTo(storeFile), io);
    return code ?? EXIT.ok;
  } catch (error) {
    stopped();
    if (error instanceof CancelledError) {
      p.cancel(texts.cancelled, io);
      return EXIT.cancelled;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
