import type { ProbeCredential, ProbeRequest } from './types.js';

/**
 * GitHub Copilot is checked at its token endpoint, `GET https://api.github.com/copilot_internal/v2/token`
 * with the GitHub token of the sign-in (`Authorization: Bearer <github token>`): the request that turns it
 * into a Copilot token (pi-ai's githubCopilotOAuthProvider refreshes through it; answer
 * `{"token", "expires_at", "refresh_in", …}`). It reads and changes nothing: the GitHub token does not rotate.
 * Source: @mariozechner/pi-ai, dist/utils/oauth/github-copilot.js (`getUrls(domain).copilotToken`), and the
 * Copilot clients that call it (e.g. ericc-ch/copilot-api, src/services/github/get-copilot-token.ts).
 */
export const COPILOT_TOKEN_URL = 'https://api.github.com/copilot_internal/v2/token';

/** A host name as the store may hold one for GitHub Enterprise (pi-ai keeps the domain the user typed). */
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export function copilotProbe(credential: ProbeCredential): ProbeRequest | null {
  // The GitHub token is the refresh token of the profile; without it there is nothing this endpoint checks.
  const github = credential.refresh;
  if (!github) return null;
  // A GitHub Enterprise sign-in is asked at its own API host, as pi-ai refreshes it (`https://api.${domain}/…`).
  const domain = credential.enterpriseDomain;
  if (domain !== undefined && !DOMAIN.test(domain)) return null;
  return {
    url: domain === undefined || domain === 'github.com' ? COPILOT_TOKEN_URL : `https://api.${domain}/copilot_internal/v2/token`,
    headers: { authorization: `Bearer ${github}`, accept: 'application/json', 'user-agent': 'GitHubCopilotChat/0.35.0', 'editor-version': 'vscode/1.107.0' },
  };
}
