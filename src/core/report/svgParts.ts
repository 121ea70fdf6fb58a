// The timeline picture's building blocks: escaping, colours for light and dark backgrounds, the hatch pattern
// of waits, and the legend. Colours are set twice on purpose: as attributes (a viewer without CSS still draws a
// light card) and in a stylesheet scoped to the picture, which switches to dark colours in a dark theme.

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export const COLORS = {
  bg: '#ffffff',
  border: '#d0d7de',
  text: '#1f2328',
  muted: '#59636e',
  grid: '#d8dee4',
  bar: '#4c8bf5',
  barFailed: '#e5534b',
  barIdle: '#8c959f',
  step: '#a371f7',
  heal: '#d4a72c',
  hatchBg: '#d0d7de',
  hatchLine: '#6e7681',
  pass: '#2da44e',
  fail: '#cf222e',
};

export const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

export function style(root: string): string {
  return [
    '<style>',
    `.${root} .bg { fill: ${COLORS.bg}; stroke: ${COLORS.border}; }`,
    `.${root} text { fill: ${COLORS.text}; }`,
    `.${root} text.muted { fill: ${COLORS.muted}; }`,
    `.${root} .grid { stroke: ${COLORS.grid}; }`,
    `.${root} .hatch-bg { fill: ${COLORS.hatchBg}; }`,
    '@media (prefers-color-scheme: dark) {',
    `  .${root} .bg { fill: #0d1117; stroke: #30363d; }`,
    `  .${root} text { fill: #e6edf3; }`,
    `  .${root} text.muted { fill: #9198a1; }`,
    `  .${root} .grid { stroke: #30363d; }`,
    `  .${root} .hatch-bg { fill: #30363d; }`,
    '}',
    '</style>',
  ].join('\n');
}

export function hatchPattern(id: string): string {
  return [
    `<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`,
    `<rect class="hatch-bg" width="6" height="6" fill="${COLORS.hatchBg}"/>`,
    `<line x1="0" y1="0" x2="0" y2="6" stroke="${COLORS.hatchLine}" stroke-width="3"/>`,
    '</pattern>',
  ].join('');
}

export function rect(x: number, y: number, w: number, h: number, attrs: string): string {
  return `<rect x="${x}" y="${y}" width="${Math.max(2, Math.round(w * 10) / 10)}" height="${h}" ${attrs}/>`;
}

export function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ''}>${esc(content)}</text>`;
}

/** The gate's mark at the end of a batch bar: a green ✓ or a red ✗ in a circle. */
export function gateMark(x: number, cy: number, passed: boolean, badge: string): string {
  const color = passed ? COLORS.pass : COLORS.fail;
  return [
    `<g class="gate ${passed ? 'gate-pass' : 'gate-fail'}" data-kind="gate">`,
    `<title>${esc(`Gate: ${badge}`)}</title>`,
    `<circle cx="${x}" cy="${cy}" r="7" fill="${color}" stroke="#ffffff" stroke-width="1.5"/>`,
    `<text x="${x}" y="${cy + 4}" text-anchor="middle" font-size="10" font-weight="bold" fill="#ffffff" style="fill:#ffffff">${passed ? '✓' : '✗'}</text>`,
    '</g>',
  ].join('');
}

/** Which marks the picture holds: the legend explains only those. */
export interface Shown {
  steps: boolean;
  failed: boolean;
  stopped: boolean;
  heals: boolean;
  waits: boolean;
  gate: boolean;
}

export function legend(x: number, y: number, hatchId: string, shown: Shown): string {
  const items: [string, string, boolean][] = [
    ['Step', `fill="${COLORS.step}"`, shown.steps],
    ['Batch', `fill="${COLORS.bar}"`, true],
    ['Failed', `fill="${COLORS.barFailed}"`, shown.failed],
    ['Stopped', `fill="${COLORS.barIdle}"`, shown.stopped],
    ['Heal', `fill="${COLORS.heal}"`, shown.heals],
    ['Wait', `fill="url(#${hatchId})"`, shown.waits],
  ];
  const parts: string[] = [];
  let at = x;
  for (const [label, fill] of items.filter(([, , on]) => on)) {
    parts.push(rect(at, y - 9, 14, 10, fill), text(at + 19, y, label, 'class="muted"'));
    at += 32 + label.length * 7;
  }
  if (shown.gate) {
    parts.push(gateMark(at + 6, y - 4, true, 'passed'), text(at + 18, y, 'Gate passed', 'class="muted"'));
    at += 100;
    parts.push(gateMark(at + 6, y - 4, false, 'failed'), text(at + 18, y, 'Gate failed', 'class="muted"'));
  }
  return `<g class="legend">${parts.join('')}</g>`;
}
