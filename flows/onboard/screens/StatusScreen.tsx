import { Box, Text, useInput } from 'ink';
import { KeyHints, Message } from '../../../components/Message.js';
import { ProfileTable } from '../../../components/ProfileTable.js';
import { useTheme } from '../../../components/theme.js';
import { fixCommand, type AgentStatus } from '../../../src/auth/status.js';

interface Props {
  agent: string;
  status: AgentStatus;
  written: string | null;
  now: number;
  onDone(): void;
}

export function StatusScreen({ agent, status, written, now, onDone }: Props) {
  const theme = useTheme();
  useInput((input, key) => {
    if (key.return || input === 'q') onDone();
  });
  const fixes = [...new Set(status.profiles.map((p) => fixCommand(p, agent)).filter((c): c is string => c !== null))];
  const flag = agent === 'main' ? '' : ` --agent ${agent}`;
  const has = (provider: string) => status.profiles.some((p) => p.provider === provider);
  const next = [
    ...fixes,
    `openclaw models status${flag}`,
    ...(has('openai-codex') ? [] : [`openclaw models auth login --provider openai-codex${flag}`]),
    ...(has('anthropic') ? [] : [`openclaw models auth setup-token --provider anthropic${flag}`]),
  ];
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        Agent {agent}: {status.profiles.length ? 'status' : 'nothing signed in yet'}
      </Text>
      {written ? <Message tone="ok">{`Saved to ${written}`}</Message> : null}
      <ProfileTable status={status} now={now} />
      <Box flexDirection="column">
        <Text bold>Next</Text>
        {next.map((command) => (
          <Text key={command} color={theme.text.accent} wrap="wrap">
            {'  '}
            {command}
          </Text>
        ))}
      </Box>
      <KeyHints hints={[['Enter', 'finish'], ['q', 'quit']]} />
    </Box>
  );
}
