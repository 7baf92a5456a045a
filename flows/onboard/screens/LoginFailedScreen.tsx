import { Box, Text, useInput } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { KeyHints, Message } from '../../../components/Message.js';

interface Props {
  message: string;
  canGoBack: boolean;
  /** The other way to sign in to the same provider (o), in words; null when there is none. */
  other: string | null;
  onRetry(): void;
  /** SPEC 12: the keychain failed; the pasted secret can go to the credential file instead (f). */
  onFile: (() => void) | null;
  onOther(): void;
  onBack(): void;
}

export function LoginFailedScreen({ message, canGoBack, other, onRetry, onFile, onOther, onBack }: Props) {
  useInput((input, key) => {
    if (key.return || input === 'r') onRetry();
    else if (other && input === 'o') onOther();
    else if (onFile && input === 'f') onFile();
    else if (key.escape || input === 'b') onBack();
  });
  return (
    <Box flexDirection="column" gap={1}>
      <Message tone="error">{message}</Message>
      {saysNothingSaved(message) ? null : <Text wrap="wrap">{t('failed.nothingSaved')}</Text>}
      <KeyHints
        hints={[
          ['Enter', t('key.tryAgain')],
          ...(onFile ? ([['f', t('failed.keepInFile')]] as [string, string][]) : []),
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
