// The simulated agent's one-call SpecFlow steps: design writes the three documents, analyze only reads them, verify
// reports the open tasks (merge is simulatedMerge.ts). Mechanical work through the session's tools, no AI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentSession } from './agent';
import { countTasks } from './tasksFile';

function featureTitle(featureDir: string): string {
  const base = path.basename(featureDir).replace(/^\d+[-_]?/, '');
  const words = base.split(/[-_]+/).filter(Boolean);
  return words.length ? words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') : 'Feature';
}

function specDoc(title: string): string {
  return [
    `# Feature Specification: ${title}`,
    '',
    '> Written by the SpecFlow simulated agent (no AI). Replace it with a real specification.',
    '',
    '## User Scenarios',
    '',
    `- As a user I can use ${title} end to end.`,
    '',
    '## Requirements',
    '',
    `- **FR-001**: The system MUST provide the core ${title} model.`,
    `- **FR-002**: The system MUST expose a service for ${title}.`,
    '- **FR-003**: The system MUST be covered by tests.',
    '',
  ].join('\n');
}

function planDoc(title: string, slug: string, src: string): string {
  return [
    `# Implementation Plan: ${title}`,
    '',
    '> Written by the SpecFlow simulated agent (no AI).',
    '',
    '## Technical Context',
    '',
    `Source lives in \`${src}/\`, tests in \`tests/${slug}/\`.`,
    '',
    '## Phases',
    '',
    '1. Setup',
    '2. Core',
    '3. Polish',
    '',
  ].join('\n');
}

function tasksDoc(title: string, featureDir: string, slug: string, src: string): string {
  return [
    `# Tasks: ${title}`,
    '',
    `**Input**: Design documents from \`${featureDir}/\``,
    '',
    '## Phase 1: Setup',
    '',
    `- [ ] T001 Create the ${slug} module folder with ${src}/index.ts`,
    `- [ ] T002 [P] Add configuration in ${src}/config.ts`,
    `- [ ] T003 [P] Document the feature in docs/${slug}.md`,
    '',
    '## Phase 2: Core',
    '',
    `- [ ] T004 Create the data model in ${src}/model.ts`,
    `- [ ] T005 Implement the service in ${src}/service.ts (depends on T004)`,
    `- [ ] T006 [P] Add validation helpers in ${src}/validate.ts`,
    '',
    '## Phase 3: Polish',
    '',
    `- [ ] T007 [P] Add unit tests in tests/${slug}/service.test.ts`,
    `- [ ] T008 Wire the service into ${src}/index.ts exports`,
    '- [ ] T009 Review the feature end to end',
    '',
  ].join('\n');
}

function designDocs(featureDir: string): Record<'spec.md' | 'plan.md' | 'tasks.md', string> {
  const title = featureTitle(featureDir);
  const slug = path.basename(featureDir).replace(/^\d+[-_]?/, '') || 'feature';
  const src = `src/${slug}`;
  return { 'spec.md': specDoc(title), 'plan.md': planDoc(title, slug, src), 'tasks.md': tasksDoc(title, featureDir, slug, src) };
}

export async function simulateDesign(session: AgentSession): Promise<string> {
  const featureDir = session.request.featureDir ?? 'specs/001-feature';
  const docs = designDocs(featureDir);
  const created: string[] = [];
  const kept: string[] = [];
  for (const name of Object.keys(docs) as Array<keyof typeof docs>) {
    const rel = path.posix.join(featureDir, name);
    if (fs.existsSync(session.resolve(rel))) {
      kept.push(rel);
      continue;
    }
    const res = await session.write(rel, docs[name], created.length === 0 ? `Writing the design documents in ${featureDir}.` : undefined);
    if (res.ok) created.push(rel);
    else kept.push(`${rel} (not written: ${res.content})`);
  }
  const lines = [created.length ? `Created ${created.join(', ')}.` : 'Created nothing.'];
  if (kept.length) lines.push(`Left as they were: ${kept.join(', ')}.`);
  return lines.join('\n');
}

export async function simulateAnalyze(session: AgentSession): Promise<string> {
  const featureDir = session.request.featureDir;
  if (!featureDir) return 'No "Feature directory:" line in the prompt; nothing to analyze.';
  const found: string[] = [];
  const missing: string[] = [];
  let tasksText: string | undefined;
  let requirements = 0;
  for (const name of ['spec.md', 'plan.md', 'tasks.md']) {
    const rel = name === 'tasks.md' && session.request.tasksFile ? session.request.tasksFile : path.posix.join(featureDir, name);
    if (!fs.existsSync(session.resolve(rel))) {
      missing.push(rel);
      continue;
    }
    const res = await session.read(rel);
    if (!res.ok || !res.data) continue;
    found.push(rel);
    if (name === 'tasks.md') tasksText = res.data.content;
    if (name === 'spec.md') requirements = (res.data.content.match(/\bFR-\d+/g) ?? []).length;
  }
  const lines = [`Analysis of ${featureDir} (read-only):`, `- documents read: ${found.length ? found.join(', ') : 'none'}`];
  if (missing.length) lines.push(`- missing: ${missing.join(', ')}`);
  if (tasksText !== undefined) {
    const counts = countTasks(tasksText);
    const phases = (tasksText.match(/^##\s+Phase\s+\d+/gim) ?? []).length;
    lines.push(`- tasks: ${counts.total} (${counts.done} done, ${counts.total - counts.done} open) in ${phases} phase(s)`);
  }
  lines.push(`- requirements referenced in spec.md: ${requirements}`);
  lines.push('No issues that block implementation were found.');
  return lines.join('\n');
}

export async function simulateVerify(session: AgentSession): Promise<string> {
  const tasksFile = session.request.tasksFile;
  if (!tasksFile) return 'No "Tasks file:" line in the prompt; nothing to verify.';
  const res = await session.read(tasksFile);
  if (!res.ok || !res.data) return `Could not read ${tasksFile}: ${res.content}`;
  const counts = countTasks(res.data.content);
  if (counts.open.length === 0) return `Verification passed: all ${counts.total} task(s) in ${tasksFile} are checked.`;
  const ids = counts.open.map((t) => t.id ?? `L${t.line}`);
  return `Verification found ${counts.open.length} unchecked task(s) of ${counts.total} in ${tasksFile}: ${ids.join(', ')}.`;
}
