import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

/** One profile line; the words are decided by the caller (src/auth/routing/status-lines.ts profileGroups). */
export interface ProfileRow {
  id: string;
  active: boolean;
  type: string;
  state: string;
  tone: 'ok' | 'warn' | 'error';
  account: string | null;
  detail: string;
  /** Where a secret kept elsewhere lives (`secret in env OPENAI_API_KEY`); absent or null: in the store. */
  secret?: string | null;
  /** Whose grant it is, when it is not the agent's own (SPEC 11). */
  holder?: string | null;
}

export interface ProfileGroup {
  provider: string;
  /** What follows the provider's name: its active profile and order, in words. */
  summary: string;
  profiles: ProfileRow[];
}

/** Two lines a profile, so that it reads at 60 columns: id and state, then type, expiry and account. */
export function ProfileTable({ groups, empty }: { groups: ProfileGroup[]; empty: string }) {
  const theme = useTheme();
  if (groups.length === 0) return <Text color={theme.text.muted}>{empty}</Text>;
  return (
    <Box flexDirection="column" gap={1}>
      {groups.map((group) => (
        <Box key={group.provider} flexDirection="column">
          <Text wrap="wrap">
            <Text bold>{group.provider}</Text>
            <Text color={theme.text.muted}>
              {'  '}
              {group.summary}
            </Text>
          </Text>
          {group.profiles.map((p) => (
            <Box key={p.id} flexDirection="column" marginLeft={1}>
              <Text wrap="wrap">
                {p.active ? theme.glyph.pointer : ' '} {p.id}  <Text color={theme.status[p.tone]}>{p.state}</Text>
              </Text>
              <Box marginLeft={2}>
                <Text color={theme.text.muted} wrap="wrap">
                  {[p.type, p.detail, p.secret, p.holder, p.account].filter(Boolean).join('  ·  ')}
                </Text>
              </Box>
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}
