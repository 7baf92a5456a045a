import { Box, Text } from 'ink';
import { apiKeyCopy } from '../../../src/auth/providers/copy.js';
import type { MethodSummary, Relogin } from '../state.js';
import { ReloginBanner } from './ReloginBanner.js';
import { SecretFields, type SecretFieldsProps } from './SecretFields.js';

/** SPEC 7 api-key: a masked paste checked against the method's pattern, then an optional profile name. */
export function ApiKeyScreen({ method, relogin, ...fields }: SecretFieldsProps & { method: MethodSummary; relogin: Relogin | null }) {
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        {apiKeyCopy.title(method.providerLabel, method.label)}
      </Text>
      {relogin ? <ReloginBanner relogin={relogin} /> : null}
      {method.hint ? <Text wrap="wrap">{method.hint}</Text> : null}
      <SecretFields {...fields} provider={method.provider} copy={apiKeyCopy} />
    </Box>
  );
}
