import { fstatSync, writeSync } from 'node:fs';

/**
 * Standard output and error for the CLI. Node's own stream for a pipe is a net.Socket: creating it loads the
 * net and stream modules, ~2.5 ms of the ~13 ms `openclaw models status` adds to Node's start (most runs of
 * a line command, in a script or a test, write to a pipe or a file). When the descriptor is not a terminal,
 * what is written goes straight to it with writeSync, as Node itself does for a file; Node's stream is made
 * only when something asks for more than `write` (an event, a spinner's cursor) and from then on takes
 * every write, so the order of output holds. A terminal gets Node's stream at once (its size, its modes).
 *
 * A reader that stops early (`openclaw models status | head -3`) is not a failure: what is left to write is
 * dropped, and the command finishes its work (a store write is never cut short by a closed pipe).
 */
export function stdio(fd: number, make: () => NodeJS.WriteStream = () => nodeStream(fd === 1 ? 1 : 2)): NodeJS.WriteStream {
  let terminalOrUnknown: boolean;
  try {
    terminalOrUnknown = fstatSync(fd).isCharacterDevice();
  } catch {
    terminalOrUnknown = true;
  }
  if (terminalOrUnknown) return made(make());

  let stream: NodeJS.WriteStream | undefined;
  let closed = false;
  const promote = () => (stream ??= made(make()));
  const write = (chunk: string | Uint8Array, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean => {
    if (stream) return stream.write(chunk, encoding as BufferEncoding, callback);
    const done = typeof encoding === 'function' ? encoding : callback;
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk;
    try {
      while (bytes.length > 0 && !closed) bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A descriptor left non-blocking by whoever opened it, and full: Node's stream waits for room.
      if (code === 'EAGAIN') return promote().write(bytes, done);
      if (code !== 'EPIPE') throw error;
      closed = true;
    }
    if (done) process.nextTick(done);
    return true;
  };
  const fast: Record<PropertyKey, unknown> = { write, isTTY: false, columns: undefined, rows: undefined, fd };
  return new Proxy({} as NodeJS.WriteStream, {
    get(_target, key) {
      if (!stream && key in fast) return fast[key];
      if (key === 'write') return write;
      const real = promote();
      const value: unknown = Reflect.get(real, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
    set: (_target, key, value) => Reflect.set(promote(), key, value),
    has: (_target, key) => (!stream && key in fast) || Reflect.has(promote(), key),
  });
}

type WriteCallback = (error?: Error | null) => void;

/** Node's stream for fd 1 or 2, with a closed pipe dropping what is left instead of crashing. */
function nodeStream(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return stream;
}

/** Node's streams made so far, whose unwritten output exitWhenWritten waits for. */
const streams = new Set<NodeJS.WriteStream>();
function made(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  streams.add(stream);
  return stream;
}

/**
 * Ends the process once what was written to its streams has left (a pipe whose reader is slow), but waits
 * for nothing else: the command is over, and whatever still holds the event loop (a connection through a
 * proxy that an abort did not close, for one) must not keep it alive. When nothing holds the loop, the
 * process has ended by itself before the timer fires (it is unref'd).
 */
export function exitWhenWritten(afterMs = 100): void {
  const check = () => {
    if ([...streams].some((stream) => stream.writableLength > 0)) setTimeout(check, 50).unref();
    else process.exit();
  };
  setTimeout(check, afterMs).unref();
}

let out: NodeJS.WriteStream | undefined;
let err: NodeJS.WriteStream | undefined;
/** The process's standard output, as described above (one per process). */
export const stdout = (): NodeJS.WriteStream => (out ??= stdio(1));
/** The process's standard error, as described above (one per process). */
export const stderr = (): NodeJS.WriteStream => (err ??= stdio(2));
