/** The `default` of a switch over a union: it compiles only when every member has its case. */
export function checkExhaustive(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
