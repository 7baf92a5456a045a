import { SETUP_TOKEN_PREFIX } from '../sign-in/setup-token.js';
import type { ProbeCredential, ProbeRequest } from './types.js';

/**
 * Anthropic's cheapest authenticated read: List Models, `GET /v1/models` (one model is enough: `limit=1`).
 * Source: https://platform.claude.com/docs/en/api/models (List Models, get /v1/models) with the
 * `x-api-key` and `anthropic-version: 2023-06-01` headers of https://docs.anthropic.com/en/api/overview.
 * A setup-token (`sk-ant-oat01-…`, an OAuth access token of a Claude subscription) is sent as a bearer
 * token with `anthropic-beta: oauth-2025-04-20`, as Claude Code and pi-ai's Anthropic provider send it
 * (the beta flag Anthropic's OAuth endpoints require, e.g. api.anthropic.com/api/oauth/usage).
 */
export const ANTHROPIC_MODELS_URL = 'https://api.anthropic.com/v1/models?limit=1';
export const ANTHROPIC_VERSION = '2023-06-01';
export const ANTHROPIC_OAUTH_BETA = 'oauth-2025-04-20';

export function anthropicProbe(credential: ProbeCredential): ProbeRequest {
  const bearer = credential.type !== 'api_key' || credential.secret.startsWith(SETUP_TOKEN_PREFIX);
  return {
    url: ANTHROPIC_MODELS_URL,
    headers: bearer
      ? { authorization: `Bearer ${credential.secret}`, 'anthropic-version': ANTHROPIC_VERSION, 'anthropic-beta': ANTHROPIC_OAUTH_BETA }
      : { 'x-api-key': credential.secret, 'anthropic-version': ANTHROPIC_VERSION },
  };
}
