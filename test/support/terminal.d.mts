// Hand-written types for terminal.mjs (kept as JS so plain `node` scripts can import it).
import type { IPty } from 'node-pty';

export interface Screen {
  feed(data: string): void;
  /** The visible rows once everything fed so far is parsed, right-trimmed, without trailing blank rows. */
  lines(): Promise<string[]>;
  /** Rows the terminal wrapped by itself: a line drawn wider than the terminal. */
  softWrapped(): Promise<number>;
  /** The same, but not counting lines wrapped inside a word longer than a row (a link, a long path). */
  softWrappedInsideWords(): Promise<number>;
  dispose(): void;
}

export interface WizardWatch {
  /** Everything written to the terminal so far, raw. */
  raw(): string;
  exited: Promise<{ exitCode: number; signal?: number }>;
  /** The step kinds announced so far, in order. */
  steps(): string[];
  /** What the terminal shows now, row by row. */
  screen(): Promise<string[]>;
  softWrapped(): Promise<number>;
  /** The same, but not counting lines wrapped inside a word longer than a row (a link, a long path). */
  softWrappedInsideWords(): Promise<number>;
  /** The authorize URL as drawn (its wrapped lines joined); null when not on screen. */
  shownUrl(): Promise<string | null>;
  /** Waits for the step's title after `since` (an offset into raw()); resolves with the offset just after it. */
  waitStep(kind: string, options?: { since?: number; timeoutMs?: number }): Promise<number>;
  /** Waits until the screen, read as one line of words, matches; resolves with that line. */
  waitScreen(pattern: RegExp | string, options?: { timeoutMs?: number }): Promise<string>;
  /** Writes keys once `kind` is announced (after `since`); resolves with the offset before the write. */
  keys(kind: string, data: string, options?: { since?: number; timeoutMs?: number }): Promise<number>;
  dispose(): void;
}

export function createScreen(size: { cols: number; rows: number }): Screen;
/** A screen as one line of words, so that a phrase matches however it wrapped. */
export function words(lines: string[]): string;
export function urlUnder(lines: string[], title?: string): string | null;
export function stepTitle(kind: string): string;
export function watchWizard(pty: IPty, size: { cols: number; rows: number }): WizardWatch;
export function paste(text: string): string;
export const KEY: Readonly<{ enter: string; down: string; up: string; esc: string; ctrlC: string }>;
