import { describe, expect, it } from 'vitest';
import { classifyRefreshError } from '../../src/auth/credentials/refresh-errors.js';

// SPEC 4's classes for refreshes other than pi-ai's Codex one (GitHub Copilot, plugins): what they throw
// is read for an HTTP status, a network failure or a deadline.
const kind = (error: unknown) => classifyRefreshError(error, ['gho_secret_token_0123456789']);

describe('classifyRefreshError, other refreshes', () => {
  it('a status at the start or in parentheses: 401, 403 invalid token, 400 invalid_grant are permanent', () => {
    expect(kind(new Error('401 Unauthorized: {"message":"Bad credentials"}'))).toMatchObject({ kind: 'permanent', reason: 'unauthorized' });
    expect(kind(new Error('refresh rejected (401)'))).toMatchObject({ kind: 'permanent', reason: 'unauthorized' });
    expect(kind(new Error('403 Forbidden: {"error":"invalid_token"}'))).toMatchObject({ kind: 'permanent', reason: 'invalid_token', detail: 'HTTP 403, invalid_token' });
    expect(kind(new Error('400 Bad Request: {"error":"invalid_grant"}'))).toMatchObject({ kind: 'permanent', reason: 'invalid_grant', detail: 'HTTP 400, invalid_grant' });
  });

  it('5xx, 408, 429 are transient; another 403 or 400 is refused', () => {
    for (const message of ['502 Bad Gateway: <html>', '503', 'upstream said (500)', '408 Request Timeout', '429 Too Many Requests']) {
      expect(kind(new Error(message)), message).toMatchObject({ kind: 'transient' });
    }
    expect(kind(new Error('403 Forbidden: no Copilot subscription'))).toMatchObject({ kind: 'refused', detail: 'HTTP 403' });
    expect(kind(new Error('400 Bad Request: {"error":"invalid_request"}'))).toMatchObject({ kind: 'refused', detail: 'HTTP 400, invalid_request' });
  });

  it('fetch failures, ECONN*, ETIMEDOUT, a deadline and an abort are transient', () => {
    expect(kind(new TypeError('fetch failed'))).toMatchObject({ kind: 'transient' });
    expect(kind(new Error('connect ECONNREFUSED 127.0.0.1:443'))).toMatchObject({ kind: 'transient', detail: expect.stringContaining('ECONNREFUSED') });
    expect(kind(new Error('read ECONNRESET'))).toMatchObject({ kind: 'transient' });
    expect(kind(new Error('connect ETIMEDOUT 1.2.3.4:443'))).toMatchObject({ kind: 'transient' });
    expect(kind(new DOMException('the refresh timed out', 'TimeoutError'))).toMatchObject({ kind: 'transient' });
    expect(kind(new DOMException('This operation was aborted', 'AbortError'))).toMatchObject({ kind: 'transient' });
  });

  it('shows no body text and no token', () => {
    const failure = kind(new Error('401 Unauthorized: {"message":"gho_secret_token_0123456789 is revoked"}'));
    expect(failure.detail).toBe('HTTP 401');
    const network = kind(new Error('fetch failed for gho_secret_token_0123456789'));
    expect(network.detail).not.toContain('gho_secret');
  });

  it('anything else stays refused', () => {
    expect(kind(new Error('the plugin broke'))).toMatchObject({ kind: 'refused', detail: 'the plugin broke' });
  });

  it('SPEC 8: an error with `status` and/or `code` says what it is; Node\'s own codes are not OAuth codes', () => {
    const err = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);
    expect(kind(err('nope', { status: 400, code: 'invalid_grant' }))).toMatchObject({ kind: 'permanent', reason: 'invalid_grant', detail: 'HTTP 400, invalid_grant' });
    expect(kind(err('nope', { code: 'invalid_grant' }))).toMatchObject({ kind: 'permanent', reason: 'invalid_grant' });
    expect(kind(err('nope', { status: 401 }))).toMatchObject({ kind: 'permanent', reason: 'unauthorized' });
    expect(kind(err('invalid_grant, they say', { status: 503 }))).toMatchObject({ kind: 'transient', detail: 'HTTP 503' });
    expect(kind(err('nope', { code: 'temporarily_unavailable' }))).toMatchObject({ kind: 'transient' });
    expect(kind(err('nope', { status: 400, code: 'invalid_request' }))).toMatchObject({ kind: 'refused', detail: 'HTTP 400, invalid_request' });
    expect(kind(err('read ECONNRESET', { code: 'ECONNRESET' }))).toMatchObject({ kind: 'transient' });
    // A code the endpoint made up is free text: not repeated, and not read as a contract.
    expect(kind(err('the plugin broke', { code: 'gho_secret_token_0123456789' }))).toMatchObject({ kind: 'refused', detail: 'the plugin broke' });
  });

  it('pi-ai\'s `status=400; …; body=…` shape, and a plain message that names a permanent OAuth error', () => {
    expect(kind(new Error('HTTP request failed. status=400; url=https://x.test/token; body={"error":"invalid_grant"}'))).toMatchObject({ kind: 'permanent', reason: 'invalid_grant', detail: 'HTTP 400, invalid_grant' });
    expect(kind(new Error('HTTP request failed. status=502; url=https://x.test/token; body=<html>'))).toMatchObject({ kind: 'transient' });
    expect(kind(new Error('Acme token request failed: invalid_grant'))).toMatchObject({ kind: 'permanent', reason: 'invalid_grant', detail: 'invalid_grant' });
    expect(kind(new Error('grant gone: refresh_token_expired (see docs)'))).toMatchObject({ kind: 'permanent', reason: 'refresh_token_expired' });
    // Part of a longer word is not the code.
    expect(kind(new Error('not_invalid_grant_at_all'))).toMatchObject({ kind: 'refused' });
  });
});
