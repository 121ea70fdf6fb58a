// Issue 7, fault 2 (FR-024, NG-008, US5-3): two processes start the same project at the same moment, 50
// times. Exactly one wins each time (exit 0 or 4); the other is refused with "Orchestration already in
// progress" (exit 3); the project never holds two orchestrations.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCliAsync } from '../support/cli';
import { makeProject, sectionedTasks, type TestProject } from '../support/projects';
import { killLeftovers, readStates } from './support';

/**
 * The race is about the project lock, not the agent: the winner's one batch is done by a bash `claude`
 * that answers in milliseconds (fixtures/instant-claude), so 50 rounds stay quick on a loaded box. The
 * rest of the suite uses the scripted fake-claude.
 */
const INSTANT_CLAUDE = join(__dirname, 'fixtures', 'instant-claude');

const ROUNDS = Number(process.env.SPECFLOW_FAULT_CONCURRENT_ROUNDS ?? 50);

export const concurrentFigures = { rounds: 0, exactlyOneWinner: 0 };

describe('faults: concurrent start of the same project', function () {
  this.timeout(600_000); // ~1 CPU-second per round: 25–60 s on a 2-core box, more when others load it
  const projects: TestProject[] = [];

  after(function () {
    for (const p of projects) killLeftovers(p);
    console.log(`\n      concurrent starts with exactly one winner: ${concurrentFigures.exactlyOneWinner}/${concurrentFigures.rounds}`);
    if (concurrentFigures.exactlyOneWinner === concurrentFigures.rounds) for (const p of projects) p.cleanup();
  });

  it(`${ROUNDS} times: exactly one of two simultaneous starts wins, the other exits 3`, async () => {
    const failures: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // A fresh project each round; the winner runs one batch and pauses, so it holds the project at rest.
      const p = makeProject({ tasks: sectionedTasks(2, 2), git: false });
      projects.push(p);
      const args = ['--skip-analyze', '--pause-between-batches', '--no-decisions'];
      const start = () => runCliAsync(['start', '--project', p.dir, '--claude', INSTANT_CLAUDE, ...args], { env: { ...process.env, ...p.env } });
      const a = start();
      const b = start();
      const [ra, rb] = await Promise.all([a.done, b.done]);
      concurrentFigures.rounds++;
      const codes = [ra.code, rb.code];
      const winners = [ra, rb].filter((r) => r.code === 0 || r.code === 4);
      const losers = [ra, rb].filter((r) => r.code === 3);
      const { ok, bad } = readStates(p);
      const problems: string[] = [];
      if (winners.length !== 1 || losers.length !== 1) problems.push(`exit codes ${codes.join(' and ')}`);
      for (const l of losers) if (!/Orchestration already in progress/.test(l.stderr)) problems.push(`the loser said: ${l.stderr.trim()}`);
      if (ok.length !== 1 || bad.length) problems.push(`${ok.length} state files (${bad.length} unreadable)`);
      const holding = ok.filter((e) => ['running', 'healing', 'paused', 'waiting', 'merge_ready'].includes(e.status));
      if (holding.length > 1) problems.push(`${holding.length} orchestrations hold the project`);
      if (ok[0] && ok[0].status !== 'paused') problems.push(`the winner's run is ${ok[0].status}, not paused`);
      const agents = p.invocations().length;
      if (agents !== 1) problems.push(`${agents} agent calls (one batch of one winner expected)`);
      if (problems.length) failures.push(`round ${round}: ${problems.join('; ')}\n  a: ${ra.stderr.trim()}\n  b: ${rb.stderr.trim()}`);
      else concurrentFigures.exactlyOneWinner++;
    }
    assert.deepEqual(failures, [], failures.join('\n'));
    assert.equal(concurrentFigures.exactlyOneWinner, ROUNDS);
  });
});
