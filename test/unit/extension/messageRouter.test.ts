// Host side of the webview protocol: 1,000 malformed or hostile messages change nothing; valid ones round-trip.
import assert from 'node:assert/strict';
import { routeMessage, type Handlers } from '../../../src/extension/panel/messageRouter';
import { DEFAULT_CONFIG } from '../../../src/core/model/config';
import { WebviewToHostSchema, type WebviewToHost } from '../../../src/protocol/messages';
import { mulberry32 } from '../../support/tasksGenerator';

function recorder() {
  const calls: WebviewToHost[] = [];
  const h = (m: WebviewToHost) => void calls.push(structuredClone(m));
  const handlers = Object.fromEntries(
    (['ready', 'start', 'dismiss', 'pause', 'resume', 'cancel', 'merge', 'newRun', 'openFile', 'exportLog'] as const).map((t) => [t, h]),
  ) as unknown as Handlers;
  return { calls, handlers };
}

const ID = '20261125-151604-3f9a2c';
const VALID: WebviewToHost[] = [
  { type: 'ready' },
  { type: 'start', config: { ...DEFAULT_CONFIG, additionalContext: 'Focus on performance' } },
  { type: 'dismiss' },
  { type: 'pause', id: ID },
  { type: 'resume', id: ID },
  { type: 'cancel', id: ID },
  { type: 'merge', id: ID },
  { type: 'newRun' },
  { type: 'openFile', path: '.specflow/workflows/runs/x.jsonl' },
  { type: 'exportLog', id: ID },
];

function hostile(rand: () => number, i: number): unknown {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const huge = 'A'.repeat(50_000 + Math.floor(rand() * 200_000));
  const base = structuredClone(pick(VALID)) as Record<string, unknown>;
  switch (i % 12) {
    case 0:
      return { type: pick(['start!', 'eval', '', 'constructor', '__proto__', 'READY']) };
    case 1:
      return { ...base, extra: 1 };
    case 2:
      return JSON.parse(`{"type":"pause","id":"${ID}","__proto__":{"polluted":true}}`);
    case 3:
      return { type: 'cancel', id: '../../etc/passwd' };
    case 4:
      return { type: 'openFile', path: huge };
    case 5:
      return { type: 'start', config: { ...DEFAULT_CONFIG, additionalContext: huge } };
    case 6:
      return { type: 'start', config: { ...DEFAULT_CONFIG, maxHealAttempts: pick([-1, 99, 1.5, '1', null]) } };
    case 7:
      return { type: 'start', config: { ...DEFAULT_CONFIG, budget: { ...DEFAULT_CONFIG.budget, totalUsd: pick([0, -5, 'x', Infinity]) } } };
    case 8:
      return pick([null, undefined, 42, 'ready', [], [{ type: 'ready' }], true]);
    case 9:
      return { type: 'start', config: JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown };
    case 10:
      return { type: 'merge' };
    default:
      return { type: 'start', config: { ...DEFAULT_CONFIG, skills: { implement: ['rm -rf /'] } } };
  }
}

describe('webview → host message gate', () => {
  it('drops 1,000 malformed or hostile messages: no handler runs, nothing throws, nothing is polluted', async () => {
    const { calls, handlers } = recorder();
    const problems: string[] = [];
    const rand = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const r = await routeMessage(hostile(rand, i), handlers, (p) => problems.push(p));
      assert.equal(r.ok, false, `message ${i} was accepted`);
    }
    assert.equal(calls.length, 0);
    assert.equal(problems.length, 1000);
    assert.ok(
      problems.every((p) => p.length < 500),
      'problems are short log lines',
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });

  it('round-trips every valid message to its handler unchanged', async () => {
    const { calls, handlers } = recorder();
    for (const m of VALID) assert.deepEqual(await routeMessage(structuredClone(m), handlers, () => assert.fail('valid')), { ok: true, type: m.type });
    assert.deepEqual(
      calls,
      VALID.map((m) => WebviewToHostSchema.parse(m)),
    );
  });
});
