// What a terminal shows: the pty's output fed into xterm.js (headless), so that Ink's frames, cursor
// moves and erases end up as the lines a person would see; and a watcher for the wizard's step titles.
// Plain JS so that scripts/ can import it; types live in terminal.d.mts.
import xterm from '@xterm/headless';

/** @param {{ cols: number; rows: number }} size */
export function createScreen({ cols, rows }) {
  const term = new xterm.Terminal({ cols, rows, scrollback: 0, allowProposedApi: true });
  let pending = Promise.resolve();
  const rowsNow = () => {
    const buffer = term.buffer.active;
    return Array.from({ length: term.rows }, (_, y) => buffer.getLine(buffer.viewportY + y));
  };
  return {
    /** @param {string} data */
    feed(data) {
      pending = new Promise((resolve) => term.write(data, () => resolve(undefined)));
    },
    async lines() {
      await pending;
      const lines = rowsNow().map((line) => line?.translateToString(true) ?? '');
      while (lines.length && lines[lines.length - 1] === '') lines.pop();
      return lines;
    },
    async softWrapped() {
      await pending;
      return rowsNow().filter((line) => line?.isWrapped).length;
    },
    /**
     * The same, but for lines the terminal had to wrap inside one word longer than a row (a sign-in link,
     * one logical line by design; a long path): those are left whole on purpose, so that they copy whole.
     */
    async softWrappedInsideWords() {
      await pending;
      let wrapped = 0;
      let logical = [];
      const close = () => {
        const text = logical.map((row) => row.translateToString(true)).join('');
        const longWord = text.split(/\s+/).some((word) => word.length > cols);
        if (!longWord) wrapped += logical.length - 1;
        logical = [];
      };
      for (const row of rowsNow()) {
        if (!row) continue;
        if (!row.isWrapped && logical.length) close();
        logical.push(row);
      }
      if (logical.length) close();
      return wrapped;
    },
    dispose() {
      term.dispose();
    },
  };
}

/** @param {string[]} lines */
export const words = (lines) => lines.map((l) => l.trim()).join(' ').replace(/\s+/g, ' ').trim();

/**
 * The authorize URL as drawn: the lines under `title` up to the next blank line, joined (Ink wraps
 * the URL by hard line breaks, so copying it from a terminal joins the same way).
 * @param {string[]} lines
 */
export function urlUnder(lines, title = 'Open this link to sign in:') {
  const start = lines.findIndex((line) => line.trim() === title);
  if (start < 0) return null;
  const parts = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) break;
    parts.push(line.trim());
  }
  return parts.join('') || null;
}

/** The title the wizard writes once a step's key handlers are armed (flows/onboard/run.tsx). */
export const stepTitle = (/** @type {string} */ kind) => `\u001b]2;openclaw onboard: ${kind}\u0007`;
const TITLES = /\u001b\]2;openclaw onboard: ([a-z-]+)\u0007/g;

/**
 * Reads along a pseudo-terminal running the wizard.
 * @param {import('@lydell/node-pty').IPty} pty
 * @param {{ cols: number; rows: number }} size
 */
export function watchWizard(pty, size) {
  const terminal = createScreen(size);
  let output = '';
  /** @type {Set<() => void>} */
  const listeners = new Set();
  pty.onData((data) => {
    output += data;
    terminal.feed(data);
    for (const listener of [...listeners]) listener();
  });
  /** @type {Promise<{ exitCode: number; signal?: number }>} */
  const exited = new Promise((resolve) => pty.onExit(resolve));
  const steps = () => [...output.matchAll(TITLES)].map((m) => /** @type {string} */ (m[1]));
  const screen = () => terminal.lines();

  /**
   * Resolves with the first non-null answer of `found`, asked now and after each write to the terminal.
   * @template T
   * @param {() => T | null | Promise<T | null>} found
   * @param {string} what
   * @param {number} timeoutMs
   * @returns {Promise<T>}
   */
  const waitUntil = (found, what, timeoutMs) =>
    new Promise((resolve, reject) => {
      let done = false;
      let asking = false;
      let again = false;
      let gone = false;
      const fail = async (why) => finish(new Error(`${why} ${what}. Steps: ${steps().join(' > ')}. Screen:\n${(await screen()).join('\n')}`));
      const finish = (error, value) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        listeners.delete(onData);
        if (error) reject(error);
        else resolve(value);
      };
      const check = async () => {
        if (done) return;
        if (asking) return void (again = true);
        asking = true;
        const answer = await found();
        asking = false;
        if (answer !== null) return finish(null, answer);
        if (again) {
          again = false;
          return check();
        }
        if (gone) await fail('the wizard exited before');
      };
      const onData = () => setImmediate(() => void check());
      listeners.add(onData);
      const timer = setTimeout(() => void fail(`timed out after ${timeoutMs} ms waiting for`), timeoutMs);
      void exited.then(() =>
        setImmediate(() => {
          gone = true;
          void check();
        }),
      );
      void check();
    });

  /**
   * Waits for the step's title after `since` (an offset into the raw output); resolves with the offset just after it.
   * @param {string} kind
   * @param {{ since?: number; timeoutMs?: number }} [options]
   * @returns {Promise<number>}
   */
  const waitStep = (kind, { since = 0, timeoutMs = 20_000 } = {}) => {
    const marker = stepTitle(kind);
    return waitUntil(
      () => {
        const at = output.indexOf(marker, since);
        return at < 0 ? null : at + marker.length;
      },
      `step ${kind}`,
      timeoutMs,
    );
  };

  return {
    raw: () => output,
    exited,
    steps,
    screen,
    softWrapped: () => terminal.softWrapped(),
    softWrappedInsideWords: () => terminal.softWrappedInsideWords(),
    shownUrl: async () => urlUnder(await screen()),
    waitStep,
    /**
     * @param {RegExp | string} pattern
     * @param {{ timeoutMs?: number }} [options]
     */
    waitScreen(pattern, { timeoutMs = 20_000 } = {}) {
      return waitUntil(
        async () => {
          const shown = words(await screen());
          return (typeof pattern === 'string' ? shown.includes(pattern) : pattern.test(shown)) ? shown : null;
        },
        `${String(pattern)} on screen`,
        timeoutMs,
      );
    },
    /**
     * Writes keys once `kind` is announced (after `since`); resolves with the offset before the write.
     * @param {string} kind
     * @param {string} data
     * @param {{ since?: number; timeoutMs?: number }} [options]
     */
    async keys(kind, data, options) {
      await waitStep(kind, options);
      const mark = output.length;
      pty.write(data);
      return mark;
    },
    dispose: () => terminal.dispose(),
  };
}

/** A bracketed paste, as a terminal sends it when text is pasted. */
export const paste = (/** @type {string} */ text) => `\u001b[200~${text}\u001b[201~`;

export const KEY = Object.freeze({ enter: '\r', down: '\u001b[B', up: '\u001b[A', esc: '\u001b', ctrlC: '\u0003' });
