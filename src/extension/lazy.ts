// The extension's heavy half (engineEntry.ts, built to dist/engine.js) is required on first use, not at
// activation. Type-only imports of core are free; runtime values from core come through here.
import type * as Engine from './engineEntry';

let engine: typeof Engine | undefined;

export function loadEngine(): typeof Engine {
  // A plain require of the sibling bundle: esbuild leaves it external (esbuild.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= require('./engine.js') as typeof Engine;
  return engine;
}
