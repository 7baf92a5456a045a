import { Box, Text, useInput } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { KeyHints } from '../../../components/Message.js';

/** SPEC 2: `onboard --agent <new id>` asks before it creates the agent; a typo is not made real. */
export function ConfirmAgentScreen({ agent, onAnswer }: { agent: string; onAnswer(create: boolean): void }) {
  useInput((input, key) => {
    if (input === 'y' || input === 'Y' || key.return) onAnswer(true);
    else if (input === 'n' || input === 'N' || key.escape) onAnswer(false);
  });
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">{t('confirmAgent.title', { agent })}</Text>
      <Text wrap="wrap">{t('confirmAgent.body')}</Text>
      <KeyHints hints={[['y/Enter', t('key.createIt')], ['n/Esc', t('key.quitNothingCreated')]]} />
    </Box>
  );
}
