import { Box, Text } from 'ink';
import { useTheme } from '../../../components/theme.js';
import { setupTokenCopy } from '../../../src/auth/sign-in/copy.js';
import type { Relogin } from '../state.js';
import { ReloginBanner } from './ReloginBanner.js';
import { SecretFields, type SecretFieldsProps } from './SecretFields.js';
import type { Written } from './written.js';

/** What the setup-token screen writes once: its title, a re-login's reason, how to get a token. */
export function setupTokenWritten({ relogin }: { relogin: Relogin | null }): Written[] {
  return [
    { key: 'title', lasting: true, node: <Text bold wrap="wrap">{setupTokenCopy.title}</Text> },
    ...(relogin ? [{ key: 'relogin', lasting: true, node: <ReloginBanner relogin={relogin} /> }] : []),
    { key: 'how', lasting: true, node: <HowToGetOne /> },
  ];
}

function HowToGetOne() {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text wrap="wrap">{setupTokenCopy.runIntro}</Text>
      <Text color={theme.text.accent}>  {setupTokenCopy.command}</Text>
      <Text wrap="wrap">{setupTokenCopy.runOutro}</Text>
    </Box>
  );
}

/** SPEC 7 setup-token, the live part: a masked paste, then an optional profile name. */
export function SetupTokenScreen(fields: SecretFieldsProps) {
  return (
    <Box flexDirection="column" gap={1}>
      <SecretFields {...fields} provider="anthropic" copy={setupTokenCopy} />
    </Box>
  );
}
