import type { OAuthCredentials, OAuthLoginCallbacks, OAuthProviderInterface } from '@mariozechner/pi-ai/oauth';
import { importPackage } from '../../env/import.js';
import { API_KEY_PATTERNS } from '../api-key.js';
import type { ProviderDef } from './types.js';

/**
 * The built-in providers of SPEC 8. Listing them loads nothing: GitHub Copilot's pi-ai provider is
 * imported on the first call of its login or refresh.
 */

async function loadCopilot(): Promise<OAuthProviderInterface> {
  const { githubCopilotOAuthProvider } = await importPackage<typeof import('@mariozechner/pi-ai/oauth')>('@mariozechner/pi-ai/oauth');
  // pi-ai loads node:crypto and node:http with un-awaited import()s when its module is evaluated.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return githubCopilotOAuthProvider;
}

/** pi-ai's `githubCopilotOAuthProvider` behind a lazy import; the secret is the Copilot token itself. */
export const githubCopilotOAuth: OAuthProviderInterface = {
  id: 'github-copilot',
  name: 'GitHub Copilot',
  async login(callbacks: OAuthLoginCallbacks) {
    return (await loadCopilot()).login(callbacks);
  },
  async refreshToken(credentials: OAuthCredentials) {
    return (await loadCopilot()).refreshToken(credentials);
  },
  getApiKey(credentials: OAuthCredentials) {
    return credentials.access;
  },
};

const BUILT_IN = 'built-in';

export const BUILTIN_PROVIDERS: readonly ProviderDef[] = [
  {
    id: 'anthropic',
    label: 'Anthropic',
    source: BUILT_IN,
    methods: [
      { kind: 'setup-token', id: 'setup-token', label: 'setup-token (Claude Pro/Max)' },
      {
        kind: 'api-key',
        id: 'api-key',
        label: 'API key',
        hint: 'An Anthropic Console key (sk-ant-api03-…), from console.anthropic.com → API keys.',
        pattern: API_KEY_PATTERNS.anthropic,
      },
    ],
  },
  {
    id: 'openai-codex',
    label: 'OpenAI Codex',
    source: BUILT_IN,
    methods: [
      { kind: 'codex-browser', id: 'browser', label: 'ChatGPT sign-in (browser)' },
      { kind: 'codex-device', id: 'device-code', label: 'ChatGPT sign-in with a device code' },
    ],
  },
  {
    id: 'openai',
    label: 'OpenAI',
    source: BUILT_IN,
    methods: [
      { kind: 'api-key', id: 'api-key', label: 'API key', hint: 'An OpenAI API key (sk-…), from platform.openai.com → API keys.', pattern: API_KEY_PATTERNS.openai },
    ],
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    source: BUILT_IN,
    methods: [
      { kind: 'api-key', id: 'api-key', label: 'API key', hint: 'An OpenRouter key (sk-or-v1-…), from openrouter.ai → Keys.', pattern: API_KEY_PATTERNS.openrouter },
    ],
  },
  {
    id: 'github-copilot',
    label: 'GitHub Copilot',
    source: BUILT_IN,
    methods: [{ kind: 'oauth', id: 'device-code', label: 'GitHub sign-in with a device code', oauth: githubCopilotOAuth }],
  },
];

/**
 * The method `models auth login --provider <id>` runs without `--method` when a built-in provider has
 * several: the sign-in it ran before it had more than one, so scripts and habits keep working.
 */
export const DEFAULT_METHODS: Readonly<Record<string, string>> = { anthropic: 'setup-token', 'openai-codex': 'browser' };
