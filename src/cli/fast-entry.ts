import { main } from './fast-main.js';

// dist/fast.cjs's entry (src/cli/fast-main.ts); dist/cli.cjs's is src/cli/entry.ts.
void main(process.argv);
