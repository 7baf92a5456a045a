import { Box, Text } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { KeyHints, Message } from '../../../components/Message.js';
import { Spinner } from '../../../components/Spinner.js';
import { TextInput } from '../../../components/TextInput.js';
import { UrlBox } from '../../../components/UrlBox.js';
import { browserNotice, codexCopy, codexReturnNotice, codexWaitLabel, SSH_TUNNEL_HINT, type Notice } from '../../../src/auth/copy.js';
import type { CodexView, Relogin } from '../state.js';
import { tooLongNote } from './masked.js';
import { ReloginBanner } from './ReloginBanner.js';
import { backKey } from './keys.js';

interface Props {
  profileId: string;
  relogin: Relogin | null;
  view: CodexView;
  canGoBack: boolean;
  onPaste(value: string): void;
}

function notice(view: CodexView): Notice | null {
  return codexReturnNotice(view) ?? (view.browser ? browserNotice(view.browser) : null);
}

export function CodexScreen({ profileId, relogin, view, canGoBack, onPaste }: Props) {
  const line = notice(view);
  const busy = view.phase === 'exchanging' || view.phase === 'saving';
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        {codexCopy.title(profileId)}
      </Text>
      {relogin ? <ReloginBanner relogin={relogin} /> : null}
      {view.url ? <UrlBox title={codexCopy.openLink} url={view.url} /> : null}
      {line ? <Message tone={line.tone}>{line.text}</Message> : null}
      {view.url && (view.headless?.headless || view.noBrowser) && !view.portBusy ? (
        <Box flexDirection="column">
          <Text wrap="wrap">{codexCopy.tunnel}</Text>
          <Text>  {SSH_TUNNEL_HINT}</Text>
        </Box>
      ) : null}
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
