import { Box, Text, useInput } from 'ink';
import { KeyHints } from '../../../components/Message.js';

/** SPEC 2: `onboard --agent <new id>` asks before it creates the agent; a typo is not made real. */
export function ConfirmAgentScreen({ agent, onAnswer }: { agent: string; onAnswer(create: boolean): void }) {
  useInput((input, key) => {
    if (input === 'y' || input === 'Y' || key.return) onAnswer(true);
    else if (input === 'n' || input === 'N' || key.escape) onAnswer(false);
  });
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">{`Agent ${agent} does not exist yet. Create it?`}</Text>
      <Text wrap="wrap">It gets its own folder and credential store; then you choose how it signs in.</Text>
      <KeyHints hints={[['y/Enter', 'create it'], ['n/Esc', 'quit, nothing created']]} />
    </Box>
  );
}
