import { Box, Text } from 'ink';
import { KeyHints } from '../../../components/Message.js';
import { Paragraph } from '../../../components/Paragraph.js';
import { useTheme } from '../../../components/theme.js';
import { Spinner } from '../../../components/Spinner.js';
import { TextInput } from '../../../components/TextInput.js';
import { t } from '../../../src/base/i18n/index.js';
import { profileNameProblem } from '../../../src/model/profile-id.js';
import { exampleEnvName } from '../../../src/model/secret-ref.js';
import { maskedNote, tooLongNote } from './masked.js';
import { SECRET_HOMES, type SecretHome } from '../state.js';
import { backKey } from './keys.js';

/** What a paste screen (setup-token, API key) shows of its step, and its two answers. */
export interface SecretFieldsProps {
  field: 'token' | 'name';
  error: string | null;
  saving: boolean;
  /** SPEC 12: where the secret is kept (Tab changes it while the paste field is on). */
  home: SecretHome;
  /** The token already pasted, when Esc on the name came back to its field: kept, shown as dots. */
  keptToken: string | null;
  /** False when the wizard started here (flags, or a re-login with --agent): Esc has nowhere to go. */
  canGoBack: boolean;
  onToken(raw: string): void;
  onName(raw: string): void;
  /** Esc on the name: back to the paste, keeping it. */
  onNameBack(): void;
  onBack(): void;
}

/**
 * The masked paste, then the optional profile name (checked as typed for `provider`), then the save's
 * spinner, and the keys: the part both paste screens share below their own explanation.
 */
export function SecretFields(props: SecretFieldsProps & { provider: string; copy: { pasteLabel: string; nameLabel: string; saving: string } }) {
  const { field, error, saving, home, keptToken, canGoBack, onToken, onName, onNameBack, onBack, provider, copy } = props;
  const asking = !saving && field === 'token';
  return (
    <>
      {asking ? <SecretHomes home={home} /> : null}
      {saving ? (
        <Spinner label={copy.saving} />
      ) : field === 'token' ? (
        home === 'ref' ? (
          <TextInput key="ref" tooLongNote={tooLongNote} label={t('wizard.store.refLabel')} placeholder={t('wizard.store.refPlaceholder', { name: exampleEnvName(provider) })} error={error} onSubmit={onToken} onEscape={onBack} />
        ) : (
          <TextInput key="token" tooLongNote={tooLongNote} label={copy.pasteLabel} mask maskedNote={maskedNote} initialValue={keptToken ?? ''} error={error} onSubmit={onToken} onEscape={onBack} />
        )
      ) : (
        <TextInput
          key="name"
          tooLongNote={tooLongNote}
          label={copy.nameLabel}
          placeholder="default"
          liveProblem={(value) => profileNameProblem(value, provider)}
          error={error}
          onSubmit={onName}
          onEscape={onNameBack}
        />
      )}
      <KeyHints
        hints={[
          ['Enter', t('key.continue')],
          ...(asking ? ([['Tab', t('wizard.store.tab')]] as [string, string][]) : []),
          ...backKey(canGoBack || field === 'name'),
          ['Ctrl+C', t('key.quit')],
        ]}
      />
    </>
  );
}

const HOME_WORDS = {
  file: () => [t('wizard.store.file'), t('wizard.store.fileHint')],
  keychain: () => [t('wizard.store.keychain'), t('wizard.store.keychainHint')],
  ref: () => [t('wizard.store.ref'), t('wizard.store.refHint')],
} satisfies Record<SecretHome, () => [string, string]>;

/** The three places a secret can be kept, each explained in a line; the chosen one marked (Tab moves it). */
function SecretHomes({ home }: { home: SecretHome }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold>{t('wizard.store.title')}</Text>
      {SECRET_HOMES.map((place) => {
        const [label, hint] = HOME_WORDS[place]();
        const chosen = place === home;
        return (
          <Box key={place} flexDirection="column">
            <Text color={chosen ? theme.text.accent : undefined} bold={chosen}>
              {chosen ? theme.glyph.pointer : ' '} {label}
            </Text>
            <Box marginLeft={4}>
              <Paragraph color={theme.text.muted} dimColor={!theme.color}>
                {hint}
              </Paragraph>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
