// runGate spawns through execa, which is ESM-only and cannot be loaded through tsx's require hook: it is loaded
// bundled (requireBundle). The pure modules the tests also use (compareToBaseline, describeGate…) are imported
// from source as usual.
import { join } from 'node:path';
import type * as RunGateModule from '../../../src/core/gate/runGate';
import { requireBundle } from '../../support/requireBundle';

export function loadRunGate(): typeof RunGateModule {
  return requireBundle<typeof RunGateModule>({ entry: join(__dirname, '../../../src/core/gate/runGate.ts') }, 'runGate');
}
