// The Marketplace package without running vsce: the walkthrough's steps complete on real commands and context
// keys and their media exist, the icon is a 128×128 PNG, SpecFlow runs on the workspace side, the gallery
// fields and the changelog are there, and .vscodeignore (read with vsce's own rules) ships no tests or sources.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { CommandId, ContextKey } from '../../../src/extension/commandIds';

const root = join(__dirname, '..', '..', '..');
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');

const MediaSchema = z.union([
  z.object({ markdown: z.string() }).strict(),
  z.object({ svg: z.string(), altText: z.string().min(10) }).strict(),
  z.object({ image: z.string(), altText: z.string().min(10) }).strict(),
]);
const StepSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  media: MediaSchema,
  completionEvents: z.array(z.string()).length(1),
});
const PackageJsonSchema = z.object({
  version: z.string(),
  publisher: z.string(),
  name: z.string(),
  description: z.string().min(40),
  icon: z.string(),
  galleryBanner: z.object({ color: z.string().regex(/^#[0-9a-fA-F]{6}$/), theme: z.enum(['dark', 'light']) }),
  categories: z.array(z.string()).min(1),
  keywords: z.array(z.string()).min(3).max(30),
  extensionKind: z.array(z.string()),
  contributes: z.object({
    commands: z.array(z.object({ command: z.string() })),
    walkthroughs: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), steps: z.array(StepSchema) })),
  }),
});
const pkg = PackageJsonSchema.parse(JSON.parse(read('package.json')));

// The Marketplace's categories (code.visualstudio.com/api/references/extension-manifest); others are refused at publish.
const MARKETPLACE_CATEGORIES = new Set([
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
]);

function mediaPath(media: z.infer<typeof MediaSchema>): string {
  return 'markdown' in media ? media.markdown : 'svg' in media ? media.svg : media.image;
}

/** Context keys the extension sets: the ContextKey table, or a literal a src/extension module passes to setContext. */
function contextKeySetByExtension(key: string): boolean {
  if ((Object.values(ContextKey) as string[]).includes(key)) return true;
  const dir = join(root, 'src', 'extension');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.some((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    return text.includes('setContext') && text.includes(`'${key}'`);
  });
}

