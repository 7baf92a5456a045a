// The driver for screen tests: the whole wizard rendered once over fake deps, driven by keys, read by
// frames (never by sleeping).
import { stripVTControlCharacters } from 'node:util';
import { Box } from 'ink';
import { StrictMode } from 'react';
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { makeTheme, type Theme } from '../../components/theme.js';
import { OnboardApp, type ExitStep } from '../../flows/onboard/App.js';
import type { Options } from '../../flows/onboard/state.js';
import type { FakeWorld } from '../support/fake-deps.js';

export const KEY = {
  enter: '\r',
  esc: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
  backspace: '\u007f',
  paste: (text: string) => `\u001b[200~${text}\u001b[201~`,
};

/**
 * The hooks every screen test file installs. React warns about every update outside act() when
 * IS_REACT_ACT_ENVIRONMENT is set; these tests drive Ink through its stdin and wait for frames instead,
 * so the warning is noise here.
 */
export function installScreenHooks() {
  const consoleError = console.error;
  beforeAll(() => {
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('not wrapped in act(')) return;
      consoleError(...args);
    });
  });
  afterAll(() => vi.restoreAllMocks());
  afterEach(() => cleanup());
}


export type Until = string | RegExp | ((frame: string) => boolean);

/** The frame as text: no colour codes. */
export const plain = (frame: string | undefined) => stripVTControlCharacters(frame ?? '');
/** Word-wrapped text joined again: every run of white space as one space. */
export const words = (frame: string) => frame.replace(/\s+/g, ' ');
/** The lines trimmed and joined with nothing between: what a hard-wrapped URL reads as. */
export const joined = (frame: string) =>
  frame
    .split('\n')
    .map((l) => l.trim())
    .join('');
/** A string is found as drawn, or across word wrapping, or across a hard wrap. */
const matches = (frame: string, until: Until) =>
  typeof until === 'string'
    ? frame.includes(until) || words(frame).includes(until) || joined(frame).includes(until)
    : until instanceof RegExp
      ? until.test(frame)
      : until(frame);

interface Start {
  options?: Partial<Options>;
  theme?: Theme;
  /** Render inside a Box this wide. */
  width?: number;
  /** Under React's StrictMode: each render run twice, as React may (a render must change nothing). */
  strict?: boolean;
}

/** Renders the wizard once over fake deps and drives it by keys, waiting for frames (never sleeping). */
export function start(world: FakeWorld, { options = {}, theme = makeTheme(), width, strict = false }: Start = {}) {
  const exits: ExitStep[] = [];
  const tracked: Promise<unknown>[] = [];
  const app = (
    <OnboardApp
      deps={world.deps}
      options={{ agent: null, newAgent: false, authChoice: null, relogin: null, noBrowser: false, headless: false, ...options }}
      theme={theme}
      onExit={(exit) => {
        exits.push(exit);
      }}
      track={(work) => tracked.push(work)}
      width={width}
    />
  );
  const sized = width ? <Box width={width}>{app}</Box> : app;
  const ink = render(strict ? <StrictMode>{sized}</StrictMode> : sized);
  const frame = () => plain(ink.lastFrame());

  /** Waits until the last frame shows `until`, then yields once so React re-subscribes input handlers. */
  async function waitFor(until: Until, changedFrom?: string): Promise<string> {
    const shown = await vi.waitFor(
      () => {
        const now = frame();
        if (changedFrom !== undefined && now === changedFrom) throw new Error(`the frame did not change from:\n${now}`);
        if (!matches(now, until)) throw new Error(`waiting for ${String(until)}; the last frame:\n${now}`);
        return now;
      },
      { timeout: 5000, interval: 2 },
    );
    await new Promise((resolve) => setImmediate(resolve));
    return shown;
  }

  /** The one exit, as soon as it is reported (a test that expects none fails in 5 s, not at its timeout). */
  const exit = () =>
    vi.waitFor(
      () => {
        if (!exits[0]) throw new Error(`no exit yet; the last frame:\n${frame()}`);
        return exits[0];
      },
      { timeout: 5000, interval: 2 },
    );

  return {
    frame,
    exit,
    /** Every frame drawn so far, colour codes left in. */
    frames: () => [...ink.frames],
    exits,
    tracked,
    waitFor,
    /** Writes a key, then waits for a new frame that shows `until`. */
    async press(key: string, until: Until): Promise<string> {
      const before = frame();
      ink.stdin.write(key);
      return waitFor(until, before);
    },
    write: (key: string) => ink.stdin.write(key),
  };
}

export type Driver = ReturnType<typeof start>;
