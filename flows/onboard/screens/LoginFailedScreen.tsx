import { Box, Text, useInput } from 'ink';
import { KeyHints, Message } from '../../../components/Message.js';

interface Props {
  message: string;
  canGoBack: boolean;
  /** The other way to sign in to the same provider (o), in words; null when there is none. */
  other: string | null;
  onRetry(): void;
  onOther(): void;
  onBack(): void;
}

export function LoginFailedScreen({ message, canGoBack, other, onRetry, onOther, onBack }: Props) {
  useInput((input, key) => {
    if (key.return || input === 'r') onRetry();
    else if (other && input === 'o') onOther();
    else if (key.escape || input === 'b') onBack();
  });
  return (
    <Box flexDirection="column" gap={1}>
      <Message tone="error">{message}</Message>
      <Text>Nothing was saved.</Text>
      <KeyHints
        hints={[
          ['Enter', 'try again'],
          ...(other ? ([['o', other]] as [string, string][]) : []),
          ...(canGoBack ? ([['Esc', 'back']] as [string, string][]) : []),
          ['Ctrl+C', 'quit'],
        ]}
      />
    </Box>
  );
}
