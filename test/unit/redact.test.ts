import { describe, expect, it } from 'vitest';
import { redact } from '../../src/base/redact.js';
import { stripControl } from '../../src/base/text.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redact', () => {
  it('masks tokens by their shape', () => {
    const cases = [
      JWT,
      'rt_0123456789abcdefABCDEF',
      'sk-ant-oat01-abcdefghijklmnop',
      'sk-proj-abcdefghijkl',
      'ac_authcode0123456789',
      'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7', // a long opaque run
      'AbC+dEf/GhI+jKl/MnO+pQr/StU1', // standard base64 with + and /
    ];
    for (const secret of cases) {
      const out = redact(`before ${secret} after`);
      expect(out, secret).toBe('before [redacted] after');
    }
  });

  it('masks the values of secret-named fields in JSON, forms, URL-encoded and header forms', () => {
    expect(redact('{"refresh_token": "short1", "access_token":"x2"}')).toBe('{"refresh_token": "[redacted]", "access_token":"[redacted]"}');
    expect(redact('grant_type=refresh_token&refresh_token=abc&client_id=app')).toBe(
      'grant_type=refresh_token&refresh_token=[redacted]&client_id=app',
    );
    expect(redact('code_verifier=v3r1f13r&code=c0de#state')).not.toMatch(/v3r1f13r|c0de/);
    expect(redact('refresh_token%3Dabc123')).toBe('refresh_token%3D[redacted]');
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: [redacted]');
    expect(redact('sent Bearer abcdef')).toBe('sent [redacted]');
  });

  it('masks the secrets it is given wherever they appear, whatever their shape', () => {
    expect(redact('the token was hunter2-ok, really hunter2-ok', ['hunter2-ok'])).toBe('the token was [redacted], really [redacted]');
  });

  it('leaves ordinary text, status codes and file paths readable', () => {
    const text = 'HTTP 503 Service Unavailable at /home/user/.openclaw/agents/main/agent/auth-profiles.json';
    expect(redact(text)).toBe(text);
  });

  it('leaves paths readable: absolute, relative and mktemp-style segments, each segment judged on its own', () => {
    const paths = [
      "EACCES: mkdir '/tmp/review-rb/Users/Alice/Work2024/openclaw'",
      'lock held: /tmp/tmp.3qE2xYz9Ab/review-state-Xy7Kq2/agents/main/agent/auth-profiles.json.lock',
      'ENOENT: Users/Alice/Work2024/openclaw/agents/main/agent/auth.json',
      'open ./Projects2024/Alice/Bob/Carol/Dave/x.json failed',
    ];
    for (const text of paths) expect(redact(text), text).toBe(text);
    // a segment that is itself a long random-looking run is still a secret
    expect(redact('/srv/Qw3rTy7uIoP9aSdF2gHjK4lZ/cache.db')).toBe('/srv/[redacted]/cache.db');
    expect(redact('/srv/cache-dir/a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0')).toBe('/srv/cache-dir/[redacted]');
    // padded base64 with a / is not a path
    expect(redact('key material Qw3rTy/uIoP9aSdF2gHjK4lZxc== end')).toBe('key material [redacted] end');
  });

  it('judges a word with a / but nothing a path has (. - _) whole: unpadded base64 secrets stay masked', () => {
    // AWS's documented example secret key, and a run whose first segment alone is short.
    expect(redact("unknown command 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'")).toBe("unknown command '[redacted]'");
    expect(redact('token Qw3rTy7uIoP9aSdF2gH/jK4lZxcVbN8mQw3rTy7uIoP9')).toBe('token [redacted]');
    expect(redact('/Qw3rTy7uIoP9aSdF2gH/jK4lZxcVbN8mQw3rTy7uIoP9')).toBe('[redacted]');
  });

  it('strips terminal control sequences: CSI, OSC (title, hyperlink), DCS, C1, bidi overrides', () => {
    const hostile =
      '\u001b[2J\u001b[31mred\u001b[0m \u001b]0;title\u0007 \u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\ ' +
      '\u001bP1$qm\u001b\\ \u009b31m \u202eevil\u202c \u0007\u0008done';
    const out = redact(hostile);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(out).not.toContain('evil.example');
    expect(out).toContain('red');
    expect(out).toContain('done');
  });

  it('collapses white space and cuts long text', () => {
    const out = redact(`${'word '.repeat(200)}\n\n\tend`);
    expect(out.length).toBeLessThanOrEqual(301);
    expect(out.endsWith('…')).toBe(true);
    expect(redact('a\n\n  b')).toBe('a b');
    expect(redact('x'.repeat(50).split('').join(' '), [], 20)).toHaveLength(21);
  });
});

describe('stripControl', () => {
  it('keeps printable text, including non-ASCII, and drops zero-width characters', () => {
    expect(stripControl('héllo\u200b wörld ✓')).toBe('héllo wörld ✓');
  });
});
