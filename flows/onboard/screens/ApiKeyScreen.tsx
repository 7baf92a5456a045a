import { Box, Text } from 'ink';
import { Paragraph } from '../../../components/Paragraph.js';
import { apiKeyCopy } from '../../../src/auth/providers/copy.js';
import type { MethodSummary, Relogin } from '../state.js';
import { ReloginBanner } from './ReloginBanner.js';
import { SecretFields, type SecretFieldsProps } from './SecretFields.js';
import type { Written } from './written.js';

/** What the API-key screen writes once: its title, a re-login's reason, the method's hint. */
export function apiKeyWritten({ method, relogin }: { method: MethodSummary; relogin: Relogin | null }): Written[] {
  return [
    { key: 'title', lasting: true, node: <Text bold wrap="wrap">{apiKeyCopy.title(method.providerLabel, method.label)}</Text> },
    ...(relogin ? [{ key: 'relogin', lasting: true, node: <ReloginBanner relogin={relogin} /> }] : []),
    ...(method.hint ? [{ key: 'hint', lasting: true, node: <Paragraph>{method.hint}</Paragraph> }] : []),
  ];
}

/** SPEC 7 api-key, the live part: a masked paste checked against the method's pattern, then an optional profile name. */
export function ApiKeyScreen({ method, ...fields }: SecretFieldsProps & { method: MethodSummary }) {
  return (
    <Box flexDirection="column" gap={1}>
      <SecretFields {...fields} provider={method.provider} copy={apiKeyCopy} />
    </Box>
  );
}
