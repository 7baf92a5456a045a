import { useStdin, useStdout } from 'ink';
import { useEffect, useRef } from 'react';

const START = '\u001b[200~';
const END = '\u001b[201~';

/**
 * Ink 6 has no usePaste: this turns on the terminal's bracketed paste mode and hands a paste over as
 * one string, however many reads it arrived in. `isPasting` lets a key handler ignore the pasted keys.
 */
export function usePaste(onPaste: (text: string) => void, isActive = true): { isPasting: () => boolean } {
  const { internal_eventEmitter: events } = useStdin() as ReturnType<typeof useStdin> & {
    internal_eventEmitter?: NodeJS.EventEmitter;
  };
  const { stdout } = useStdout();
  const buffer = useRef<string | null>(null);
  const handler = useRef(onPaste);
  handler.current = onPaste;

  useEffect(() => {
    if (!isActive || !events) return;
    if (stdout.isTTY) stdout.write('\u001b[?2004h');
    const onInput = (data: string) => {
      if (data === START) buffer.current = '';
      else if (data === END) {
        const text = buffer.current ?? '';
        buffer.current = null;
        handler.current(text);
      } else if (buffer.current !== null) buffer.current += data;
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      if (stdout.isTTY) stdout.write('\u001b[?2004l');
    };
  }, [events, stdout, isActive]);

  return { isPasting: () => buffer.current !== null };
}

export const PASTE_MARKERS = ['[200~', '[201~'];
