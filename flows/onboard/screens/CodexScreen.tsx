import { Box, Text } from 'ink';
import { KeyHints, Message } from '../../../components/Message.js';
import { Spinner } from '../../../components/Spinner.js';
import { TextInput } from '../../../components/TextInput.js';
import { UrlBox } from '../../../components/UrlBox.js';
import { SSH_TUNNEL_HINT } from '../../../src/auth/codex-login.js';
import type { CodexView, Relogin } from '../state.js';
import { ReloginBanner } from './ReloginBanner.js';

interface Props {
  profileId: string;
  relogin: Relogin | null;
  view: CodexView;
  onPaste(value: string): void;
}

function browserLine(view: CodexView): { tone: 'info' | 'warn'; text: string } | null {
  if (view.portBusy) {
    return {
      tone: 'warn',
      text: 'Port 1455 is in use (is another sign-in running?), so the browser cannot hand the sign-in back here. Open the link, sign in, and paste the address the browser lands on.',
    };
  }
  if (view.noBrowser || view.headless?.headless) {
    const why = view.noBrowser ? 'No browser is opened (--no-browser).' : `No browser is opened: ${view.headless?.reason}.`;
    return {
      tone: 'info',
      text: `${why} Open the link in the browser on your own computer. After signing in it lands on a page that does not load (http://localhost:1455/…): copy that address and paste it below.`,
    };
  }
  if (!view.browser) return null;
  if (view.browser.kind === 'opened') return { tone: 'info', text: `Opened in ${view.browser.via}. Finish signing in there, or paste the address it lands on.` };
  if (view.browser.kind === 'failed') return { tone: 'warn', text: `Could not open a browser (${view.browser.detail.slice(0, 100)}). Open the link yourself.` };
  return { tone: 'info', text: 'BROWSER=none: open the link yourself.' };
}

const PHASE = {
  starting: 'Starting the sign-in…',
  waiting: 'Waiting for the sign-in to finish in the browser…',
  exchanging: 'Exchanging the code for tokens…',
  saving: 'Saving the credentials…',
};

export function CodexScreen({ profileId, relogin, view, onPaste }: Props) {
  const line = browserLine(view);
  const busy = view.phase === 'exchanging' || view.phase === 'saving';
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        OpenAI Codex: sign in with ChatGPT ({profileId})
      </Text>
      {relogin ? <ReloginBanner relogin={relogin} /> : null}
      {view.url ? <UrlBox title="Open this link to sign in:" url={view.url} /> : null}
      {line ? <Message tone={line.tone}>{line.text}</Message> : null}
      {view.url && (view.headless?.headless || view.noBrowser) && !view.portBusy ? (
        <Text wrap="wrap">Or forward the port from your computer, and the sign-in completes by itself: {SSH_TUNNEL_HINT}</Text>
      ) : null}
      {view.url && !busy ? (
        <TextInput
          label="Paste the address the browser landed on:"
          placeholder="http://localhost:1455/auth/callback?code=…"
          clearOnSubmit
          error={view.pasteError}
          onSubmit={onPaste}
        />
      ) : null}
      <Spinner label={PHASE[view.phase]} />
      <KeyHints hints={[['Enter', 'submit the address'], ['Esc', 'cancel'], ['Ctrl+C', 'quit']]} />
    </Box>
  );
}
