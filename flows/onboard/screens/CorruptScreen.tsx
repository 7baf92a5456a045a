import { Box, Text, useInput } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { KeyHints, Message } from '../../../components/Message.js';

/** SPEC 3: only the wizard may move a broken store aside, and only after an explicit yes. */
export function CorruptScreen({ file, problem, onAnswer }: { file: string; problem: string; onAnswer(moveAside: boolean): void }) {
  useInput((input, key) => {
    if (input === 'y' || input === 'Y') onAnswer(true);
    else if (input === 'n' || input === 'N' || key.return || key.escape) onAnswer(false);
  });
  return (
    <Box flexDirection="column" gap={1}>
      <Message tone="error">{t('corrupt.title', { problem })}</Message>
      <Text wrap="wrap">{file}</Text>
      <Text wrap="wrap">{t('corrupt.body')}</Text>
      <KeyHints hints={[['y', t('key.moveAside')], ['n', t('key.leaveAndQuit')]]} />
    </Box>
  );
}
