import { describe, expect, it } from 'vitest';
import { emptyStore } from '../../src/model/schema.js';
import { fakeDeps } from '../support/fake-deps.js';
import { installScreenHooks, KEY, start, words, type Driver } from './driver.js';

installScreenHooks();

// Issue 17, item 7: the Codex paste field drew the whole value on every update, so a huge paste stalled
// it (32,000 characters: over 140 s and 2.8 MB of redraws in a terminal). A paste past any sane length
// is refused at once, and never drawn.
async function toCodex(d: Driver) {
  await d.waitFor('❯ Anthropic');
  await d.press(KEY.down, '❯ OpenAI Codex');
  return d.press(KEY.enter, 'Paste the address the browser landed on:');
}
const HUGE = `http://localhost:1455/auth/callback?code=${'x'.repeat(32_000)}`;

describe('a huge paste into the Codex field', () => {
  it('a bracketed paste of 32,000 characters is refused at once and not drawn; the field still takes a paste after', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' } });
    await toCodex(d);
    const before = d.frames().length;
    const started = Date.now();
    const shown = await d.press(KEY.paste(HUGE), 'too long');
    const elapsed = Date.now() - started;
    expect(words(shown)).toContain(`That is ${HUGE.length} characters, too long for this field (at most 4096); nothing was added.`);
    // Nothing of it drawn, in any frame since.
    for (const frame of d.frames().slice(before)) expect(frame).not.toContain('x'.repeat(100));
    expect(shown.length).toBeLessThan(4000);
    // Generous: the point is seconds or minutes against well under one.
    expect(elapsed).toBeLessThan(4000);
    const next = await d.press(KEY.paste('http://localhost:1455/auth/callback?code=ac_ok'), 'code=ac_ok');
    expect(next).not.toContain('too long');
  });

  it('unbracketed (a terminal without paste mode): what fits is kept, the rest refused at once, never drawn past the limit', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' } });
    await toCodex(d);
    const before = d.frames().length;
    for (let i = 0; i < 32; i++) d.write('y'.repeat(1000));
    const shown = await d.waitFor('too long');
    expect(words(shown)).toContain('too long for this field (at most 4096)');
    for (const frame of d.frames().slice(before)) expect(frame.split('y').length - 1).toBeLessThanOrEqual(4096 + 20);
  });

  it('a paste that arrives in several reads is one update: no frame shows a part of it', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' } });
    await toCodex(d);
    const before = d.frames().length;
    const zs = (f: string) => f.split('z').length - 1;
    const base = zs(d.frame());
    const value = `http://localhost:1455/auth/callback?code=${'z'.repeat(1000)}`;
    d.write('\u001b[200~');
    for (let i = 0; i < value.length; i += 100) d.write(value.slice(i, i + 100));
    d.write('\u001b[201~');
    await d.waitFor((f) => zs(f) === base + 1000);
    const counts = d.frames().slice(before).map((f) => zs(f) - base);
    expect(counts.every((n) => n === 0 || n === 1000)).toBe(true);
  });
});
