// Ink rewrites the last frame on unmount when CI is set, and React's act() needs this flag.
delete process.env.CI;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// No test reaches the internet: fetches of other hosts fail at once (test/support/offline.mjs).
import './offline.mjs';
