import type { ReactNode } from 'react';

/**
 * A piece of a screen that does not change once shown (a title, the sign-in link, the instructions): the
 * App writes it once, above the live region, through Ink's <Static>, and never draws it again. `key`
 * names it within its step: a step entered again writes its pieces again, but a `lasting` one (a title,
 * a banner: the same on every attempt) is not written again when the step is tried again after a failure.
 */
export interface Written {
  key: string;
  node: ReactNode;
  lasting?: boolean;
}
