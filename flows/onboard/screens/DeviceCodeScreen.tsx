import { Box, Text } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { backKey } from './keys.js';
import { KeyHints, Message } from '../../../components/Message.js';
import { Spinner } from '../../../components/Spinner.js';
import { UrlBox } from '../../../components/UrlBox.js';
import { useTheme } from '../../../components/theme.js';
import { deviceCopy } from '../../../src/auth/copy.js';
import type { DeviceView, Relogin } from '../state.js';
import { ReloginBanner } from './ReloginBanner.js';

const phaseLabel = (phase: DeviceView['phase']) =>
  ({ starting: () => t('device.asking'), waiting: () => deviceCopy.waiting, exchanging: () => deviceCopy.exchanging, saving: () => deviceCopy.saving })[phase]();

/** SPEC 7 device code: the page and the code, prominent, while the approval is awaited. */
export function DeviceCodeScreen({ profileId, relogin, view, canGoBack }: { profileId: string; relogin: Relogin | null; view: DeviceView; canGoBack: boolean }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        {deviceCopy.title(profileId)}
      </Text>
      {relogin ? <ReloginBanner relogin={relogin} /> : null}
      {view.url ? <UrlBox title={deviceCopy.openPage} url={view.url} /> : null}
      {view.userCode ? (
        <Box flexDirection="column">
          <Text>{deviceCopy.enterCode}</Text>
          <Box borderStyle={theme.glyph.border} paddingX={2} alignSelf="flex-start">
            <Text bold color={theme.text.accent}>
              {view.userCode}
            </Text>
          </Box>
        </Box>
      ) : null}
      {view.userCode ? <Message tone="warn">{t('device.warning', { expires: deviceCopy.expires, neverShare: deviceCopy.neverShare })}</Message> : null}
      {view.browser?.kind === 'opened' ? <Message tone="info">{deviceCopy.opened(view.browser.via)}</Message> : null}
      <Spinner label={phaseLabel(view.phase)} />
      <KeyHints hints={[['Tab', t('key.browserInstead')], ...backKey(canGoBack), ['Ctrl+C', t('key.quit')]]} />
    </Box>
  );
}
