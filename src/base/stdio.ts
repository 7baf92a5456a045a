import { fstatSync, statSync, writeSync, type Stats } from 'node:fs';
import { t } from './i18n/index.js';

/**
 * Standard output and error for the CLI. Node's own stream for a pipe is a net.Socket: creating it loads the
 * net and stream modules, ~2.5 ms of the ~13 ms `openclaw models status` adds to Node's start (most runs of
 * a line command, in a script or a test, write to a pipe or a file). When the descriptor is not a terminal,
 * what is written goes straight to it with writeSync, as Node itself does for a file; Node's stream is made
 * only when something asks for more than `write` (an event, a spinner's cursor) and from then on takes
 * every write, so the order of output holds. A terminal is written to in the same way until something asks
 * for its size, its modes or an event, which only Node's stream (a tty.WriteStream, which loads the net and
 * stream modules: ~5 ms of `openclaw models status` in a terminal) knows; status and token never ask.
 *
 * A reader that stops early (`openclaw models status | head -3`) is not a failure: what is left to write is
 * dropped, and the command finishes its work (a store write is never cut short by a closed pipe). Output
 * that cannot be written for another reason (a full disk, a terminal gone) is dropped too, said once on
 * stderr, and the command then exits 1 (outputWasLost), never with a stack trace.
 */
