// JUnit XML, from a reporter that prints it (mocha --reporter xunit, node --test-reporter=junit) or from a
// report file the caller names (pytest --junitxml, jest-junit, cargo2junit, go-junit-report…):
//   <testsuites><testsuite name="…"><testcase classname="tests.test_math" name="test_subtract">
//     <failure message="…">…</failure> | <error …/> | <skipped/></testcase></testsuite></testsuites>
// Suites may nest, and a log may hold several documents.
import { XMLParser } from 'fast-xml-parser';
import { NAME_SEPARATOR, uniq, type ParsedOutput } from './parsedOutput';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'testsuites',
});

const FIRST = /<testsuites?[\s>/]/;

/** The span from the first suite element to the end of the last closing one, XML declarations removed. */
function documentSpan(text: string): string | undefined {
  const start = FIRST.exec(text)?.index;
  const end = Math.max(...['</testsuites>', '</testsuite>'].map((tag) => (text.includes(tag) ? text.lastIndexOf(tag) + tag.length : -1)));
  if (start === undefined || end <= start) return undefined;
  return text.slice(start, end).replace(/<\?xml[^>]*\?>/g, '');
}

function children(node: XmlNode, key: string): XmlNode[] {
  const value = node[key];
  return Array.isArray(value) ? value.filter((v): v is XmlNode => typeof v === 'object' && v !== null) : [];
}

function collectCases(node: XmlNode, into: XmlNode[]): void {
  into.push(...children(node, 'testcase'));
  for (const key of ['testsuites', 'testsuite']) for (const child of children(node, key)) collectCases(child, into);
}

// The parser decodes the five named entities; numeric ones (mocha writes &#x22;) only matter in names, and
// decoding them here costs far less than the parser's full HTML entity table.
function attribute(tc: XmlNode, key: string): string {
  const value = tc[key];
  if (typeof value !== 'string') return '';
  return value.replace(/&#(x[0-9a-f]+|\d+);/gi, (whole, code: string) => {
    const n = code[0] === 'x' || code[0] === 'X' ? parseInt(code.slice(1), 16) : Number(code);
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
  });
}

function caseName(tc: XmlNode): string {
  const name = attribute(tc, '@name');
  const cls = attribute(tc, '@classname');
  // jest-junit repeats the class in the name by default ("math adds" / "math adds").
  return cls && name && cls !== name ? cls + NAME_SEPARATOR + name : name || cls || '(unnamed test)';
}

/** Parses JUnit XML held anywhere in `text` (a whole report file or a log with one inside). */
export function parseJunitXml(text: string): ParsedOutput | undefined {
  const span = documentSpan(text);
  if (!span) return undefined;
  let root: XmlNode;
  try {
    root = parser.parse(`<root>${span}</root>`) as XmlNode;
  } catch {
    return undefined;
  }
  const cases: XmlNode[] = [];
  const top = root['root'];
  if (typeof top === 'object' && top !== null) collectCases(top as XmlNode, cases);
  if (!cases.length) return undefined;
  let passed = 0;
  let skipped = 0;
  const failing: string[] = [];
  for (const tc of cases) {
    if ('failure' in tc || 'error' in tc) failing.push(caseName(tc));
    else if ('skipped' in tc) skipped++;
    else passed++;
  }
  const failingTests = uniq(failing);
  return { format: 'junit', counts: { passed, failed: failing.length, skipped }, failingTests };
}
