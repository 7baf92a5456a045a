// Issue 22, items 1 and 2, in a real pseudo-terminal over SSH: at 80×24, 80×20 and 60×20, in both
// languages, every screen of a tour through the wizard. Ink clears the whole screen and the scrollback
// (ESC[2J ESC[3J) on every frame once its live region is as tall as the terminal; the live region must
// stay shorter, and the sign-in link must be one logical line (no newline inside it) that the terminal
// soft-wraps, so that copying it from tmux or screen copies it whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSetupToken, tempState } from '../support/cli.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { withPort1455 } from '../support/port-lock.js';
import { AUTHORIZE_URL } from '../support/pty.js';
import { KEY, paste, spawnWizard } from '../support/wizard.js';

const SSH = { SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22', BROWSER: '/bin/false' };
const LANGS = { en: { LANG: 'en_US.UTF-8' }, 'zh-Hant': { LANG: 'zh_TW.UTF-8' } } as const;
const SIZES = [
  { cols: 80, rows: 24 },
  { cols: 80, rows: 20 },
  { cols: 60, rows: 20 },
];

let issuer: Issuer;
beforeAll(async () => (issuer = await startIssuer()));
afterAll(() => issuer.close());

/**
 * The height of each frame's live region, read from Ink's own erases: before drawing a frame it erases
 * the one before it, line by line (ESC[2K, then ESC[1A between lines), so each run of ESC[2K is the
 * height of a frame. The last frame is never erased: its height is counted from the end of the output.
 */
function liveHeights(raw: string): number[] {
  return [...raw.matchAll(/(?:\u001b\[2K(?:\u001b\[1A)?)+/g)].map((m) => m[0].split('\u001b[2K').length - 1);
}

describe.each(Object.entries(LANGS))('over SSH, in %s', (lang, langEnv) => {
  it.each(SIZES)('at $cols×$rows: no screen clear, every live region shorter than the terminal, the link one line', async (size) => {
    await withPort1455(async () => {
      const state = await tempState();
      const s = spawnWizard([], { env: { ...state.env, ...SSH, ...langEnv }, issuer: issuer.url, ...size });
      try {
        /** Writes keys now; resolves with the offset before them, for waitStep's `since`. */
        const press = (data: string) => {
          const at = s.raw().length;
          s.write(data);
          return at;
        };
        // Agent list, then the auth choice.
        await s.keys('agent', KEY.enter);
        // ChatGPT sign-in (the second line): the link and the paste field; a refused paste.
        let mark = await s.keys('auth-choice', KEY.down + KEY.enter);
        await s.waitStep('codex', { since: mark });
        await s.waitScreen(/ssh -L 1455/);
        press(paste('http://localhost:1455/auth/callback?code=ac_x&state=another-attempt'));
        press(KEY.enter);
        await s.waitScreen(/state/);
        // Back (Esc) to the list, then the device code, and back again.
        mark = press(KEY.esc);
        mark = await s.keys('auth-choice', KEY.down + KEY.enter, { since: mark });
        await s.waitStep('codex-device', { since: mark });
        await s.waitScreen(/[A-Z0-9]{4}-[A-Z0-9]{4}/);
        mark = press(KEY.esc);
        // The setup-token: paste, name, status.
        mark = await s.keys('auth-choice', KEY.up + KEY.up + KEY.enter, { since: mark });
        await s.waitStep('setup-token', { since: mark });
        press(paste(fakeSetupToken('fit')));
        mark = press(KEY.enter);
        mark = await s.keys('setup-token-name', KEY.enter, { since: mark });
        await s.waitStep('status', { since: mark });
        press(KEY.enter);
        expect((await s.exited).exitCode).toBe(0);

        const raw = s.raw();
        expect(raw).not.toContain('\u001b[2J');
        expect(raw).not.toContain('\u001b[3J');
        const heights = liveHeights(raw);
        expect(heights.length).toBeGreaterThan(5);
        if (process.env.OPENCLAW_SHOW_HEIGHTS) console.log(lang, size, Math.max(...heights), raw.length);
        expect(Math.max(...heights), `live heights: ${heights.join(' ')}`).toBeLessThan(size.rows);
        // The link: written whole, with no line break (or escape) inside it.
        const link = raw.match(AUTHORIZE_URL)?.[0] ?? '';
        expect(link).toMatch(/originator=/);
        expect(link).not.toMatch(/[\r\n]/);
      } finally {
        s.kill();
        s.dispose();
        await state.cleanup();
      }
    });
  }, 60_000);
});
