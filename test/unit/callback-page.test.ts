import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useLang } from '../../src/base/i18n/index.js';
import { listenForCallback } from '../../src/auth/sign-in/callback-page.js';
import { checkRedirectPaste } from '../../src/auth/sign-in/redirect-paste.js';
import { forwardIPv6Loopback } from '../../src/env/loopback-forward.js';

/** A port nothing listens on (bound, then closed): these tests never take 1455. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Issue 22, item 9: the page the browser lands on waits for the sign-in's end and tells it.
describe('the callback page', () => {
  it('holds the browser until the sign-in ends, then says signed in as whom; no script, nothing fetched', async () => {
    const port = await freePort();
    const page = (await listenForCallback(port, (raw) => checkRedirectPaste(raw, 'st4te')))!;
    expect(page).not.toBeNull();
    let answered = false;
    const response = fetch(`http://127.0.0.1:${port}/auth/callback?code=ac_1&state=st4te`).then((r) => {
      answered = true;
      return r;
    });
    expect(await page.address).toBe('ac_1#st4te');
    expect(answered).toBe(false);
    page.finish({ ok: true, who: 'me@example.com' });
    const r = await response;
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await r.text();
    expect(html).toContain('signed in as me@example.com');
    expect(html).not.toMatch(/<script|src=|href=/i);
    await page.close();
  });

  it('a failed exchange is said as such; a wrong state is refused at once and not delivered', async () => {
    const port = await freePort();
    const page = (await listenForCallback(port, (raw) => checkRedirectPaste(raw, 'st4te')))!;
    const wrong = await fetch(`http://127.0.0.1:${port}/auth/callback?code=ac_1&state=other`);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('different sign-in attempt');
    const response = fetch(`http://127.0.0.1:${port}/auth/callback?code=ac_2&state=st4te`);
    await page.address;
    page.finish({ ok: false, why: 'Signing in failed: auth.openai.com could not be reached.' });
    const r = await response;
    expect(r.status).toBe(502);
    const html = await r.text();
    expect(html).toContain('Not signed in');
    expect(html).toContain('auth.openai.com could not be reached');
    expect(html).not.toMatch(/successful/i);
    await page.close();
  });

  // A user-level review: the page for an address from another attempt said "Open the link shown above",
  // the paste field's words; in the browser nothing is above it. It sends the user back to the terminal.
  it.each([
    ['en', /go back to the terminal where openclaw runs/i],
    ['zh-Hant', /回到執行 openclaw 的終端機/],
  ] as const)('a wrong state sends the user back to the terminal, not to a link "above" (%s)', async (language, back) => {
    const restore = await useLang(language);
    try {
      const port = await freePort();
      const page = (await listenForCallback(port, (raw) => checkRedirectPaste(raw, 'st4te')))!;
      const wrong = await fetch(`http://127.0.0.1:${port}/auth/callback?code=ac_1&state=other`);
      expect(wrong.status).toBe(400);
      const html = await wrong.text();
      expect(html).toMatch(back);
      expect(html).not.toMatch(/shown above|上方/);
      await page.close();
    } finally {
      restore();
    }
    // The paste field, under the link in the terminal, keeps its own words.
    expect(checkRedirectPaste('ac_1#other', 'st4te')).toMatchObject({ ok: false, problem: expect.stringContaining('shown above') });
  });

  // The same review: the other refusals the browser can bring said "paste the new address" there too.
  it.each([
    ['error=access_denied&state=st4te', /cancelled, or access was denied/],
    ['error=server_error&error_description=busy&state=st4te', /reported &quot;server_error&quot; \(busy\)/],
    ['state=st4te', /no sign-in code/],
  ])('a callback of %s says what happened and sends the user back to the terminal, never to paste', async (query, what) => {
    const port = await freePort();
    const page = (await listenForCallback(port, (raw) => checkRedirectPaste(raw, 'st4te')))!;
    const r = await fetch(`http://127.0.0.1:${port}/auth/callback?${query}`);
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(what);
    expect(html).toMatch(/Go back to the terminal where openclaw runs/);
    expect(html).not.toMatch(/paste/i);
    await page.close();
  });

  it('through the [::1] forward too', async () => {
    const port = await freePort();
    const page = (await listenForCallback(port, (raw) => checkRedirectPaste(raw, 'st4te')))!;
    const forward = await forwardIPv6Loopback(port);
    if (!forward) return; // no IPv6 loopback here
    const response = fetch(`http://[::1]:${port}/auth/callback?code=ac_3&state=st4te`);
    await page.address;
    page.finish({ ok: true, who: 'acct_1' });
    await page.close();
    await forward.close();
    const r = await response;
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('acct_1');
  });
});
