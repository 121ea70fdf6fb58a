// The suite's figures in one place (issue 7's acceptance note), printed after every fault test ran.
import { concurrentFigures } from './concurrentStart.test';
import { corruptFigures } from './corruptState.test';
import { killFigures } from './killOrchestrator.test';
import { leftoverFigures } from './support';

const started = Date.now();

after(function () {
  const k = killFigures;
  console.log(
    [
      '',
      '  fault-injection figures',
      `    kills survived / kills made:        ${k.killsSurvived}/${k.killsMade} (${k.runsFinished}/${k.runs} runs finished merge_ready)`,
      `    corrupt state files seen:           ${k.corruptStateFilesSeen}`,
      `    duplicate batch runs:               ${k.duplicateBatchRuns}`,
      `    orphan processes:                   ${k.orphans + leftoverFigures.orphans} (kill loop ${k.orphans}, other tests ${leftoverFigures.orphans} in ${leftoverFigures.tests} checks)`,
      `    concurrent starts with one winner:  ${concurrentFigures.exactlyOneWinner}/${concurrentFigures.rounds}`,
      `    corrupt files reported / kept:      ${corruptFigures.reported}/${corruptFigures.cases}, ${corruptFigures.keptIntact}/${corruptFigures.cases}`,
      `    suite wall time:                    ${((Date.now() - started) / 1000).toFixed(1)} s (from the first file load)`,
    ].join('\n'),
  );
});