describe('Marketplace package: walkthrough', () => {
  const walkthrough = pkg.contributes.walkthroughs.find((w) => w.id === 'specflow.gettingStarted');
  const contributed = new Set(pkg.contributes.commands.map((c) => c.command));

  it('is "Get started with SpecFlow" with the five steps in order, each completing on its own event', () => {
    assert.ok(walkthrough, 'contributes.walkthroughs has specflow.gettingStarted');
    assert.equal(walkthrough.title, 'Get started with SpecFlow');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.completionEvents[0]),
      [
        'onContext:specflow.claudeFound',
        'onContext:specflow.hasProjects',
        'onCommand:specflow.tryDemo',
        'onCommand:specflow.completePhase',
        'onCommand:specflow.openReport',
      ],
    );
    assert.equal(new Set(walkthrough.steps.map((s) => s.id)).size, 5, 'step ids are unique');
  });

  it('completes on commands SpecFlow contributes and context keys the extension sets', () => {
    for (const step of walkthrough!.steps) {
      const [kind, name] = step.completionEvents[0]!.split(/:(.*)/s) as [string, string];
      if (kind === 'onCommand') {
        assert.ok(contributed.has(name), `${step.id}: ${name} is a contributed command`);
        assert.ok((Object.values(CommandId) as string[]).includes(name), `${step.id}: ${name} is registered (CommandId)`);
      } else {
        assert.equal(kind, 'onContext', step.id);
        assert.ok(contextKeySetByExtension(name), `${step.id}: no src/extension module sets the context key ${name}`);
      }
    }
  });

  it('gives every step a command link, and every specflow.* link names a contributed command', () => {
    for (const step of walkthrough!.steps) {
      const links = [...step.description.matchAll(/\]\(command:([\w.-]+)/g)].map((m) => m[1]!);
      assert.ok(links.length > 0, `${step.id} has a command link`);
      for (const id of links.filter((l) => l.startsWith('specflow.') && !l.endsWith('.focus'))) assert.ok(contributed.has(id), `${step.id}: ${id}`);
    }
    const commandSteps = walkthrough!.steps.filter((s) => s.completionEvents[0]!.startsWith('onCommand:'));
    for (const step of commandSteps) assert.ok(step.description.includes(`(command:${step.completionEvents[0]!.slice('onCommand:'.length)})`), step.id);
  });

  it('has media for every step that exists, ships in media/, and is self-contained and themed', () => {
    for (const step of walkthrough!.steps) {
      const rel = mediaPath(step.media);
      assert.match(rel, /^media\/walkthrough\//, step.id);
      assert.ok(existsSync(join(root, rel)), `${step.id}: ${rel} exists`);
      const text = read(rel);
      if (rel.endsWith('.svg')) {
        assert.match(text, /^<svg [^>]*viewBox="[\d. ]+"/, `${rel} is an SVG with a viewBox`);
        assert.match(text, /var\(--vscode-[\w-]+, #[0-9a-f]{3,6}\)/, `${rel} uses theme colours with fallbacks`);
        assert.doesNotMatch(text, /<script|(?:href|src)="(?!#)/i, `${rel} has no scripts or external references`);
      } else {
        assert.match(text, /npm install -g @anthropic-ai\/claude-code/, `${rel} explains the install`);
        assert.match(text, /specflow\.claudePath/, `${rel} names the setting`);
      }
    }
  });
});

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature and the chunk type. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('Marketplace package: manifest', () => {
  it('has a 128×128 PNG icon, drawn from media/icon.svg', () => {
    assert.equal(pkg.icon, 'media/icon.png');
    assert.deepEqual(pngSize(readFileSync(join(root, pkg.icon))), { width: 128, height: 128 });
    assert.match(read('media/icon.svg'), /^<svg [^>]*viewBox="0 0 128 128"/);
  });

  it('runs on the workspace side only, where the files and claude are', () => {
    assert.deepEqual(pkg.extensionKind, ['workspace']);
  });

  it('has Marketplace categories, keywords and a gallery banner', () => {
    for (const c of pkg.categories) assert.ok(MARKETPLACE_CATEGORIES.has(c), `category ${c}`);
    assert.ok(pkg.categories.includes('AI'));
    assert.ok(pkg.keywords.includes('claude code') && pkg.keywords.includes('spec-kit'));
    assert.equal(new Set(pkg.keywords).size, pkg.keywords.length, 'no duplicate keywords');
  });

  it('has a Keep a Changelog CHANGELOG.md with 0.2.0 above 0.1.0 and an entry for the package version', () => {
    const versions = [...read('CHANGELOG.md').matchAll(/^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/gm)].map((m) => m[1]);
    assert.deepEqual(versions.slice(-2), ['0.2.0', '0.1.0']);
    assert.ok(versions.includes(pkg.version), `CHANGELOG.md has an entry for ${pkg.version}`);
  });
});

/** vsce's reading of .vscodeignore (vsce/out/package.js collectFiles), for the simple globs this file may use. */
function vscodeIgnore(text: string): (path: string) => boolean {
  const lines = text
    .split(/[\n\r]/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  // vsce also ignores "x/**" for every pattern without a "*" in its last segment (a folder name).
  const all = [...lines, ...lines.filter((l) => !/(^|\/)[^/]*\*[^/]*$/.test(l)).map((l) => (l.endsWith('/') ? `${l}**` : `${l}/**`))];
  const ignore = all.filter((l) => !l.startsWith('!')).map(globToRegExp);
  const keep = [...all.filter((l) => l.startsWith('!')), '!package.json', '!README.md'].map((l) => globToRegExp(l.slice(1)));
  return (path) => !ignore.some((r) => r.test(path)) || keep.some((r) => r.test(path));
}

/** minimatch with {dot: true} for *, ** and ?; anything fancier fails the test so this matcher gets extended. */
function globToRegExp(glob: string): RegExp {
  assert.doesNotMatch(glob, /[{}[\]]/, `.vscodeignore pattern ${glob} needs a fuller glob matcher in this test`);
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const dirs = glob[i + 2] === '/';
      re += dirs ? '(?:.*/)?' : '.*';
      i += dirs ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

describe('Marketplace package: .vscodeignore', () => {
  const ships = vscodeIgnore(read('.vscodeignore'));

  it('ships the manifest, the docs users read, the bundles and the media', () => {
    const needed = [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'media/icon.png',
      'media/specflow.svg',
      'media/walkthrough/claude-code.md',
      'media/walkthrough/report.svg',
      'dist/extension.js',
      'dist/engine.js',
      'dist/cli.js',
      'dist/simulated-claude.js',
      'dist/webview/main.js',
      'dist/webview/vendor/codicon.ttf',
    ];
    assert.deepEqual(
      needed.filter((p) => !ships(p)),
      [],
      'left out of the vsix: add a "!path" line to .vscodeignore',
    );
  });

  it('keeps tests, benchmarks, sources, docs, examples and build leftovers out', () => {
    const unwanted = [
      'test/unit/extension/marketplace.test.ts',
      'test/fixtures/fake-claude',
      'bench/run.ts',
      'src/extension/extension.ts',
      'src/core/engine/driver.ts',
      'webview-ui/main.ts',
      'docs/modal.png',
      'examples/devcontainer/.devcontainer/devcontainer.json',
      'scripts/demo-ui.js',
      'dist/test/fake-claude.js',
      'dist/bench/run.js',
      'dist/extension.js.map',
      'dist/webview/main.js.map',
      'node_modules/zod/package.json',
      'tsconfig.json',
      'esbuild.mjs',
      '.github/workflows/ci.yml',
      'demo-project/specs/001-photo-albums/tasks.md',
      'test-results/e2e/shot.png',
    ];
    assert.deepEqual(
      unwanted.filter((p) => ships(p)),
      [],
      'shipped in the vsix but not needed there',
    );
  });
});

describe('examples/devcontainer', () => {
  // devcontainer.json is JSONC; this one has whole-line comments only.
  const text = read('examples/devcontainer/.devcontainer/devcontainer.json');
  const json: unknown = JSON.parse(
    text
      .split('\n')
      .filter((l) => !l.trim().startsWith('//'))
      .join('\n'),
  );
  const config = z
    .object({
      image: z.string(),
      postCreateCommand: z.string(),
      remoteEnv: z.record(z.string(), z.string()),
      customizations: z.object({ vscode: z.object({ extensions: z.array(z.string()) }) }),
    })
    .parse(json);

  it('is Node 20 with Claude Code installed and SpecFlow by its Marketplace id', () => {
    assert.match(config.image, /javascript-node:(1-)?20\b/);
    assert.match(config.postCreateCommand, /npm install -g @anthropic-ai\/claude-code/);
    assert.deepEqual(config.customizations.vscode.extensions, [`${pkg.publisher}.${pkg.name}`]);
  });

  it('forwards ANTHROPIC_API_KEY from the host and never holds a key', () => {
    assert.equal(config.remoteEnv.ANTHROPIC_API_KEY, '${localEnv:ANTHROPIC_API_KEY}');
    assert.doesNotMatch(text, /sk-ant-/);
  });
});
