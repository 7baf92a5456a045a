import { Box, Text } from 'ink';

/**
 * Text that wraps between words with no space left at the start of a line. Ink wraps a <Text> keeping
 * the spaces (wrap-ansi's trim: false), so a line that fills the width exactly pushes its space onto the
 * next one; here each word is laid out on its own, one column apart. A word wider than the line (a long
 * URL, a sentence in Chinese, which has no spaces) still wraps inside itself.
 */
export function Paragraph({ children, color, bold, dimColor }: { children: string; color?: string; bold?: boolean; dimColor?: boolean }) {
  const words = children.split(/ +/).filter(Boolean);
  return (
    <Box flexDirection="row" flexWrap="wrap" columnGap={1} flexShrink={1}>
      {words.map((word, i) => (
        <Text key={i} color={color} bold={bold} dimColor={dimColor} wrap="wrap">
          {word}
        </Text>
      ))}
    </Box>
  );
}
