import { Box, Text, useInput } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { stateLabel } from '../../../src/model/profile-state.js';
import { KeyHints, Message } from '../../../components/Message.js';
import { ProfileTable } from '../../../components/ProfileTable.js';
import { useTheme } from '../../../components/theme.js';
import type { AgentStatus } from '../../../src/auth/routing/status.js';
import { fixCommand, holderWarnings, profileGroups, type ProviderLines } from '../../../src/auth/routing/status-lines.js';
import { signInCommand, suggest } from '../../../src/model/commands.js';
import type { SignInChecked } from '../../../src/auth/probe/verify.js';
import type { Written } from './written.js';

interface Props {
  agent: string;
  status: AgentStatus;
  written: string | null;
  /** Issue 21: what the check of the secret just saved found (none: not checked). */
  checked?: SignInChecked | null;
  now: number;
}

/** The status is written once (it does not change); the live part is its keys. */
export function statusWritten(props: Props): Written[] {
  return [{ key: 'status', node: <StatusBody {...props} /> }];
}

export function StatusScreen({ onDone }: { onDone(): void }) {
  useInput((input, key) => {
    if (key.return || input === 'q') onDone();
  });
  return <KeyHints hints={[['Enter', t('key.finish')], ['q', t('key.quit')]]} />;
}

/** The status itself: the profiles, the file written, the check, the next commands (written once, above the keys). */
export function StatusBody({ agent, status, written, checked = null, now }: Props) {
  const theme = useTheme();
  const fixes = [...new Set(status.profiles.map((p) => fixCommand(p, agent)).filter((c): c is string => c !== null))];
  const has = (provider: string) => status.profiles.some((p) => p.provider === provider);
  const next = [
    ...fixes,
    suggest('models status', { agent }),
    ...['openai-codex', 'anthropic'].filter((provider) => !has(provider)).map((provider) => signInCommand(provider, { agent })),
  ];
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        {t(status.profiles.length ? 'status.title' : 'status.titleEmpty', { agent })}
      </Text>
      {written ? <Message tone="ok">{t('status.saved', { file: written })}</Message> : null}
      {written && checked ? <CheckedLines checked={checked} /> : null}
      {holderWarnings(status).map((line) => (
        <Message key={line} tone="warn">
          {line}
        </Message>
      ))}
      <ProfileTable groups={profileGroups(status, now).map(toTableGroup)} empty={t('status.noProfiles')} />
      <Box flexDirection="column">
        <Text bold>{t('status.next')}</Text>
        {/* Indented as a block: a command that wraps at 60 columns continues under itself, not at the margin. */}
        {next.map((command) => (
          <Box key={command} marginLeft={2}>
            <Text color={theme.text.accent} wrap="wrap">
              {command}
            </Text>
          </Box>
        ))}
      </Box>
    </Box>
  );
}

/** Issue 21: what the check of the sign-in just saved found, and what the answer told (usage, credit). */
function CheckedLines({ checked }: { checked: SignInChecked }) {
  const theme = useTheme();
  if (checked.kind === 'unchecked') return <Message tone="warn">{t('verify.statusUnchecked', { why: checked.why })}</Message>;
  if (checked.kind === 'refused') return <Message tone="error">{t('verify.statusRefused', { why: checked.why })}</Message>;
  return (
    <Box flexDirection="column">
      <Message tone="ok">{t('verify.statusOk')}</Message>
      {(checked.details ?? []).map((line) => (
        <Box key={line} marginLeft={2}>
          <Text color={theme.text.muted} wrap="wrap">
            {line}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

function toTableGroup(group: ProviderLines) {
  const active = group.active ?? t('status.none');
  const summary = group.order.length > 1 ? t('status.summaryOrder', { active, order: group.order.join(' > ') }) : t('status.summary', { active });
  return { provider: group.provider, summary, profiles: group.profiles.map((p) => ({ ...p, state: stateLabel(p.state) })) };
}
