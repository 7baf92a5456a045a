import type { ReactNode } from 'react';

/**
 * A piece of a screen that does not change once shown (a title, the sign-in link, the instructions): the
 * App writes it once, above the live region, through Ink's <Static>, and never draws it again. `key`
 * names it for the step it belongs to (a step entered again writes its pieces again).
 */
export interface Written {
  key: string;
  node: ReactNode;
}
