import { afterEach, beforeEach } from 'vitest';
import { tempState } from './cli.js';
import { startIssuer, type Issuer } from './issuer.mjs';

export interface StateAndIssuer {
  readonly state: Awaited<ReturnType<typeof tempState>>;
  readonly issuer: Issuer;
}

/** A fresh state dir and a fresh test issuer for every test of the file, both gone after it. */
export function stateAndIssuerPerTest(): StateAndIssuer {
  let state: StateAndIssuer['state'] | undefined;
  let issuer: Issuer | undefined;
  beforeEach(async () => {
    state = await tempState();
    issuer = await startIssuer();
  });
  afterEach(async () => {
    await issuer?.close();
    await state?.cleanup();
  });
  return {
    get state() {
      if (!state) throw new Error('the state dir exists only inside a test');
      return state;
    },
    get issuer() {
      if (!issuer) throw new Error('the issuer runs only inside a test');
      return issuer;
    },
  };
}
