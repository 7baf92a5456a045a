import { cli } from './cli.js';
import { common } from './common.js';
import { model } from './model.js';
import { signin } from './signin.js';
import { wizard } from './wizard.js';

/** The English catalogue: the keys every other language must have, with the same `{name}` places. */
export const en = { ...common, ...wizard, ...signin, ...cli, ...model } as const;
export type MessageKey = keyof typeof en;
