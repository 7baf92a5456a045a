/** Sends fetches of github.com, api.github.com and the Copilot API host to `base`; returns the undo. */
export function redirectGithub(base: string): () => void;
