// `specflow-orchestrate report [--project DIR] [--id ID] [--json]`: the morning-after report. The one written
// when the run came to rest, or — while it still works — the report so far, built from its state now.
import { readFile } from 'node:fs/promises';
import { isActive } from '../../core/model/statusPolicy';
import { buildReportNow, writeRunReport } from '../../core/service/runReport';
import { readReport, reportPaths, ReportFileError } from '../../core/report/reportFiles';
import { renderMarkdown } from '../../core/report/markdown';
import { parseCommand } from '../args';
import { ExitCode } from '../exitCodes';
import type { CliIo } from '../io';
import { cliLogger, openOrchestrator } from '../openOrchestrator';
import { projectOptions } from '../options';

export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, projectOptions);
  const orchestrator = openOrchestrator(values, io);
  const orch = await orchestrator.get(values.id);
  const paths = reportPaths(orchestrator.projectPath, orch.id);
  const printStored = async (note = '') => {
    const report = await readReport(orchestrator.projectPath, orch.id);
    io.out(values.json ? JSON.stringify(report, null, 2) : await readFile(paths.markdownPath, 'utf8'));
    if (!values.json || note) io.err(`specflow: report: ${paths.markdownPath}${note}`);
    return ExitCode.ok;
  };
  try {
    return await printStored();
  } catch (e) {
    if (!(e instanceof ReportFileError) || e.reason !== 'missing') throw e;
  }
  // at rest without its report: its owner died between the last save and writing it; write it now
  if (!isActive(orch.status) && (await writeRunReport(orchestrator.projectPath, orch, orchestrator.store, cliLogger(io, true)))) {
    return printStored(' (written now: the process that drove the run ended before writing it)');
  }
  const report = await buildReportNow(orchestrator.projectPath, orch, orchestrator.store);
  io.err(`specflow: orchestration ${orch.id} is ${orch.status}: its report is written when it comes to rest; this is the report so far`);
  io.out(values.json ? JSON.stringify(report, null, 2) : renderMarkdown(report, { svgFileName: paths.svgPath }));
  return ExitCode.ok;
}
