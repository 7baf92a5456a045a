import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { useTheme } from './theme.js';

export function Spinner({ label }: { label: string }) {
  const theme = useTheme();
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % theme.glyph.spinner.length), 100);
    return () => clearInterval(timer);
  }, [theme.glyph.spinner.length]);
  return (
    <Text>
      <Text color={theme.text.accent}>{theme.glyph.spinner[frame]}</Text> {label}
    </Text>
  );
}
