import { KeyHints } from '../../../components/Message.js';
import { Spinner } from '../../../components/Spinner.js';
import { TextInput } from '../../../components/TextInput.js';
import { t } from '../../../src/base/i18n/index.js';
import { profileNameProblem } from '../../../src/model/profile-id.js';
import { maskedNote } from './masked.js';

/** What a paste screen (setup-token, API key) shows of its step, and its two answers. */
export interface SecretFieldsProps {
  field: 'token' | 'name';
  error: string | null;
  saving: boolean;
  /** False when the wizard started here (flags, or a re-login with --agent): Esc has nowhere to go. */
  canGoBack: boolean;
  onToken(raw: string): void;
  onName(raw: string): void;
  onBack(): void;
}

/**
 * The masked paste, then the optional profile name (checked as typed for `provider`), then the save's
 * spinner, and the keys: the part both paste screens share below their own explanation.
 */
export function SecretFields(props: SecretFieldsProps & { provider: string; copy: { pasteLabel: string; nameLabel: string; saving: string } }) {
  const { field, error, saving, canGoBack, onToken, onName, onBack, provider, copy } = props;
  return (
    <>
      {saving ? (
        <Spinner label={copy.saving} />
      ) : field === 'token' ? (
        <TextInput key="token" label={copy.pasteLabel} mask maskedNote={maskedNote} error={error} onSubmit={onToken} onEscape={onBack} />
      ) : (
        <TextInput
          key="name"
          label={copy.nameLabel}
          placeholder="default"
          liveProblem={(value) => profileNameProblem(value, provider)}
          error={error}
          onSubmit={onName}
          onEscape={onBack}
        />
      )}
      <KeyHints hints={[['Enter', t('key.continue')], ...(canGoBack ? ([['Esc', t('key.back')]] as [string, string][]) : []), ['Ctrl+C', t('key.quit')]]} />
    </>
  );
}
