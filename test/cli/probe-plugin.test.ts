import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { plantStore, ROOT, storeFileOf } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { useProbeStandin } from '../support/probe-hooks.js';
import { redirectFetch } from '../support/redirect-fetch.mjs';

/** Issue 21: a plugin's method declares its own probe; openclaw sends it and reads the answer as its own. */
const live = useProbeStandin();
let undo: () => void;
beforeAll(() => {
  undo = redirectFetch([['https://api.probed.example/', () => `${live.standin.url}/openai/`]]);
});
afterAll(() => undo());
beforeEach(async () => {
  await writeFile(join(live.state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [join(ROOT, 'test', 'fixtures', 'probe-plugin')] } } }));
});

it('models status --probe uses the method probe of a plugin provider: ok, refused', async () => {
  await plantStore(storeFileOf(live.state.dir), {
    profiles: {
      'probed:good': { type: 'api_key', provider: 'probed', key: 'pk-good-0123456789' },
      'probed:bad': { type: 'api_key', provider: 'probed', key: 'pk-refused-0123456789' },
    },
  });
  const r = await runInProcess(['models', 'status', '--probe', '--json'], { env: live.state.env });
  expect(r.code).toBe(1);
  const results = Object.fromEntries(JSON.parse(r.stdout).results.map((x: { profileId: string; bucket: string; reasonCode: string }) => [x.profileId, [x.bucket, x.reasonCode]]));
  expect(results).toEqual({ 'probed:bad': ['auth', 'unauthorized'], 'probed:good': ['ok', 'ok'] });
  expect(live.standin.seen.some((s) => s.path === '/openai/v1/models' && s.headers.authorization === 'Bearer pk-good-0123456789')).toBe(true);
});

it('models auth login with a plugin key the probe refuses: exit 1, nothing saved; a good one saved, checked', async () => {
  const bad = await runInProcess(['models', 'auth', 'login', '--provider', 'probed'], { env: live.state.env, input: 'pk-refused-0123456789' });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('probed refused it');
  const good = await runInProcess(['models', 'auth', 'login', '--provider', 'probed'], { env: live.state.env, input: 'pk-good-0123456789' });
  expect(good.code, good.stderr).toBe(0);
  expect(good.stdout).toContain('Checked: it works (probed accepted it).');
});

it('a provider with no probe at all is told so (unknown, no_probe), not guessed', async () => {
  await plantStore(storeFileOf(live.state.dir), { profiles: { 'nobody:x': { type: 'api_key', provider: 'nobody', key: 'k-0123456789' } } });
  const r = await runInProcess(['models', 'status', '--probe', '--json'], { env: live.state.env });
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout).results[0]).toMatchObject({ profileId: 'nobody:x', bucket: 'unknown', reasonCode: 'no_probe' });
});
