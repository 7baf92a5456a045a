/** Sends fetches of each [origin, base] route's origin to its base (a function is asked at each fetch); returns the undo. */
export function redirectFetch(routes: ReadonlyArray<readonly [string, string | (() => string)]>): () => void;
/** https://auth.openai.com to the fake issuer at `issuer`; returns the undo. */
export function redirectOpenAI(issuer: string): () => void;
