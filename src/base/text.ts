/**
 * Text from outside (a file, a server, a flag, a paste) shown on a terminal must not draw on it. One
 * home for the patterns that make it safe; everything that shows such text uses these.
 */

// CSI (ESC [ … final byte, bracketed-paste markers included), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC
// strings (ESC P|X|^|_ … ST), then any other ESC + one byte.
const ESCAPES = new RegExp(
  [
    '\\u001b\\[[0-?]*[ -/]*[@-~]',
    '\\u001b\\][^\\u0007\\u001b]*(?:\\u0007|\\u001b\\\\)?',
    '\\u001b[PX^_][^\\u0007\\u001b]*(?:\\u0007|\\u001b\\\\)?',
    '\\u001b[@-_]?',
  ].join('|'),
  'g',
);
/** C0 and C1 control characters (tab and newline included). */
const CONTROLS = new RegExp('[\\u0000-\\u001f\\u007f-\\u009f]', 'g');
const CONTROLS_BUT_LINES = new RegExp('[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]', 'g');
// Bidirectional overrides and zero-width characters make a terminal show text in another order than it is.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const PLAIN = /^[\u0020-\u007e]*$/;

/**
 * Printable ASCII only (space to `~`): no escape, control or invisible character, one column a character.
 * Most text is, and the checks below then leave it as it is without running their patterns: V8 compiles
 * each pattern at its first use, ~0.1 M instructions apiece, and `models status` compiled five of them for
 * text that had nothing to remove.
 */
export function isPlainAscii(text: string): boolean {
  return PLAIN.test(text);
}

/** Removes escape sequences only; other control characters stay (a paste check wants to see them). */
export function stripEscapes(text: string): string {
  return isPlainAscii(text) ? text : text.replace(ESCAPES, '');
}

/** Removes escape sequences, control characters (but tab and newline) and invisible reordering marks. */
export function stripControl(text: string): string {
  return isPlainAscii(text) ? text : stripEscapes(text).replace(CONTROLS_BUT_LINES, '').replace(INVISIBLE, '');
}

/**
 * Whether a value a server sent is shaped as a token (RFC 6749's characters for one: printable ASCII, no
 * space): the rule a pasted token is held to. Anything else (escape sequences, control or invisible
 * characters) is refused rather than stored, and so never printed (SPEC 4).
 */
export function isTokenText(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]+$/.test(value);
}

export function hasControl(text: string): boolean {
  if (isPlainAscii(text)) return false;
  CONTROLS.lastIndex = 0;
  return CONTROLS.test(text);
}

/** Shows a value from outside inside a message: control characters as `?`, at most `max` characters. */
export function printable(text: string, max = 80): string {
  const clean = isPlainAscii(text) ? text : text.replace(CONTROLS, '?').replace(INVISIBLE, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
