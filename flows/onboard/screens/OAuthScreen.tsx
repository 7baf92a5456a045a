import { Box, Text } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { KeyHints, Message } from '../../../components/Message.js';
import { SelectList } from '../../../components/SelectList.js';
import { Spinner } from '../../../components/Spinner.js';
import { TextInput } from '../../../components/TextInput.js';
import { UrlBox } from '../../../components/UrlBox.js';
import { oauthBrowserNotice, oauthCopy } from '../../../src/auth/providers/copy.js';
import type { MethodSummary, OAuthView, Relogin } from '../state.js';
import { tooLongNote } from './masked.js';
import { ReloginBanner } from './ReloginBanner.js';
import { backKey } from './keys.js';

interface Props {
  method: MethodSummary;
  profileId: string;
  relogin: Relogin | null;
  view: OAuthView;
  canGoBack: boolean;
  onAnswer(value: string): void;
}

/** A plugin's (or GitHub Copilot's) OAuth sign-in: its link, its questions, its progress (SPEC 8). */
export function OAuthScreen({ method, profileId, relogin, view, canGoBack, onAnswer }: Props) {
  const ask = view.ask;
  const browser = view.browser ? oauthBrowserNotice(view.browser) : null;
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        {oauthCopy.title(method.providerLabel, method.label, profileId)}
      </Text>
      {relogin ? <ReloginBanner relogin={relogin} /> : null}
      {view.url ? <UrlBox title={oauthCopy.openLink} url={view.url} /> : null}
      {view.instructions ? <Text wrap="wrap">{view.instructions}</Text> : null}
      {browser ? <Message tone={browser.tone}>{browser.text}</Message> : null}
      {ask?.kind === 'prompt' ? (
        <TextInput key={`prompt:${ask.message}`} tooLongNote={tooLongNote} label={ask.message} placeholder={ask.placeholder ?? undefined} error={view.error} onSubmit={onAnswer} />
      ) : null}
      {ask?.kind === 'manual' ? (
        <TextInput key="manual" tooLongNote={tooLongNote} label={oauthCopy.manualLabel} clearOnSubmit error={view.error} onSubmit={onAnswer} />
      ) : null}
      {ask?.kind === 'select' ? (
        <Box flexDirection="column">
          <Text wrap="wrap">{ask.message}</Text>
          <SelectList key={`select:${ask.message}`} items={ask.options.map((o) => ({ key: o.id, label: o.label }))} onSelect={onAnswer} />
        </Box>
      ) : null}
      {ask === null ? <Spinner label={view.progress ?? oauthCopy.waitingPlain} /> : null}
      <KeyHints hints={[...(ask ? ([['Enter', ask.kind === 'select' ? t('key.choose') : t('key.submit')]] as [string, string][]) : []), ...backKey(canGoBack), ['Ctrl+C', t('key.quit')]]} />
    </Box>
  );
}
