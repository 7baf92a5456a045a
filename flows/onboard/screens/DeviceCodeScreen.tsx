import { Box, Text } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { backKey } from './keys.js';
import { KeyHints, Message } from '../../../components/Message.js';
import { Spinner } from '../../../components/Spinner.js';
import { UrlBox } from '../../../components/UrlBox.js';
import { useTheme } from '../../../components/theme.js';
import { deviceCopy } from '../../../src/auth/sign-in/copy.js';
import type { DeviceView, Relogin } from '../state.js';
import { ReloginBanner } from './ReloginBanner.js';
import type { Written } from './written.js';

const phaseLabel = (phase: DeviceView['phase']) =>
  ({ starting: () => t('device.asking'), waiting: () => deviceCopy.waiting, exchanging: () => deviceCopy.exchanging, saving: () => deviceCopy.saving })[phase]();

/** What the device-code screen writes once: its title, a re-login's reason, then the page, the code and its warning. */
export function deviceWritten({ profileId, relogin, view }: { profileId: string; relogin: Relogin | null; view: DeviceView }): Written[] {
  const parts: Written[] = [{ key: 'title', lasting: true, node: <Text bold wrap="wrap">{deviceCopy.title(profileId)}</Text> }];
  if (relogin) parts.push({ key: 'relogin', lasting: true, node: <ReloginBanner relogin={relogin} /> });
  if (view.url && view.userCode) parts.push({ key: 'code', node: <DeviceCode url={view.url} userCode={view.userCode} /> });
  return parts;
}

function DeviceCode({ url, userCode }: { url: string; userCode: string }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" gap={1}>
      <UrlBox title={deviceCopy.openPage} url={url} />
      <Box flexDirection="column">
        <Text>{deviceCopy.enterCode}</Text>
        <Box borderStyle={theme.glyph.border} paddingX={2} alignSelf="flex-start">
          <Text bold color={theme.text.accent}>
            {userCode}
          </Text>
        </Box>
      </Box>
      <Message tone="warn">{t('device.warning', { expires: deviceCopy.expires, neverShare: deviceCopy.neverShare })}</Message>
    </Box>
  );
}

/** SPEC 7 device code, the live part: the browser opened, the wait for the approval, the keys. */
export function DeviceCodeScreen({ view, canGoBack }: { view: DeviceView; canGoBack: boolean }) {
  return (
    <Box flexDirection="column" gap={1}>
      {view.browser?.kind === 'opened' ? <Message tone="info">{deviceCopy.opened(view.browser.via)}</Message> : null}
      <Spinner label={phaseLabel(view.phase)} />
      <KeyHints hints={[['Tab', t('key.browserInstead')], ...backKey(canGoBack), ['Ctrl+C', t('key.quit')]]} />
    </Box>
  );
}
