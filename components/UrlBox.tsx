import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

/**
 * The whole URL as one logical line, never cut and never broken by a newline: the terminal soft-wraps
 * it, so that copying it from tmux or screen copies it whole. Its line is wider than the terminal, which
 * Ink can only write once: draw this in <Static> (Ink counts a live line as one row when it erases).
 */
export function UrlBox({ url, title }: { url: string; title: string }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold wrap="wrap">
        {title}
      </Text>
      {/* Room for every character at two columns: never narrower than the URL, so never wrapped by Ink. */}
      <Box width={Math.max(1, [...url].length * 2)} flexShrink={0}>
        <Text color={theme.text.link}>{url}</Text>
      </Box>
    </Box>
  );
}
