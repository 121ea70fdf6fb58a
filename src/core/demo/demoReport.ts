// Where the report of the demo's run is: the newest run's `.specflow/reports/orchestration-<id>.md`. The engine
// writes it when the run comes to rest; the path is known from the run's state file either way.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isValidId } from '../model/ids';
import { reportPaths } from '../report/reportFiles';
import { STATE_FILE_PATTERN, workflowsDir } from '../store/paths';

/** The Markdown report path of the most recent run in `projectPath`, or undefined when it has no run. */
export function latestReportPath(projectPath: string): string | undefined {
  const dir = workflowsDir(projectPath);
  let newest: { id: string; mtimeMs: number } | undefined;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const id = STATE_FILE_PATTERN.exec(name)?.[1];
    if (!id || !isValidId(id)) continue;
    const mtimeMs = statSync(join(dir, name)).mtimeMs;
    if (!newest || mtimeMs > newest.mtimeMs) newest = { id, mtimeMs };
  }
  return newest ? reportPaths(projectPath, newest.id).markdownPath : undefined;
}
