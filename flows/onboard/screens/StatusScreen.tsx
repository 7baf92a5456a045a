import { Box, Text, useInput } from 'ink';
import { KeyHints, Message } from '../../../components/Message.js';
import { ProfileTable } from '../../../components/ProfileTable.js';
import { useTheme } from '../../../components/theme.js';
import { fixCommand, profileGroups, type AgentStatus, type ProviderLines } from '../../../src/auth/status.js';
import { signInCommand, suggest } from '../../../src/model/commands.js';

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
  const has = (provider: string) => status.profiles.some((p) => p.provider === provider);
  const next = [
    ...fixes,
    suggest('models status', { agent }),
    ...['openai-codex', 'anthropic'].filter((provider) => !has(provider)).map((provider) => signInCommand(provider, { agent })),
  ];
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        Agent {agent}: {status.profiles.length ? 'status' : 'nothing signed in yet'}
      </Text>
      {written ? <Message tone="ok">{`Saved to ${written}`}</Message> : null}
      <ProfileTable groups={profileGroups(status, now).map(toTableGroup)} empty="No profiles yet." />
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

function toTableGroup(group: ProviderLines) {
  const order = group.order.length > 1 ? `  ·  order: ${group.order.join(' > ')}` : '';
  return { provider: group.provider, summary: `active: ${group.active ?? 'none'}${order}`, profiles: group.profiles };
}
