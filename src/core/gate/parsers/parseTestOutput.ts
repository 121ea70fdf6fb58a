// Reads a gate's output with the first parser that recognises it. The order puts formats with an unmistakable
// signature first: a JUnit document, then each runner's own summary line, then TAP, then SpecFlow's own
// "N passed, N failed" line (which follows mocha's output in this project, so mocha must win).
import type { GateCounts, GateFormat } from '../../model/gate';
import { parseCargo } from './cargo';
import { parseGoTest } from './goTest';
import { parseJest } from './jest';
import { parseJunitXml } from './junit';
import { parseMocha } from './mocha';
import { parseNodeSpec } from './nodeSpec';
import { cleanOutput, type OutputParser, type ParsedOutput } from './parsedOutput';
import { parsePytest } from './pytest';
import { parseSummaryLine } from './summaryLine';
import { parseTap } from './tap';
import { parseVitest } from './vitest';

const PARSERS: readonly OutputParser[] = [
  parseJunitXml,
  parseJest,
  parseVitest,
  parsePytest,
  parseCargo,
  parseGoTest,
  parseMocha,
  parseNodeSpec,
  parseTap,
  parseSummaryLine,
];

/** Most names kept, and longest name: the list goes into the state file and a prompt. */
export const MAX_FAILING_NAMES = 200;
const MAX_NAME_CHARS = 300;

interface TestOutputSummary {
  format: GateFormat;
  counts?: GateCounts;
  failingTests: string[];
  failingTestsTruncated: boolean;
}

function capped(parsed: ParsedOutput): TestOutputSummary {
  const names = parsed.failingTests.map((n) => (n.length > MAX_NAME_CHARS ? n.slice(0, MAX_NAME_CHARS - 1) + '…' : n));
  return {
    format: parsed.format,
    ...(parsed.counts ? { counts: parsed.counts } : {}),
    failingTests: names.slice(0, MAX_FAILING_NAMES),
    failingTestsTruncated: names.length > MAX_FAILING_NAMES,
  };
}

/**
 * Counts and failing test names from a test command's output, or undefined when no parser knows it.
 * `junitReport` is the text of a JUnit XML file the command wrote; when it parses, it wins over the output.
 */
export function parseTestOutput(output: string, junitReport?: string): TestOutputSummary | undefined {
  if (junitReport) {
    const fromFile = parseJunitXml(junitReport);
    if (fromFile) return capped(fromFile);
  }
  const text = cleanOutput(output);
  for (const parse of PARSERS) {
    const parsed = parse(text);
    if (parsed) return capped(parsed);
  }
  return undefined;
}
