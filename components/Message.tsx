import { Box, Text } from 'ink';
import { Paragraph } from './Paragraph.js';
import { useTheme } from './theme.js';

/** A one-paragraph notice with a tone; wraps to the terminal width. */
export function Message({ tone, children }: { tone: 'info' | 'ok' | 'warn' | 'error'; children: string }) {
  const theme = useTheme();
  const glyph = { info: theme.glyph.bullet, ok: theme.glyph.tick, warn: theme.glyph.warn, error: theme.glyph.cross }[tone];
  const color = { info: theme.text.accent, ok: theme.status.ok, warn: theme.status.warn, error: theme.status.error }[tone];
  // The glyph stands apart and the text hangs beside it: wrapped lines start under its first word.
  return (
    <Box flexDirection="row">
      <Text color={color}>{`${glyph} `}</Text>
      <Paragraph>{children}</Paragraph>
    </Box>
  );
}

/**
 * Keys and what they do, one item each: a narrow terminal wraps between items, never between a key and
 * its word ("Ctrl+C" on one line, "quit" on the next).
 */
export function KeyHints({ hints }: { hints: [string, string][] }) {
  const theme = useTheme();
  return (
    <Box flexDirection="row" flexWrap="wrap">
      {hints.map(([key, what], i) => (
        <Text key={key} color={theme.text.muted} dimColor={!theme.color} wrap="truncate-end">
          {`${key} ${what}${i < hints.length - 1 ? ' · ' : ''}`}
        </Text>
      ))}
    </Box>
  );
}
