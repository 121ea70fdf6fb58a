// The SVG as a tree of elements (parsed by fast-xml-parser), so tests can ask about rows and marks by their
// data attributes instead of matching text.
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: El[];
  /** The element's own text (entities decoded). */
  text: string;
}

type Node = Record<string, unknown>;

function toEl(node: Node): El | undefined {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (!tag || tag === '#text') return undefined;
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const kids = (node[tag] ?? []) as Node[];
  const text = kids
    .filter((k) => '#text' in k)
    .map((k) => String(k['#text']))
    .join('');
  return { tag, attrs, children: kids.map(toEl).filter((e): e is El => !!e), text };
}

/** Parses the SVG document (it must be well-formed XML) and returns its root element. */
export function parseSvg(svg: string): El {
  const valid = XMLValidator.validate(svg);
  assert.equal(valid, true, `the SVG is not well-formed XML: ${JSON.stringify(valid)}`);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, trimValues: false });
  const doc = parser.parse(svg) as Node[];
  const root = doc.map(toEl).find((e) => e?.tag === 'svg');
  assert.ok(root, 'an <svg> root element');
  return root;
}

export function all(el: El, pred: (e: El) => boolean): El[] {
  const found: El[] = [];
  const walk = (e: El) => {
    if (pred(e)) found.push(e);
    e.children.forEach(walk);
  };
  el.children.forEach(walk);
  return found;
}

export const byKind = (kind: string) => (e: El) => e.attrs['data-kind'] === kind;

/** All text inside an element, its descendants' included. */
export function textOf(el: El): string {
  return [el.text, ...el.children.map(textOf)].join('');
}
