/** Sends every provider probe host to the stand-in at `base`; returns the undo. */
export function redirectProbes(base: string): () => void;
