import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

/**
 * The whole URL, wrapped, never cut: no border or indent beside it, so selecting the lines copies
 * nothing but the URL (browsers drop the line breaks when it is pasted).
 */
export function UrlBox({ url, title }: { url: string; title: string }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      <Text color={theme.text.link} wrap="wrap">
        {url}
      </Text>
    </Box>
  );
}
