/**
 * A one-line spinner for long waits in line commands. clack's spinner puts stdin in raw mode and exits the
 * process with 0 on Ctrl+C; this one leaves the terminal alone, so Ctrl+C stays a SIGINT the command
 * turns into exit 130. Off a terminal it prints its line once. It knows whether it runs: stopping or
 * clearing one that does not is nothing, so callers keep no flag of their own. `guide` is the frame's
 * line drawn above it; '' draws none (plain lines, plain-lines.ts).
 */
const FRAMES = ['◒', '◐', '◓', '◑'];

export function lineSpinner(out: NodeJS.WritableStream & { isTTY?: boolean }, guide = '│') {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let text = '';
  let frame = 0;
  const draw = () => out.write(`\r\u001b[2K${FRAMES[frame++ % FRAMES.length]}  ${text}`);
  return {
    get running() {
      return running;
    },
    /** What it says now (the last start or message). */
    get text() {
      return text;
    },
    start(message: string) {
      text = message;
      running = true;
      if (guide) out.write(`${guide}\n`);
      if (!out.isTTY) {
        out.write(`${message}\n`);
        return;
      }
      draw();
      timer = setInterval(draw, 120);
    },
    message(message: string) {
      text = message;
      if (!out.isTTY) out.write(`${message}\n`);
    },
    /** Stops and takes its line away (what comes next replaces it). */
    clear() {
      if (!running) return;
      running = false;
      if (timer) clearInterval(timer);
      timer = null;
      if (out.isTTY) out.write('\r\u001b[2K');
    },
    stop(symbol: string, message: string) {
      if (!running) return;
      running = false;
      if (timer) clearInterval(timer);
      timer = null;
      out.write(out.isTTY ? `\r\u001b[2K${symbol}  ${message}\n` : `${message}\n`);
    },
  };
}
