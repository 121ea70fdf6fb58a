// The print-mode permission model: never prompt; deny what is not allowed (reference §4 --permission-mode,
// --allowedTools). Edit rules cover every file-editing tool (Edit, Write, NotebookEdit).
import * as path from 'node:path';
import { MESSAGES, type PermissionMode } from './constants';

const FILE_EDIT_TOOLS = new Set(['Edit', 'Write', 'NotebookEdit', 'MultiEdit']);

export interface PermissionRule {
  tool: string;
  pattern: string | undefined;
}

export function parseRule(rule: string): PermissionRule {
  const m = /^([A-Za-z0-9_.-]+)\((.*)\)$/.exec(rule.trim());
  if (m) return { tool: m[1]!, pattern: m[2]! };
  return { tool: rule.trim(), pattern: undefined };
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function pathMatches(pattern: string, absPath: string, cwd: string): boolean {
  if (pattern.startsWith('//')) return globToRegExp(pattern.slice(1)).test(absPath);
  const rel = path.relative(cwd, absPath).split(path.sep).join('/');
  const p = pattern.replace(/^\.?\//, '');
  return globToRegExp(p).test(rel) || globToRegExp(`**/${p}`).test(rel);
}

function commandMatches(pattern: string, command: string): boolean {
  if (pattern.endsWith(':*')) return command.startsWith(pattern.slice(0, -2));
  return new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  ).test(command.trim());
}

/** Whether a rule list (from --allowedTools / --disallowedTools) covers this call. */
export function ruleCovers(rules: PermissionRule[], tool: string, input: { path?: string; command?: string }, cwd: string): boolean {
  return rules.some((r) => {
    const sameTool = r.tool === tool || (FILE_EDIT_TOOLS.has(tool) && FILE_EDIT_TOOLS.has(r.tool));
    if (!sameTool) return false;
    if (r.pattern === undefined || r.pattern === '' || r.pattern === '*') return true;
    if (input.command !== undefined) return commandMatches(r.pattern, input.command);
    if (input.path !== undefined) return pathMatches(r.pattern, input.path, cwd);
    return false;
  });
}

export type PermissionDecision = { allowed: true } | { allowed: false; message: string };

export interface PermissionPolicy {
  mode: PermissionMode;
  allow: PermissionRule[];
  deny: PermissionRule[];
  cwd: string;
  /** cwd plus --add-dir directories. */
  workingDirs: string[];
}

function inside(dirs: string[], abs: string): boolean {
  return dirs.some((d) => {
    const rel = path.relative(d, abs);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/** Decide a tool call in print mode (which never asks: anything not allowed is denied). */
export function decide(policy: PermissionPolicy, tool: string, input: { path?: string; command?: string }): PermissionDecision {
  if (
    ruleCovers(
      policy.deny.filter((r) => r.pattern !== undefined),
      tool,
      input,
      policy.cwd,
    )
  ) {
    return { allowed: false, message: `Permission to use ${tool} has been denied.` };
  }
  if (policy.mode === 'bypassPermissions') return { allowed: true };
  const isEdit = FILE_EDIT_TOOLS.has(tool);
  const isRead = tool === 'Read' || tool === 'Glob' || tool === 'Grep';
  if (ruleCovers(policy.allow, tool, input, policy.cwd)) return { allowed: true };
  if (isRead) {
    if (input.path === undefined || inside(policy.workingDirs, input.path)) return { allowed: true };
  } else if (isEdit && input.path !== undefined) {
    if (policy.mode === 'plan') return { allowed: false, message: MESSAGES.planModeWrite(input.path) };
    if ((policy.mode === 'acceptEdits' || policy.mode === 'auto') && inside(policy.workingDirs, input.path)) {
      return { allowed: true };
    }
  } else if (tool === 'StructuredOutput') return { allowed: true };
  if (policy.mode === 'dontAsk') return { allowed: false, message: MESSAGES.dontAsk(tool) };
  if (isEdit && input.path !== undefined) return { allowed: false, message: MESSAGES.permissionWrite(input.path) };
  if (isRead && input.path !== undefined) {
    return { allowed: false, message: `Claude requested permissions to read from ${input.path}, but you haven't granted it yet.` };
  }
  return { allowed: false, message: MESSAGES.permissionTool(tool) };
}
