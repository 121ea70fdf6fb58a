// execa is ESM-only: it is loaded on first use, through a dynamic import. That keeps it out of the
// extension's activation path and lets tests that run TypeScript through tsx's require hook import the
// engine; esbuild inlines it into the bundles either way.
import type { execa as Execa } from 'execa';

let loaded: Promise<typeof Execa> | undefined;

export function loadExeca(): Promise<typeof Execa> {
  loaded ??= import('execa').then((m) => m.execa);
  return loaded;
}
