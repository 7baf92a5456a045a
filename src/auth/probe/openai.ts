import type { ProbeCredential, ProbeRequest } from './types.js';

/**
 * OpenAI's cheapest authenticated read: List models, `GET https://api.openai.com/v1/models` with
 * `Authorization: Bearer <key>`. Source: https://developers.openai.com/api/reference (Models → List models,
 * "get /models": "Lists the currently available models"); it spends no tokens.
 */
export const OPENAI_MODELS_URL = 'https://api.openai.com/v1/models';

export function openaiProbe(credential: ProbeCredential): ProbeRequest {
  return { url: OPENAI_MODELS_URL, headers: { authorization: `Bearer ${credential.secret}` } };
}
