import { Box, Text } from 'ink';
import type { AgentStatus, ProfileStatus } from '../src/auth/status.js';
import { describeProfile } from '../src/auth/status.js';
import { useTheme } from './theme.js';

const TONE: Record<ProfileStatus['state'], 'ok' | 'warn' | 'error'> = {
  ok: 'ok',
  static: 'ok',
  refreshable: 'ok',
  expiring: 'warn',
  cooldown: 'warn',
  disabled: 'error',
  expired: 'error',
  relogin: 'error',
};

/** Two lines a profile, so that it reads at 60 columns: id and state, then type, expiry and account. */
export function ProfileTable({ status, now }: { status: AgentStatus; now: number }) {
  const theme = useTheme();
  if (status.profiles.length === 0) return <Text color={theme.text.muted}>No profiles yet.</Text>;
  return (
    <Box flexDirection="column" gap={1}>
      {Object.entries(status.providers).map(([provider, order]) => (
        <Box key={provider} flexDirection="column">
          <Text wrap="wrap">
            <Text bold>{provider}</Text>
            <Text color={theme.text.muted}>
              {'  '}active: {order.active ?? 'none'}
              {order.order.length > 1 ? `  ·  order: ${order.order.join(' > ')}` : ''}
            </Text>
          </Text>
          {status.profiles
            .filter((p) => p.provider === provider)
            .map((p) => (
              <Box key={p.id} flexDirection="column" marginLeft={1}>
                <Text wrap="wrap">
                  {p.active ? theme.glyph.pointer : ' '} {p.id}  <Text color={theme.status[TONE[p.state]]}>{p.state}</Text>
                </Text>
                <Box marginLeft={2}>
                  <Text color={theme.text.muted} wrap="wrap">
                    {[p.type, describeProfile(p, now), p.account].filter(Boolean).join('  ·  ')}
                  </Text>
                </Box>
              </Box>
            ))}
        </Box>
      ))}
    </Box>
  );
}
