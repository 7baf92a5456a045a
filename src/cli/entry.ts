import { main } from './main.js';

// The executable's entry: src/cli/main.ts only builds and runs the program, so tests run it in-process.
void main(process.argv);
