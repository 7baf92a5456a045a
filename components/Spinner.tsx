import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { useTheme } from './theme.js';

export function Spinner({ label }: { label: string }) {
  const theme = useTheme();
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % theme.glyph.spinner.length), 100);
    return () => clearInterval(timer);
  }, [theme.glyph.spinner.length]);
  // The label hangs beside the glyph: wrapped, it goes on under its own first word, never under the glyph
  // with a space in front (as one Text wrapped it at 60 columns).
  return (
    <Box>
      <Text color={theme.text.accent}>{`${theme.glyph.spinner[frame]} `}</Text>
      <Box flexShrink={1}>
        <Text>{label}</Text>
      </Box>
    </Box>
  );
}
