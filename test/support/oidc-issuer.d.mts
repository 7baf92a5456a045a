// Hand-written types for oidc-issuer.mjs.
export const BROWSER_CLIENT: string;
export const DEVICE_CLIENT: string;

export interface OidcIssuerStats {
  /** Refresh requests, answered either way, counted as they complete. */
  refreshRequests: number;
  refreshSuccesses: number;
  refreshErrors: number;
  /** Refresh requests by the client that sent them. */
  refreshByClient: Record<string, number>;
  codeExchanges: number;
  deviceExchanges: number;
}

export interface OidcIssuer {
  readonly url: string;
  readonly stats: OidcIssuerStats;
  /** Lifetime of access tokens issued from now on, in seconds. */
  setAccessTokenTtl(seconds: number): void;
  holdTokens(): () => void;
  revoke(token: string, clientId: string): Promise<void>;
  close(): Promise<void>;
}

export function startOidcIssuer(options?: { accessTokenTtl?: number }): Promise<OidcIssuer>;
