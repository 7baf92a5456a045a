import { describe, expect, it } from 'vitest';
import { codexCredential } from '../../src/auth/credentials/sources.js';
import { jwtTimes, lifetimeOf } from '../../src/model/token-life.js';

// One reading of a token's own times (exp, iat) for due-ness and for Codex CLI's login alike.
const jwt = (claims: Record<string, unknown>) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const EXP = 1_900_000_000;

describe('jwtTimes', () => {
  it('reads exp and iat as epoch ms from a base64url payload, `-` and `_` included (which atob refuses)', () => {
    const token = jwt({ exp: EXP, iat: EXP - 300, sub: 'a?b>c~' });
    const payload = token.split('.')[1]!;
    expect(payload).toMatch(/[-_]/);
    expect(() => atob(payload)).toThrow();
    expect(jwtTimes(token)).toEqual({ expires: EXP * 1000, issued: (EXP - 300) * 1000 });
    expect(lifetimeOf({ access: token, expires: 0 })).toBe(300_000);
    expect(codexCredential({ access: token, refresh: 'rt', accountId: null }).expires).toBe(EXP * 1000);
  });

  it('a token that is no JWT, or names no time, has none: Codex CLI\'s login is then due now (0)', () => {
    expect(jwtTimes('opaque')).toEqual({ expires: null, issued: null });
    expect(jwtTimes(jwt({ exp: 'soon', iat: null }))).toEqual({ expires: null, issued: null });
    expect(codexCredential({ access: 'opaque', refresh: 'rt', accountId: null }).expires).toBe(0);
    expect(codexCredential({ access: jwt({ exp: -5 }), refresh: 'rt', accountId: null }).expires).toBe(0);
    expect(lifetimeOf({ access: jwt({ exp: EXP }), expires: 0 })).toBeNull();
  });
});
