// Preload: `OPENCLAW_TEST_GITHUB=http://127.0.0.1:PORT node --import ./test/support/redirect-github.mjs dist/...`
// pi-ai's GitHub Copilot sign-in hard-codes github.com, api.github.com and the Copilot API host: point its
// fetches at the stand-in (test/support/github-standin.mjs). Without the env var this is a no-op; tests in
// this process call redirectGithub() themselves.
import { redirectFetch } from './redirect-fetch.mjs';

const HOSTS = [
  ["https://github.com/", "github/"],
  ["https://api.github.com/", "api/"],
  ["https://api.individual.githubcopilot.com/", "copilot/"],
];

/** Sends fetches of the GitHub hosts to `base`; returns the function that undoes it. */
export function redirectGithub(base) {
  return redirectFetch(HOSTS.map(([origin, prefix]) => [origin, `${base}/${prefix}`]));
}

if (process.env.OPENCLAW_TEST_GITHUB) redirectGithub(process.env.OPENCLAW_TEST_GITHUB);
