import { Box, Text, useInput } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
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
      {saysNothingSaved(message) ? null : <Text wrap="wrap">{t('failed.nothingSaved')}</Text>}
      <KeyHints
        hints={[
          ['Enter', t('key.tryAgain')],
          ...(other ? ([['o', other]] as [string, string][]) : []),
          ...(canGoBack ? ([['Esc', t('key.back')]] as [string, string][]) : []),
          ['Ctrl+C', t('key.quit')],
        ]}
      />
    </Box>
  );
}

/** Most failures already end by saying nothing was saved; the screen does not say it twice. */
function saysNothingSaved(message: string): boolean {
  const words = t('failed.nothingSaved').replace(/[.。]$/, '').toLowerCase();
  return message.toLowerCase().includes(words);
}
