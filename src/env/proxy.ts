import { UserError } from '../base/errors.js';
import { t } from '../base/i18n/index.js';
import type { Env } from '../base/io.js';
import { printable } from '../base/text.js';
import { importPackage } from './import.js';

/** Loopback is served on this machine (the login's callback, local test servers): never via a proxy. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

export interface ProxySettings {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string;
}

/** Lower case wins, as in curl and undici; an empty value counts as unset. */
function pick(env: Env, name: string): string | undefined {
  return env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;
}

/** A proxy variable that is set to something that is not a proxy address: the user's configuration to fix. */
export class ProxyConfigError extends UserError {
  /** The variable, as it is spelled in the environment (its value is never kept: it may hold a password). */
  readonly variable: string;
  constructor(name: string, problem: string) {
    super(t('proxy.invalid', { name, problem }));
    this.name = 'ProxyConfigError';
    this.variable = name;
  }
}

/**
 * Throws a ProxyConfigError naming the variable (as it is spelled in `env`) whose value undici could not
 * use: not an address, a scheme other than http or https, no host. The value is not repeated: it may hold a
 * password.
 */
function checkProxy(env: Env, name: string): void {
  const spelled = [name.toLowerCase(), name.toUpperCase()].find((n) => env[n]);
  if (spelled === undefined) return;
  let url: URL;
  try {
    url = new URL(env[spelled]!);
  } catch {
    throw new ProxyConfigError(spelled, t('proxy.notUrl'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProxyConfigError(spelled, t('proxy.scheme', { scheme: printable(url.protocol, 20) }));
  if (url.hostname === '') throw new ProxyConfigError(spelled, t('proxy.noHost'));
}

/**
 * The proxy settings of `env`, or null when no proxy is set. NO_PROXY is kept as the user wrote it, plus
 * the loopback names it lacks (`*` already covers them). HTTPS_PROXY falls back to HTTP_PROXY, as undici does.
 */
export function proxySettings(env: Env): ProxySettings | null {
  const httpProxy = pick(env, 'http_proxy');
  const httpsProxy = pick(env, 'https_proxy');
  if (!httpProxy && !httpsProxy) return null;
  const user = (pick(env, 'no_proxy') ?? '').trim();
  if (user === '*') return { httpProxy, httpsProxy, noProxy: user };
  const entries = user.split(/[,\s]+/).filter(Boolean);
  const lower = new Set(entries.map((e) => e.toLowerCase()));
  const noProxy = [...entries, ...LOOPBACK.filter((host) => !lower.has(host))].join(',');
  return { httpProxy, httpsProxy, noProxy };
}

let installed: ProxySettings | null = null;

/**
 * Routes this process's fetch (Node's own, and so pi-ai's) through the proxy of `env`, when one is set:
 * undici's EnvHttpProxyAgent as the global dispatcher. Node 20's fetch reads the dispatcher that the
 * undici package's setGlobalDispatcher installs (verified by test/proxy.test.ts). undici is loaded only
 * when a proxy is set: it costs about 80 ms to load. Returns the settings in use, or null.
 */
export async function installProxyFromEnv(env: Env): Promise<ProxySettings | null> {
  const settings = proxySettings(env);
  if (!settings) return null;
  // Before anything is sent: a proxy that cannot be used is a mistake in the setup, not a refusal of the grant.
  checkProxy(env, 'https_proxy');
  checkProxy(env, 'http_proxy');
  if (installed && sameSettings(installed, settings)) return installed;
  const { EnvHttpProxyAgent, setGlobalDispatcher } = await importPackage<typeof import('undici')>('undici');
  // Explicit values ('' for unset), so that the agent follows `env` rather than re-reading process.env.
  const { httpProxy = '', httpsProxy = '', noProxy } = settings;
  setGlobalDispatcher(new EnvHttpProxyAgent({ httpProxy, httpsProxy, noProxy }));
  installed = settings;
  return settings;
}

function sameSettings(a: ProxySettings, b: ProxySettings): boolean {
  return a.httpProxy === b.httpProxy && a.httpsProxy === b.httpsProxy && a.noProxy === b.noProxy;
}
