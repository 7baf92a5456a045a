import { Box, Text, useInput } from 'ink';
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
}

/** Up/down (or k/j) to move, Enter to choose, Esc to go back. */
export function SelectList<K extends string>({ items, initialKey, onSelect, onEscape, isActive = true }: Props<K>) {
  const theme = useTheme();
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
  return (
    <Box flexDirection="column">
      {items.map((item, i) => {
        const selected = i === index;
        return (
          <Box key={item.key} flexDirection="column">
            <Box flexDirection="row">
              <Text color={selected ? theme.text.accent : undefined} bold={selected}>{`${selected ? theme.glyph.pointer : ' '} `}</Text>
              <Paragraph color={selected ? theme.text.accent : undefined} bold={selected}>
                {item.label}
              </Paragraph>
            </Box>
            {item.hint ? (
              <Box marginLeft={4}>
                <Paragraph color={item.hintTone ? theme.status[item.hintTone] : theme.text.muted} dimColor={!item.hintTone && !theme.color}>
                  {item.hint}
                </Paragraph>
              </Box>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}
