// Finds an executable the way a shell would, without running a shell.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** An absolute path to `command` (a path, or a name looked up on PATH), or undefined. */
// eslint-disable-next-line @typescript-eslint/require-await -- async so callers can await it like the other lookups, which may spawn
export async function resolveExecutable(command: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<string | undefined> {
  if (!command) return undefined;
  if (command.includes('/') || command.includes('\\') || isAbsolute(command)) {
    const full = resolve(cwd, command);
    return isExecutableFile(full) ? full : undefined;
  }
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}
