// Written task IDs: `T001`, `T012a`, `T007-TEST` (spec-kit/SpecFlow, ⚑ `T\d+…`) and dotted numbers (`1.2`,
// `3.1.4`; Kiro, OpenSpec, numbered lists), plus the `[P]`/`[USn]` markers. Pure.

/**
 * `T` + digits, then an optional letter (`T012a`), dotted parts (`T001.1`) and upper-case suffixes that hold a
 * letter (`T007-TEST`): a suffixed ID is an ID of its own. `T001-T005` is a range, not an ID with a suffix.
 */
export const T_ID_CORE = String.raw`T\d+[a-z]?(?:\.\d+)*(?:-(?!T\d)[A-Z][A-Z0-9]*)*`;
const T_ID = new RegExp(String.raw`(?:^|[^A-Za-z0-9_])(${T_ID_CORE})(?![A-Za-z0-9_])`);
/** An ID written first, in inline code: ``- [ ] `T001` Create the model``. */
const LEADING_CODE_ID = new RegExp(String.raw`^(?:\*\*|__)?(\x60+)[ \t]*(${T_ID_CORE})(?![A-Za-z0-9_])`);
/** A leading dotted number (`1.`, `1.1`, `3.1.4.`, `**2.1**`); a bare `2` is a count, not an ID. */
const LEADING_NUMBER = /^(?:\*\*|__)?(\d{1,4}(?:\.\d{1,4})*)(\.?)(?:\*\*|__)?(?=[\s:)]|$)/;
const STORY = /\[(US\d+)\]/;
/** `[serial]`, any case: the task (or every task under a heading) never runs in a parallel wave. */
const SERIAL_TAG = /\[serial\]/i;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;

/** Text with inline code blanked out: IDs and markers inside code (`T999 [P]`) are examples, not metadata. */
export function withoutInlineCode(text: string): string {
  return text.includes('`') ? text.replace(INLINE_CODE, ' ') : text;
}

/** The T-ID of a task line: one written first in inline code, else the first T-ID outside inline code. */
export function tIdOf(body: string, visible: string): string | undefined {
  if (body.charCodeAt(0) === 96 /* ` */ || (body.charCodeAt(2) === 96 && (body[0] === '*' || body[0] === '_'))) {
    const code = LEADING_CODE_ID.exec(body);
    if (code) return code[2];
  }
  return T_ID.exec(visible)?.[1];
}

/** A leading dotted number used as ID. */
export function numberIdOf(body: string): string | undefined {
  const c = body.charCodeAt(body[0] === '*' || body[0] === '_' ? 2 : 0);
  if (!(c >= 48 && c <= 57)) return undefined;
  const m = LEADING_NUMBER.exec(body);
  return m && (m[1]!.includes('.') || m[2] === '.') ? m[1] : undefined;
}

/** True when the text (inline code blanked, see withoutInlineCode) carries the `[serial]` tag. */
export function hasSerialTag(visible: string): boolean {
  return visible.includes('[') && SERIAL_TAG.test(visible);
}

export function storyOf(visible: string): string | undefined {
  return visible.includes('[US') ? STORY.exec(visible)?.[1] : undefined;
}

/**
 * A task's text without its leading written ID and the separator after it: `T001: Create` → `Create`,
 * ``**`T001`** Create`` → `Create`, `1.1 Create` → `Create`, `Task 1.2 – Create` → `Create`.
 */
export function taskTitle(task: { id: string; text: string; synthetic: boolean }): string {
  if (task.synthetic) return task.text;
  const esc = task.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lead = new RegExp(String.raw`^(?:[*_~\x60]*(?:Task[ \t]+)?)${esc}\.?[*_~\x60]*[ \t]*(?:[:\-–—.)][ \t]*)?`, 'i');
  const rest = task.text.replace(lead, '');
  return rest === task.text || rest === '' ? task.text : rest;
}
