/** What every sign-in (ChatGPT's, Copilot's, a plugin's) shares while it waits on the network. */

/** A promise that rejects with the signal's reason once it is aborted: raced against a sign-in's steps. */
export function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Whether a sign-in's error is the network's (fetch says only "fetch failed"), to be said as such. */
export const isNetworkFailure = (message: string): boolean => /fetch failed|ECONN|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|network/i.test(message);
