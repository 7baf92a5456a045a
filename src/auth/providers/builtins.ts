import type { OAuthCredentials, OAuthLoginCallbacks, OAuthProviderInterface } from '@mariozechner/pi-ai/oauth';
import { t } from '../../base/i18n/index.js';
import { API_KEY_PATTERNS } from '../sign-in/api-key.js';
import type { ApiKeyMethod, ProviderDef } from './types.js';
import { loadPiOAuthForSignIn } from '../sign-in/pi-oauth.js';
import { guardTokenRequests } from '../token-requests.js';

/**
 * The built-in providers of SPEC 8. Listing them loads nothing: GitHub Copilot's pi-ai provider is
 * imported on the first call of its login or refresh.
 */

async function loadCopilot(): Promise<OAuthProviderInterface> {
  // Its requests to GitHub's token and device endpoints follow no redirect (SPEC 4).
  guardTokenRequests();
  return (await loadPiOAuthForSignIn()).githubCopilotOAuthProvider;
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

/*
 * The built-in methods' labels and hints are getters into the message catalogue: read when shown, so in the
 * language of the run (`models auth providers --json` reads them in English). A plugin's are as it wrote them.
 */


/** A built-in API-key method: its hint from the catalogue, its key checked against `pattern`. */
function apiKeyMethod(hint: 'method.hintAnthropic' | 'method.hintOpenai' | 'method.hintOpenrouter', pattern: string): ApiKeyMethod {
  return {
    kind: 'api-key',
    id: 'api-key',
    get label() {
      return t('method.apiKey');
    },
    get hint() {
      return t(hint);
    },
    pattern,
  };
}

export const BUILTIN_PROVIDERS: readonly ProviderDef[] = [
  {
    id: 'anthropic',
    label: 'Anthropic',
    source: BUILT_IN,
    methods: [
      {
        kind: 'setup-token',
        id: 'setup-token',
        get label() {
          return t('method.setupToken');
        },
      },
      apiKeyMethod('method.hintAnthropic', API_KEY_PATTERNS.anthropic),
      {
        kind: 'claude-cli',
        id: 'claude-cli',
        get label() {
          return t('method.claudeCli');
        },
      },
    ],
  },
  {
    id: 'openai-codex',
    label: 'OpenAI Codex',
    source: BUILT_IN,
    methods: [
      {
        kind: 'codex-browser',
        id: 'browser',
        get label() {
          return t('method.codexBrowser');
        },
      },
      {
        kind: 'codex-device',
        id: 'device-code',
        get label() {
          return t('method.codexDevice');
        },
      },
      {
        kind: 'codex-cli',
        id: 'codex-cli',
        get label() {
          return t('method.codexCli');
        },
      },
    ],
  },
  {
    id: 'openai',
    label: 'OpenAI',
    source: BUILT_IN,
    methods: [
      apiKeyMethod('method.hintOpenai', API_KEY_PATTERNS.openai),
    ],
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    source: BUILT_IN,
    methods: [
      apiKeyMethod('method.hintOpenrouter', API_KEY_PATTERNS.openrouter),
    ],
  },
  {
    id: 'github-copilot',
    label: 'GitHub Copilot',
    source: BUILT_IN,
    methods: [
      {
        kind: 'oauth',
        id: 'device-code',
        get label() {
          return t('method.copilotDevice');
        },
        oauth: githubCopilotOAuth,
      },
    ],
  },
];

/**
 * The method `models auth login --provider <id>` runs without `--method` when a built-in provider has
 * several: the sign-in it ran before it had more than one, so scripts and habits keep working.
 */
export const DEFAULT_METHODS: Readonly<Record<string, string>> = { anthropic: 'setup-token', 'openai-codex': 'browser' };
