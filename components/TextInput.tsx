import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import { Message } from './Message.js';
import { Paragraph } from './Paragraph.js';
import { useTheme } from './theme.js';
import { stripControl } from '../src/base/text.js';
import { PASTE_MARKERS, usePaste } from './usePaste.js';

interface Props {
  label: string;
  placeholder?: string;
  /** Secrets: never drawn, only their length. */
  mask?: boolean;
  /** Beside a masked value's dots: its length in words (the caller's language), e.g. "(104 characters)". */
  maskedNote?(length: number): string;
  /** Empty the field after Enter (secrets always are). */
  clearOnSubmit?: boolean;
  initialValue?: string;
  /** Shown under the field as it is typed (e.g. what is wrong with an id so far). */
  liveProblem?(value: string): string | null;
  /** Shown under the field after a refused submit. */
  error?: string | null;
  onSubmit(value: string): void;
  onEscape?(): void;
  isActive?: boolean;
  /** Text that would make the value longer is refused whole, at once (see MAX_DRAWN, MAX_MASKED). */
  maxLength?: number;
  /** What is said when it is, in the caller's language. */
  tooLongNote(length: number, max: number): string;
}

/**
 * Far past any address, code or id: a drawn value is laid out again on every frame (a spinner ticks ten
 * times a second), so a 32,000-character paste stalled the field for minutes. A masked value draws only
 * its dots; its cap stops a runaway paste before it is held (the secret checks refuse far less anyway).
 */
export const MAX_DRAWN = 4096;
export const MAX_MASKED = 32_768;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function TextInput(props: Props) {
  const { label, placeholder, mask = false, maskedNote, clearOnSubmit = false, initialValue = '', liveProblem, error, onSubmit, onEscape, isActive = true } = props;
  const maxLength = props.maxLength ?? (mask ? MAX_MASKED : MAX_DRAWN);
  const theme = useTheme();
  const [value, setState] = useState(initialValue);
  // The field's value lives in a ref as well: keys that arrive in one read reach a handler from the
  // render before, and must see what the previous key did (text then Enter, pasted or typed fast).
  const current = useRef(initialValue);
  const setValue = (next: string | ((previous: string) => string)) => {
    current.current = typeof next === 'function' ? next(current.current) : next;
    setState(current.current);
  };
  // An error is about what was submitted: once the field holds something else, it is no longer shown.
  const [submitted, setSubmitted] = useState(initialValue);
  // A masked paste keeps its own characters (the validator joins a secret's wrapped lines and refuses
  // control characters); a drawn one loses escape sequences and control characters, so that a pasted
  // address cannot write to the terminal (OSC 52, a title, a screen clear).
  // Text past the field's length is refused whole, and said so (a paste is one update, never drawn in part).
  const [refusedLength, setRefused] = useState<number | null>(null);
  const add = (text: string) => {
    const length = current.current.length + text.length;
    if (length > maxLength) return setRefused(length);
    setRefused(null);
    setValue((v) => v + text);
  };
  const paste = usePaste((text) => add(mask ? text : stripControl(text).replace(/[\r\n\t]+/g, ' ')), isActive);

  const submit = (text: string) => {
    setValue(mask || clearOnSubmit ? '' : text);
    setSubmitted(mask || clearOnSubmit ? '' : text);
    onSubmit(text);
  };

  useInput(
    (input, key) => {
      if (paste.isPasting() || PASTE_MARKERS.includes(input)) return;
      if (key.return) submit(current.current);
      else if (key.escape) onEscape?.();
      else if (key.backspace || key.delete) setValue((v) => v.slice(0, -1));
      else if (key.ctrl && input === 'u') {
        setValue('');
        setRefused(null);
      }
      else if (/^[\u007f\b]+$/.test(input)) {
        // A held Backspace (or a laggy link) delivers several in one read, as one string.
        setValue((v) => v.slice(0, Math.max(0, v.length - input.length)));
      } else if (!key.ctrl && !key.meta && input) {
        // Typed text and Enter can arrive in one read: a line break at the very end submits. Line
        // breaks inside (a wrapped paste without bracketed paste mode) are kept for the validator.
        const ending = /[\r\n]+$/.exec(input);
        const text = (ending ? input.slice(0, ending.index) : input).replace(/[\r\n]/g, ' ').replace(CONTROL, '');
        if (ending && current.current.length + text.length <= maxLength) submit(current.current + text);
        else add(text);
      }
    },
    { isActive },
  );

  const live = liveProblem?.(value) ?? null;
  const shown = mask
    ? value
      ? `${theme.glyph.bullet.repeat(Math.min(value.length, 24))}${maskedNote ? `  ${maskedNote(value.length)}` : ''}`
      : ''
    : value;
  return (
    <Box flexDirection="column">
      {/* Wrapped between words with no space starting a line (a field's hint, narrow). */}
      <Paragraph bold>{label}</Paragraph>
      {/* One paragraph, not a row of boxes: a long value (a pasted address) wraps whole instead of
          being squeezed into its box, which dropped characters at narrow widths. */}
      <Text wrap="wrap">
        <Text color={theme.text.accent}>{theme.glyph.pointer} </Text>
        {shown ? <Text>{shown}</Text> : <Text color={theme.text.muted} dimColor={!theme.color}>{placeholder ?? ''}</Text>}
        {isActive ? <Text inverse> </Text> : null}
      </Text>
      {refusedLength !== null ? <Message tone="error">{props.tooLongNote(refusedLength, maxLength)}</Message> : null}
      {error && value === submitted && refusedLength === null ? <Message tone="error">{error}</Message> : null}
      {!(error && value === submitted) && live && value ? <Message tone="warn">{live}</Message> : null}
    </Box>
  );
}
