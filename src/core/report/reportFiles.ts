// The report's files in the project: `.specflow/reports/orchestration-{id}.md`, `.json` and `.svg`, each
// written atomically (a crash leaves the previous version whole), and the JSON read back validated.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { formatIssues } from '../model/config';
import { assertValidId } from '../model/ids';
import { REPORT_SCHEMA_VERSION, ReportSchema, type Report } from '../model/report';
import { writeJsonAtomic } from '../store/atomicJson';
import { renderMarkdown } from './markdown';
import { renderTimelineSvg } from './timelineSvg';

export interface ReportPaths {
  markdownPath: string;
  jsonPath: string;
  svgPath: string;
}

/** A report that cannot be read, and why: not written yet, not JSON, or not a report of this version. */
export class ReportFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly reason: 'missing' | 'corrupt' | 'schema',
  ) {
    super(message);
    this.name = 'ReportFileError';
  }
}

function reportsDir(projectPath: string): string {
  return join(projectPath, '.specflow', 'reports');
}

export function reportPaths(projectPath: string, id: string): ReportPaths {
  const base = join(reportsDir(projectPath), `orchestration-${assertValidId(id)}`);
  return { markdownPath: `${base}.md`, jsonPath: `${base}.json`, svgPath: `${base}.svg` };
}

/** Writes the picture and the JSON before the Markdown that points at the picture. */
export async function writeReport(projectPath: string, report: Report): Promise<ReportPaths> {
  const valid = ReportSchema.parse(report);
  const paths = reportPaths(projectPath, valid.id);
  await writeJsonAtomic(paths.jsonPath, valid);
  await writeFileAtomic(paths.svgPath, renderTimelineSvg(valid), { fsync: true });
  await writeFileAtomic(paths.markdownPath, renderMarkdown(valid, { svgFileName: basename(paths.svgPath) }), { fsync: true });
  return paths;
}

export async function readReport(projectPath: string, id: string): Promise<Report> {
  const file = reportPaths(projectPath, id).jsonPath;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ReportFileError(
        `No report for run ${id} yet: ${file} does not exist (a report is written when a run completes, pauses or stops)`,
        file,
        'missing',
      );
    }
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ReportFileError(`The report ${file} is damaged: it is not valid JSON (${(e as Error).message})`, file, 'corrupt');
  }
  const parsed = ReportSchema.safeParse(raw);
  if (!parsed.success) {
    const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
    const why =
      typeof version === 'number' && version > REPORT_SCHEMA_VERSION
        ? `it was written by a newer SpecFlow (report version ${version}; this version reads ${REPORT_SCHEMA_VERSION})`
        : `it does not match the report schema (${formatIssues(parsed.error).slice(0, 3).join('; ')})`;
    throw new ReportFileError(`The report ${file} cannot be used: ${why}`, file, 'schema');
  }
  return parsed.data;
}
