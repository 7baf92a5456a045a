import { Box, Text } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { KeyHints, Message } from '../../../components/Message.js';
import { Spinner } from '../../../components/Spinner.js';
import { TextInput } from '../../../components/TextInput.js';
import { UrlBox } from '../../../components/UrlBox.js';
import { browserNotice, codexCopy, codexReturnNotice, codexWaitLabel, SSH_TUNNEL_HINT } from '../../../src/auth/sign-in/copy.js';
import type { CodexView, Relogin } from '../state.js';
import { tooLongNote } from './masked.js';
import { ReloginBanner } from './ReloginBanner.js';
import { backKey } from './keys.js';
import type { Written } from './written.js';

interface Props {
  view: CodexView;
  canGoBack: boolean;
  onPaste(value: string): void;
}

/** What the Codex screen writes once: its title, a re-login's reason, then the link and how to come back. */
export function codexWritten({ profileId, relogin, view }: { profileId: string; relogin: Relogin | null; view: CodexView }): Written[] {
  const parts: Written[] = [{ key: 'title', lasting: true, node: <Text bold wrap="wrap">{codexCopy.title(profileId)}</Text> }];
  if (relogin) parts.push({ key: 'relogin', lasting: true, node: <ReloginBanner relogin={relogin} /> });
  if (view.url) {
    const back = codexReturnNotice(view);
    parts.push({
      key: 'url',
      node: (
        <Box flexDirection="column" gap={1}>
          <UrlBox title={codexCopy.openLink} url={view.url} />
          {back ? <Message tone={back.tone}>{back.text}</Message> : null}
          {(view.headless?.headless || view.noBrowser) && !view.portBusy ? (
            <Box flexDirection="column">
              <Text wrap="wrap">{codexCopy.tunnel}</Text>
              <Text>  {SSH_TUNNEL_HINT}</Text>
            </Box>
          ) : null}
        </Box>
      ),
    });
  }
  return parts;
}

/** The live part: whether a browser was opened, the paste field, the wait, the keys. */
export function CodexScreen({ view, canGoBack, onPaste }: Props) {
  const opened = codexReturnNotice(view) ? null : view.browser ? browserNotice(view.browser) : null;
  const busy = view.phase === 'exchanging' || view.phase === 'saving';
  return (
    <Box flexDirection="column" gap={1}>
      {opened ? <Message tone={opened.tone}>{opened.text}</Message> : null}
      {view.url && !busy ? (
        <TextInput
          tooLongNote={tooLongNote}
          label={codexCopy.pasteLabel}
          placeholder={codexCopy.pastePlaceholder}
          clearOnSubmit
          error={view.pasteError}
          onSubmit={onPaste}
        />
      ) : null}
      <Spinner label={codexWaitLabel(view)} />
      <KeyHints hints={[['Enter', t('key.submitAddress')], ['Tab', t('key.deviceInstead')], ...backKey(canGoBack), ['Ctrl+C', t('key.quit')]]} />
    </Box>
  );
}
