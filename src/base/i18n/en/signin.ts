/** The sign-in sentences both surfaces show (src/auth/copy.ts and the checks of pastes). */
export const signin = {
  'codex.title': 'OpenAI Codex: sign in with ChatGPT ({profileId})',
  'codex.openLink': 'Open this link to sign in:',
  'codex.tunnel': 'Or forward the port from your computer, and the sign-in completes by itself:',
  'codex.pasteLabel': 'Paste the address the browser landed on:',
  'codex.phase.starting': 'Starting the sign-in…',
  'codex.phase.waiting': 'Waiting for the sign-in to finish in the browser…',
  'codex.phase.exchanging': 'Exchanging the code for tokens…',
  'codex.phase.saving': 'Saving the credentials…',
  'codex.cancelled': 'Sign-in cancelled; nothing was saved.',
  'codex.needsTerminal':
    'Signing in to OpenAI Codex needs a terminal, to show the link and take the pasted address. Run it in a terminal (over SSH, `ssh -t`).',
  'codex.portBusy':
    'Port {port} is in use (is another sign-in running?), so the browser cannot hand the sign-in back here. Open the link, sign in, and paste the address the browser lands on.',
  'codex.noBrowserFlag': 'No browser is opened (--no-browser).',
  'codex.noBrowserWhy': 'No browser is opened: {reason}.',
  'codex.pasteBelow':
    '{why} Open the link in the browser on your own computer. After signing in it lands on a page that does not load ({address}): copy that address and paste it below.',
  'browser.opened': 'Opened in {via}. Finish signing in there, or paste the address it lands on below.',
  'browser.failed': 'Could not open a browser ({detail}). Open the link yourself.',
  'browser.none': 'BROWSER=none: open the link yourself.',
  'headless.ssh': 'this is an SSH session',
  'headless.codespace': 'this is a GitHub Codespace',
  'headless.container': 'this is a remote container',
  'headless.noDisplay': 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)',

  'setupToken.title': 'Anthropic: setup-token (Claude Pro/Max)',
  'setupToken.titleFor': 'Anthropic: setup-token (Claude Pro/Max): {profileId}',
  'setupToken.runIntro': 'On any computer with Claude Code, run:',
  'setupToken.runOutro': 'sign in with your Claude Pro or Max account, and copy the token it prints (sk-ant-oat01-…).',
  'setupToken.pasteLabel': 'Paste the token (hidden):',
  'setupToken.pastePrompt': 'Paste the token (hidden)',
  'setupToken.nameLabel': 'Profile name (Enter for default; name another, e.g. work, to keep several accounts):',
  'saving': 'Saving…',

  'device.title': 'OpenAI Codex: sign in with a device code ({profileId})',
  'device.openPage': 'On any device, open this page and sign in with ChatGPT:',
  'device.enterCode': 'Then enter this code:',
  'device.expires': 'The code expires in 15 minutes.',
  'device.neverShare': 'Never share this code: whoever enters it signs this machine in as you.',
  'device.waiting': 'Waiting for the code to be approved…',
  'device.cancelHint': 'Ctrl+C to cancel',
  'device.exchanging': 'Exchanging the approval for tokens…',
  'device.opened': 'Opened the page in {via}.',
  'device.headlessFits': 'fits here: nothing to paste back',
  'device.warning': '{expires} {neverShare}',

  'signedIn.withEmail':
    'Signed in as {email}, ChatGPT account {accountId} ({profileId}). The access token expires {expiresIn} and refreshes by itself.',
  'signedIn.account': 'Signed in as ChatGPT account {accountId} ({profileId}). The access token expires {expiresIn} and refreshes by itself.',

  'apiKey.title': '{provider}: {method}',
  'apiKey.pasteLabel': 'Paste the key (hidden):',
  'apiKey.nameLabel': 'Profile name (Enter for default; name another, e.g. work, to keep several keys):',
  'apiKey.badPattern': 'The key pattern of {method} is not a valid regular expression; nothing was stored.',
  'apiKey.mismatch': 'That does not look like a key for {method}; nothing was stored. Copy the whole key again.',
  'apiKey.mismatchShape': 'That does not look like a key for {method} (it starts with {shape}…); nothing was stored. Copy the whole key again.',
  'oauth.title': '{provider}: {method} ({profileId})',
  'oauth.manualLabel': 'Paste the code, or the address the browser landed on:',
  'oauth.waiting': 'Waiting for the sign-in to finish…',

  'paste.tooLong': 'That paste is {n} characters long; a setup-token is about 100. Nothing was stored.',
  'paste.empty': 'Nothing was pasted. Run `claude setup-token` and paste the token it prints.',
  'paste.control': 'That paste holds control characters (such as NUL) that no token has. Copy the token again; nothing was stored.',
  'paste.address':
    'That looks like a sign-in address, not a token. Run `claude setup-token`, finish in the browser, and paste the token the terminal prints (it starts with sk-ant-oat01-).',
  'paste.code':
    'That looks like an authorization code (code#state), not a token. Paste it back into `claude setup-token`, then paste the token it prints here (it starts with sk-ant-oat01-).',
  'paste.apiKey': 'That is an Anthropic API key, not a setup-token. Use a token from `claude setup-token` (sk-ant-oat01-…).',
  'paste.prefix': 'A setup-token starts with {prefix}; this one does not. Run `claude setup-token` and copy the whole token.',
  'paste.short': 'That token is {n} characters; a setup-token has at least {min}. It may have been cut off when copied.',
  'paste.chars': 'That token holds characters a setup-token never has. Copy it again from `claude setup-token`.',
  'paste.huge': 'That token is {n} characters long, far longer than a setup-token. Nothing was stored.',
  'paste.genericTooLong': 'That paste is {n} characters long; nothing was stored.',
  'paste.genericEmpty': 'Nothing was pasted.',
  'paste.genericHuge': 'That token is {n} characters long; nothing was stored.',
  'paste.genericAddress': 'That looks like an address, not a token.',

  'redirect.empty': 'Nothing was pasted. Paste the whole address your browser landed on.',
  'redirect.denied': 'That address says sign-in was cancelled or access was denied in the browser{detail}. Open the link again, finish signing in, then paste the new address.',
  'redirect.error': 'That address says the sign-in page reported "{error}"{detail}. Open the link again, finish signing in, then paste the new address.',
  'redirect.detail': ' ({description})',
  'redirect.noCode':
    'That address has no code in it. After signing in, copy the address of the page the browser lands on (it starts with http://localhost:1455/auth/callback?code=).',
  'redirect.notCode': 'That does not look like an authorization code or a redirect address. Paste the whole address your browser landed on.',
  'redirect.otherAttempt':
    'That address is from a different sign-in attempt (its state does not match). Open the link shown above and paste the address it lands on.',
} as const;
