import { Box, Text } from 'ink';
import { useTheme } from '../../../components/theme.js';
import { setupTokenCopy } from '../../../src/auth/copy.js';
import type { Relogin } from '../state.js';
import { ReloginBanner } from './ReloginBanner.js';
import { SecretFields, type SecretFieldsProps } from './SecretFields.js';

/** SPEC 7 setup-token: `claude setup-token` explained, a masked paste, then an optional profile name. */
export function SetupTokenScreen({ relogin, ...fields }: SecretFieldsProps & { relogin: Relogin | null }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        {setupTokenCopy.title}
      </Text>
      {relogin ? <ReloginBanner relogin={relogin} /> : null}
      <Box flexDirection="column">
        <Text wrap="wrap">{setupTokenCopy.runIntro}</Text>
        <Text color={theme.text.accent}>  {setupTokenCopy.command}</Text>
        <Text wrap="wrap">{setupTokenCopy.runOutro}</Text>
      </Box>
      <SecretFields {...fields} provider="anthropic" copy={setupTokenCopy} />
    </Box>
  );
}
