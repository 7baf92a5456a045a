import { describe, expect, it } from 'vitest';
import { classifyRefreshError } from '../../src/auth/refresh-errors.js';

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
});
