import type * as Commander from 'commander';

/**
 * Commander, loaded only when a command line needs it: `models status` and `models auth token` in their
 * plainest shapes are run without it (src/cli/fast-path.ts), and its evaluation and the tree it builds were
 * a fifth of their start-up. The commands' flags are made with option() and argument() below, which are
 * called only when the program is built, after loadCommander().
 */
let loaded: typeof Commander | undefined;

export async function loadCommander(): Promise<typeof Commander> {
  loaded ??= await import('commander');
  return loaded;
}

/** Commander once loaded, else undefined (then nothing it made can be around, its errors included). */
export function commanderIfLoaded(): typeof Commander | undefined {
  return loaded;
}

function need(): typeof Commander {
  if (!loaded) throw new Error('commander is used before loadCommander()');
  return loaded;
}

export function option(flags: string, description?: string): Commander.Option {
  return new (need().Option)(flags, description);
}

export function argument(name: string, description?: string): Commander.Argument {
  return new (need().Argument)(name, description);
}
