import { Box, Text } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { maskedNote } from './masked.js';
import { KeyHints } from '../../../components/Message.js';
import { Spinner } from '../../../components/Spinner.js';
import { TextInput } from '../../../components/TextInput.js';
import { apiKeyCopy } from '../../../src/auth/copy.js';
import { profileNameProblem } from '../../../src/model/profile-id.js';
import type { MethodSummary, Relogin } from '../state.js';
import { ReloginBanner } from './ReloginBanner.js';

interface Props {
  method: MethodSummary;
  relogin: Relogin | null;
  field: 'token' | 'name';
  error: string | null;
  saving: boolean;
  canGoBack: boolean;
  onKey(raw: string): void;
  onName(raw: string): void;
  onBack(): void;
}

/** SPEC 7 api-key: a masked paste checked against the method's pattern, then an optional profile name. */
export function ApiKeyScreen({ method, relogin, field, error, saving, canGoBack, onKey, onName, onBack }: Props) {
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        {apiKeyCopy.title(method.providerLabel, method.label)}
      </Text>
      {relogin ? <ReloginBanner relogin={relogin} /> : null}
      {method.hint ? <Text wrap="wrap">{method.hint}</Text> : null}
      {saving ? (
        <Spinner label={apiKeyCopy.saving} />
      ) : field === 'token' ? (
        <TextInput key="token" label={apiKeyCopy.pasteLabel} mask maskedNote={maskedNote} error={error} onSubmit={onKey} onEscape={onBack} />
      ) : (
        <TextInput
          key="name"
          label={apiKeyCopy.nameLabel}
          placeholder="default"
          liveProblem={(value) => profileNameProblem(value, method.provider)}
          error={error}
          onSubmit={onName}
          onEscape={onBack}
        />
      )}
      <KeyHints hints={[['Enter', t('key.continue')], ...(canGoBack ? ([['Esc', t('key.back')]] as [string, string][]) : []), ['Ctrl+C', t('key.quit')]]} />
    </Box>
  );
}
