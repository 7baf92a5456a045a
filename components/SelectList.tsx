import { Box, Text, useInput, useStdout } from 'ink';
import { useRef, useState } from 'react';
import { Paragraph } from './Paragraph.js';
import { useTheme } from './theme.js';

export interface SelectItem<K extends string> {
  key: K;
  label: string;
  /** A second, dimmer line: the item's current state. */
  hint?: string;
  hintTone?: 'ok' | 'warn' | 'error';
}

interface Props<K extends string> {
  items: SelectItem<K>[];
  initialKey?: K;
  onSelect(key: K): void;
  onEscape?(): void;
  isActive?: boolean;
  /**
   * The rows the list may take (unset: the terminal's height less a screen's title and keys). A list
   * taller than that drops its hint lines, then shows a window around the cursor: Ink clears the whole
   * screen, and the scrollback with it, once a frame is as tall as the terminal.
   */
  maxRows?: number;
}

/** A screen's title, gaps and keys around its list, and a row to spare. */
const AROUND_LIST = 7;

/** Up/down (or k/j) to move, Enter to choose, Esc to go back. */
export function SelectList<K extends string>({ items, initialKey, onSelect, onEscape, isActive = true, maxRows }: Props<K>) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const budget = Math.max(3, maxRows ?? (stdout.rows || 24) - AROUND_LIST);
  const [index, setState] = useState(() => Math.max(0, items.findIndex((item) => item.key === initialKey)));
  // Also in a ref: a move and Enter read together must choose the moved-to item.
  const current = useRef(index);
  const setIndex = (next: (i: number) => number) => {
    current.current = next(current.current);
    setState(current.current);
  };
  useInput(
    (input, key) => {
      if (key.upArrow || input === 'k') setIndex((i) => (i + items.length - 1) % items.length);
      else if (key.downArrow || input === 'j') setIndex((i) => (i + 1) % items.length);
      else if (key.return) onSelect(items[current.current]!.key);
      else if (key.escape) onEscape?.();
    },
    { isActive },
  );
  // Compact for a short terminal: one line an item, then only the items around the cursor.
  const withHints = items.reduce((rows, item) => rows + (item.hint ? 2 : 1), 0) <= budget;
  const shown = withHints ? items.length : Math.min(items.length, budget - (items.length > budget ? 2 : 0));
  const first = Math.min(Math.max(0, index - Math.floor(shown / 2)), items.length - shown);
  const visible = items.slice(first, first + shown);
  return (
    <Box flexDirection="column">
      {first > 0 ? <Text color={theme.text.muted}>  ↑ {first}</Text> : null}
      {visible.map((item, at) => {
        const i = first + at;
        const selected = i === index;
        return (
          <Box key={item.key} flexDirection="column">
            <Box flexDirection="row">
              <Text color={selected ? theme.text.accent : undefined} bold={selected}>{`${selected ? theme.glyph.pointer : ' '} `}</Text>
              <Paragraph color={selected ? theme.text.accent : undefined} bold={selected}>
                {item.label}
              </Paragraph>
            </Box>
            {item.hint && withHints ? (
              <Box marginLeft={4}>
                <Paragraph color={item.hintTone ? theme.status[item.hintTone] : theme.text.muted} dimColor={!item.hintTone && !theme.color}>
                  {item.hint}
                </Paragraph>
              </Box>
            ) : null}
          </Box>
        );
      })}
      {first + shown < items.length ? <Text color={theme.text.muted}>  ↓ {items.length - first - shown}</Text> : null}
    </Box>
  );
}