export function stdio(fd: number, make: () => NodeJS.WriteStream = () => nodeStream(fd === 1 ? 1 : 2)): NodeJS.WriteStream {
  let terminal: boolean;
  try {
    const info = fstatSync(fd);
    terminal = info.isCharacterDevice() && !isDevNull(info);
  } catch {
    // Not to be looked at (closed?): Node's stream, whatever it makes of it.
    return made(make());
  }

  let stream: NodeJS.WriteStream | undefined;
  const sink: Sink = {
    fd,
    closed: false,
    promote: () => {
      if (!stream) {
        // What is still queued for this descriptor goes first, so that the order of output holds.
        flush();
        stream = made(make());
      }
      return stream;
    },
  };
  const write = (chunk: string | Uint8Array, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean => {
    if (stream) return stream.write(chunk, encoding as BufferEncoding, callback);
    const done = typeof encoding === 'function' ? encoding : callback;
    // Text in UTF-8 is kept as it is and made bytes once, at the flush (a status is some forty writes).
    const text = typeof chunk === 'string' && (typeof encoding !== 'string' || encoding === 'utf8' || encoding === 'utf-8');
    queue(sink, text ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, encoding as BufferEncoding) : chunk, done);
    return true;
  };
  // Off a terminal there is no size to ask for; on one, asking for it makes Node's stream.
  const fast: Record<PropertyKey, unknown> = terminal ? { write, isTTY: true, fd } : { write, isTTY: false, columns: undefined, rows: undefined, fd };
  return new Proxy({} as NodeJS.WriteStream, {
    get(_target, key) {
      if (!stream && key in fast) return fast[key];
      if (key === 'write') return write;
      const real = sink.promote();
      const value: unknown = Reflect.get(real, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
    set: (_target, key, value) => Reflect.set(sink.promote(), key, value),
    has: (_target, key) => (!stream && key in fast) || Reflect.has(sink.promote(), key),
  });
}

/**
 * /dev/null is a character device, as a terminal is, but Node's stream for it is a file's (written in place,
 * like ours), whose making loads the stream modules: ~3 ms of `openclaw models status --check >/dev/null`.
 */
function isDevNull(info: Stats): boolean {
  try {
    return statSync('/dev/null').rdev === info.rdev;
  } catch {
    return false;
  }
}

/** A descriptor written straight to: `promote` makes Node's stream for it. */
interface Sink {
  fd: number;
  closed: boolean;
  promote: () => NodeJS.WriteStream;
}

/**
 * Writes are gathered and written together (one writeSync for a status of 20,000 profiles, not one per
 * line: 40,000 system calls, each handing the pipe's reader a few bytes, cost a second), at the end of the
 * current task or when 64 kB are waiting, and before the process exits. stdout and stderr share the queue,
 * so that output to one pipe (2>&1) keeps its order.
 */
const FLUSH_AT = 64 * 1024;

function queue(sink: Sink, chunk: string | Uint8Array, done: WriteCallback | undefined): void {
  const last = shared.queued.at(-1);
  if (last && last.sink === sink) last.chunks.push(chunk);
  else shared.queued.push({ sink, chunks: [chunk] });
  if (done) shared.callbacks.push(done);
  // A string's length is counted for its bytes: near enough for when to flush.
  shared.bytes += chunk.length;
  if (shared.bytes >= FLUSH_AT) flush();
  else if (!shared.flushing) {
    shared.flushing = true;
    // A promise's reaction, not queueMicrotask: Node makes an AsyncResource for each of those.
    void Promise.resolve().then(flush);
    if (!shared.atExit) {
      shared.atExit = true;
      process.on('exit', flush);
    }
  }
}

function flush(): void {
  const queued = shared.queued.splice(0);
  const callbacks = shared.callbacks.splice(0);
  shared.bytes = 0;
  shared.flushing = false;
  for (const { sink, chunks } of queued) {
    let bytes = bytesOf(chunks);
    try {
      while (bytes.length > 0 && !sink.closed) bytes = bytes.subarray(writeSync(sink.fd, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A descriptor left non-blocking by whoever opened it, and full: Node's stream waits for room.
      if (code === 'EAGAIN') sink.promote().write(bytes);
      else {
        lose(sink.fd, error as NodeJS.ErrnoException);
        sink.closed = true;
      }
    }
  }
  for (const done of callbacks) process.nextTick(done);
}

/** The chunks as one run of bytes: text joined and encoded once. */
function bytesOf(chunks: (string | Uint8Array)[]): Uint8Array {
  if (chunks.every((chunk) => typeof chunk === 'string')) return Buffer.from(chunks.join(''), 'utf8');
  const parts = chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

type WriteCallback = (error?: Error | null) => void;

/** Node's stream for fd 1 or 2, whose write errors drop what is left instead of crashing. */
function nodeStream(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  stream.on('error', (error: NodeJS.ErrnoException) => lose(fd, error));
  return stream;
}

/**
 * A write to `fd` failed. Lost output (stdout) is said once on stderr and fails the run; a reader that
 * stopped early (EPIPE) does not, nor does a stderr that is gone (it carries only diagnostics, and there is
 * nowhere left to say so).
 */
function lose(fd: number, error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE' || fd === 2 || shared.lost) return;
  shared.lost = true;
  // Node's stream reports it after the command may have ended and set its code.
  if (!process.exitCode) process.exitCode = 1;
  try {
    writeSync(2, `openclaw: ${t('output.lost', { code: error.code ?? 'EIO' })}\n`);
  } catch {
    // stderr is gone too: nothing left to tell.
  }
}

/** Whether some output could not be written (other than to a reader that stopped early): the run then fails. */
export const outputWasLost = (): boolean => shared.lost;

/**
 * What this module knows of the process, kept on globalThis: the CLI and the wizard are two bundles, each
 * with its own copy of this module, and main() must see what the wizard's copy made and lost.
 * `streams`: Node's streams made so far, whose unwritten output exitWhenWritten waits for.
 */
interface StdioState {
  streams: Set<NodeJS.WriteStream>;
  lost: boolean;
  /** Writes not yet made, in order (see queue). */
  queued: { sink: Sink; chunks: (string | Uint8Array)[] }[];
  callbacks: WriteCallback[];
  bytes: number;
  flushing: boolean;
  atExit: boolean;
}
const shared = ((globalThis as Record<symbol, StdioState | undefined>)[Symbol.for('openclaw.stdio')] ??= {
  streams: new Set(),
  lost: false,
  queued: [],
  callbacks: [],
  bytes: 0,
  flushing: false,
  atExit: false,
});
function made(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  shared.streams.add(stream);
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
    if (stillWriting()) setTimeout(check, 50).unref();
    else process.exit();
  };
  setTimeout(check, afterMs).unref();
}

/**
 * For a command that leaves nothing running once it has returned (the fast path's `models status` and
 * `models auth token`): the process ends as soon as its output has left, not when the event loop has
 * drained. An exit of its own accord also tears down what process.exit() leaves to the system (V8's heap,
 * Node's environment): ~1 ms of a status (three paired runs of 31: 0.8, 1.7 and 1.9 ms sooner).
 */
export function exitAsSoonAsWritten(): void {
  flush();
  if (stillWriting()) exitWhenWritten(0);
  else process.exit();
}

/** Something is queued in one of Node's streams (a pipe whose reader is slow). */
const stillWriting = () => [...shared.streams].some((stream) => stream.writableLength > 0 && !stream.destroyed);

let out: NodeJS.WriteStream | undefined;
let err: NodeJS.WriteStream | undefined;
/** The process's standard output, as described above (one per process). */
export const stdout = (): NodeJS.WriteStream => (out ??= stdio(1));
/** The process's standard error, as described above (one per process). */
export const stderr = (): NodeJS.WriteStream => (err ??= stdio(2));
