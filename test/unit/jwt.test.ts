import { describe, expect, it } from 'vitest';
import { base64urlText, jwtClaims } from '../../src/model/jwt.js';

describe('base64urlText', () => {
  it("decodes as Node's base64url decoder does: any length, both alphabets, padding, UTF-8", () => {
    const samples = ['', 'a', '{"exp":1700000000}', '{"name":"Zoë 張三 🦀"}', '\u00ff\u0000\u007f', '>>>???', 'x'.repeat(1000)];
    for (let n = 0; n < 64; n++) samples.push(String.fromCharCode(...Array.from({ length: n }, (_, i) => 32 + ((i * 37 + n) % 95))));
    for (const sample of samples) {
      const bytes = Buffer.from(sample, 'utf8');
      for (const encoded of [bytes.toString('base64url'), bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, '')]) {
        expect(base64urlText(encoded), encoded).toBe(Buffer.from(encoded, 'base64url').toString('utf8'));
      }
    }
  });

  it('refuses a character of neither alphabet', () => {
    expect(base64urlText('ab.c')).toBeNull();
    expect(base64urlText('ab c')).toBeNull();
  });
});

describe('jwtClaims', () => {
  const jwt = (claims: unknown) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
  it('reads the claims of a JWT, and is null for what is not one', () => {
    expect(jwtClaims(jwt({ exp: 1, sub: 'ü' }))).toEqual({ exp: 1, sub: 'ü' });
    for (const token of ['eyJ.a.b', 'a', 'a.b', 'a.b.c.d', jwt([1]), jwt('x'), jwt(null), 'x.!!.y', `e30.${Buffer.from('{"a":').toString('base64url')}.c2ln`]) expect(jwtClaims(token), token).toBeNull();
  });
});
