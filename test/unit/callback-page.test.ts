import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
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
