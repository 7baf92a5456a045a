import { Box, Text } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { maskedNote } from './masked.js';
import { KeyHints } from '../../../components/Message.js';
import { Spinner } from '../../../components/Spinner.js';
import { TextInput } from '../../../components/TextInput.js';
import { useTheme } from '../../../components/theme.js';
import { setupTokenCopy } from '../../../src/auth/copy.js';
import { profileNameProblem } from '../../../src/model/profile-id.js';
import type { Relogin } from '../state.js';
import { ReloginBanner } from './ReloginBanner.js';

interface Props {
  relogin: Relogin | null;
  field: 'token' | 'name';
  error: string | null;
  saving: boolean;
  /** False when the wizard started here (flags, or a re-login with --agent): Esc has nowhere to go. */
  canGoBack: boolean;
  onToken(raw: string): void;
  onName(raw: string): void;
  onBack(): void;
}

export function SetupTokenScreen({ relogin, field, error, saving, canGoBack, onToken, onName, onBack }: Props) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">{setupTokenCopy.title}</Text>
      {relogin ? <ReloginBanner relogin={relogin} /> : null}
      <Box flexDirection="column">
        <Text wrap="wrap">{setupTokenCopy.runIntro}</Text>
        <Text color={theme.text.accent}>  {setupTokenCopy.command}</Text>
        <Text wrap="wrap">{setupTokenCopy.runOutro}</Text>
      </Box>
      {saving ? (
        <Spinner label={setupTokenCopy.saving} />
      ) : field === 'token' ? (
        <TextInput key="token" label={setupTokenCopy.pasteLabel} mask maskedNote={maskedNote} error={error} onSubmit={onToken} onEscape={onBack} />
      ) : (
        <TextInput
          key="name"
          label={setupTokenCopy.nameLabel}
          placeholder="default"
          liveProblem={(value) => profileNameProblem(value, 'anthropic')}
          error={error}
          onSubmit={onName}
          onEscape={onBack}
        />
      )}
      <KeyHints hints={[['Enter', t('key.continue')], ...(canGoBack ? ([['Esc', t('key.back')]] as [string, string][]) : []), ['Ctrl+C', t('key.quit')]]} />
    </Box>
  );
}
