// The walkthrough's first step ("Install and sign in to Claude Code") completes on the context key
// specflow.claudeFound, which only the extension can set: it is true once the claude we would drive
// (specflow.claudePath, else $SPECFLOW_CLAUDE_PATH, else PATH) answers `--version`.
// node:child_process rather than execa: this module is part of the light shell loaded at activation,
// and one argv-array call with a timeout needs nothing more.
import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { ContextKey } from './commandIds';

const CLAUDE_FOUND = ContextKey.ClaudeFound;
const VERSION_TIMEOUT_MS = 15_000;
const SIMULATED_AGENT = 'simulated-claude.js';

/** The engine's resolveClaude (through loadEngine(), so the engine loads only when a check runs). */
type ResolveClaude = (explicit: string | undefined) => Promise<{ path?: string }>;

/**
 * Sets specflow.claudeFound now (just after activation) and again when specflow.claudePath changes or the
 * workspace becomes trusted.
 * Until claude is found it also looks again when the window regains focus or a terminal closes,
 * because Claude Code is installed in a terminal or outside VS Code while the walkthrough is open.
 */
export function checkClaudeForWalkthrough(resolveClaude: ResolveClaude): vscode.Disposable {
  let found = false;
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      found = await claudeAnswers(resolveClaude).catch(() => false);
      await vscode.commands.executeCommand('setContext', CLAUDE_FOUND, found);
    } while (again);
  };
  const check = (): void => {
    if (running) {
      again = true; // a setting changed mid-check: look again with it
      return;
    }
    running = true;
    void run()
      .catch(() => undefined)
      .finally(() => (running = false));
  };
  // Not inside activate(): resolveClaude loads the engine bundle, which activation leaves for later.
  const first = setTimeout(check, 0);
  return vscode.Disposable.from(
    { dispose: () => clearTimeout(first) },
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('specflow.claudePath') && check()),
    vscode.workspace.onDidGrantWorkspaceTrust(check),
    vscode.window.onDidChangeWindowState((s) => s.focused && !found && check()),
    vscode.window.onDidCloseTerminal(() => !found && check()),
  );
}

/** specflow.claudePath; in an untrusted workspace only the user's own value, so the workspace cannot choose what runs. */
function claudePathSetting(): string | undefined {
  const config = vscode.workspace.getConfiguration('specflow');
  const value = vscode.workspace.isTrusted ? config.get<string>('claudePath') : config.inspect<string>('claudePath')?.globalValue;
  return value?.trim() || undefined;
}

async function claudeAnswers(resolveClaude: ResolveClaude): Promise<boolean> {
  const { path } = await resolveClaude(claudePathSetting());
  // The demo project points specflow.claudePath at the simulated agent, which answers like claude but is not it.
  if (!path || basename(path) === SIMULATED_AGENT) return false;
  return answersVersion(path);
}

function answersVersion(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: VERSION_TIMEOUT_MS, windowsHide: true }, (error, stdout) => {
      resolve(!error && /\d+\.\d+\.\d+/.test(stdout));
    });
  });
}
