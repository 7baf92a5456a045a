import { Box, Text, useInput } from 'ink';
import { KeyHints, Message } from '../../../components/Message.js';

export function LoginFailedScreen({ message, canGoBack, onRetry, onBack }: { message: string; canGoBack: boolean; onRetry(): void; onBack(): void }) {
  useInput((input, key) => {
    if (key.return || input === 'r') onRetry();
    else if (key.escape || input === 'b') onBack();
  });
  return (
    <Box flexDirection="column" gap={1}>
      <Message tone="error">{message}</Message>
      <Text>Nothing was saved.</Text>
      <KeyHints hints={[['Enter', 'try again'], ...(canGoBack ? ([['Esc', 'back']] as [string, string][]) : []), ['Ctrl+C', 'quit']]} />
    </Box>
  );
}
