import { Box, Text } from 'ink';
import { KeyHints } from '../../../components/Message.js';
import { Spinner } from '../../../components/Spinner.js';
import { TextInput } from '../../../components/TextInput.js';
import { useTheme } from '../../../components/theme.js';
import { profileNameProblem } from '../profile-name.js';
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
      <Text bold>Anthropic: setup-token (Claude Pro/Max)</Text>
      {relogin ? <ReloginBanner relogin={relogin} /> : null}
      <Box flexDirection="column">
        <Text wrap="wrap">On any computer with Claude Code, run:</Text>
        <Text color={theme.text.accent}>  claude setup-token</Text>
        <Text wrap="wrap">sign in with your Claude Pro or Max account, and copy the token it prints (sk-ant-oat01-…).</Text>
      </Box>
      {saving ? (
        <Spinner label="Saving…" />
      ) : field === 'token' ? (
        <TextInput key="token" label="Paste the token (hidden):" mask error={error} onSubmit={onToken} onEscape={onBack} />
      ) : (
        <TextInput
          key="name"
          label="Profile name (Enter for default; name another, e.g. work, to keep several accounts):"
          placeholder="default"
          liveProblem={profileNameProblem}
          error={error}
          onSubmit={onName}
          onEscape={onBack}
        />
      )}
      <KeyHints hints={[['Enter', 'continue'], ...(canGoBack ? ([['Esc', 'back']] as [string, string][]) : []), ['Ctrl+C', 'quit']]} />
    </Box>
  );
}
