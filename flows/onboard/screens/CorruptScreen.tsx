import { Box, Text, useInput } from 'ink';
import { KeyHints, Message } from '../../../components/Message.js';

/** SPEC 3: only the wizard may move a broken store aside, and only after an explicit yes. */
export function CorruptScreen({ file, problem, onAnswer }: { file: string; problem: string; onAnswer(moveAside: boolean): void }) {
  useInput((input, key) => {
    if (input === 'y' || input === 'Y') onAnswer(true);
    else if (input === 'n' || input === 'N' || key.return || key.escape) onAnswer(false);
  });
  return (
    <Box flexDirection="column" gap={1}>
      <Message tone="error">{`The credential store cannot be used: ${problem}.`}</Message>
      <Text wrap="wrap">{file}</Text>
      <Text wrap="wrap">
        Move it aside (renamed to auth-profiles.json.corrupt-&lt;time&gt;, nothing deleted) and start afresh? Its
        profiles will have to be signed in again.
      </Text>
      <KeyHints hints={[['y', 'move it aside'], ['n', 'leave it and quit']]} />
    </Box>
  );
}
