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
import type { Written } from './written.js';
import { backKey } from './keys.js';

interface Props {
  view: OAuthView;
  canGoBack: boolean;
  onAnswer(value: string): void;
}

/** What an OAuth sign-in writes once: its title, a re-login's reason, its link and instructions. */
export function oauthWritten({ method, profileId, relogin, view }: { method: MethodSummary; profileId: string; relogin: Relogin | null; view: OAuthView }): Written[] {
  const parts: Written[] = [{ key: 'title', lasting: true, node: <Text bold wrap="wrap">{oauthCopy.title(method.providerLabel, method.label, profileId)}</Text> }];
  if (relogin) parts.push({ key: 'relogin', lasting: true, node: <ReloginBanner relogin={relogin} /> });
  if (view.url) {
    parts.push({
      key: `url:${view.url}`,
      node: (
        <Box flexDirection="column" gap={1}>
          <UrlBox title={oauthCopy.openLink} url={view.url} />
          {view.instructions ? <Text wrap="wrap">{view.instructions}</Text> : null}
        </Box>
      ),
    });
  }
  return parts;
}

/** A plugin's (or GitHub Copilot's) OAuth sign-in, the live part: its questions, its progress (SPEC 8). */
export function OAuthScreen({ view, canGoBack, onAnswer }: Props) {
  const ask = view.ask;
  const browser = view.browser ? oauthBrowserNotice(view.browser) : null;
  return (
    <Box flexDirection="column" gap={1}>
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
