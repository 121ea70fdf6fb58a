// Which skill runs each step (FR-031, NG-005: skills are invoked, never modified).
//
// spec-kit has no verify or merge command. Its /speckit.implement already validates completion, so for
// verify SpecFlow sends a plain verification prompt, and for merge a plain prompt that commits the
// feature branch and merges it locally. Both are documented in the README and can be overridden.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { OrchestrationConfig } from '../model/config';
import type { SpecLayout } from '../status/specLayouts';
import { type StepName } from '../model/statuses';

export type SkillStep = StepName | 'implement';

/** A step is one or more invocations: a slash command, or a plain prompt when the profile has no skill. */
export type Invocation = { kind: 'skill'; name: string } | { kind: 'prompt'; purpose: SkillStep };

const prompt = (purpose: SkillStep): Invocation[] => [{ kind: 'prompt', purpose }];

const PROFILES: Record<'specflow' | 'spec-kit' | 'plain', Record<SkillStep, Invocation[]>> = {
  specflow: {
    design: [{ kind: 'skill', name: '/flow.design' }],
    analyze: [{ kind: 'skill', name: '/flow.analyze' }],
    implement: [{ kind: 'skill', name: '/flow.implement' }],
    verify: [{ kind: 'skill', name: '/flow.verify' }],
    merge: [{ kind: 'skill', name: '/flow.merge' }],
  },
  'spec-kit': {
    design: [
      { kind: 'skill', name: '/speckit.plan' },
      { kind: 'skill', name: '/speckit.tasks' },
    ],
    analyze: [{ kind: 'skill', name: '/speckit.analyze' }],
    implement: [{ kind: 'skill', name: '/speckit.implement' }],
    verify: prompt('verify'),
    merge: prompt('merge'),
  },
  // Kiro, OpenSpec and hand-written specs: no skills to call. Design and analyze are skipped when the
  // spec's files exist (decideNext), so their prompts run only for a spec that has none yet.
  plain: { design: prompt('design'), analyze: prompt('analyze'), implement: prompt('implement'), verify: prompt('verify'), merge: prompt('merge') },
};

export function invocationsFor(config: Pick<OrchestrationConfig, 'skillProfile' | 'skills'>, step: SkillStep): Invocation[] {
  const override = config.skills[step];
  if (override) return override.map((name) => ({ kind: 'skill', name }));
  const profile = config.skillProfile === 'custom' ? 'specflow' : config.skillProfile;
  return PROFILES[profile][step];
}

/** Where Claude Code looks for `/name` (claude-cli.md §5): project commands and skills, then the user's. */
export function skillFileCandidates(projectPath: string, skill: string, home = homedir()): string[] {
  const name = skill.replace(/^\//, '');
  const nested = name.includes(':') ? name.split(':') : undefined;
  const dashed = name.replace(/\./g, '-');
  const roots = [join(projectPath, '.claude'), join(home, '.claude')];
  return roots.flatMap((root) => [
    join(root, 'commands', `${name}.md`),
    ...(nested ? [join(root, 'commands', ...nested.slice(0, -1), `${nested.at(-1)}.md`)] : []),
    join(root, 'skills', name, 'SKILL.md'),
    join(root, 'skills', dashed, 'SKILL.md'),
  ]);
}

/** Pre-flight: the skills of a profile whose files Claude Code would not find. */
export function missingSkills(projectPath: string, config: Pick<OrchestrationConfig, 'skillProfile' | 'skills'>, home?: string): string[] {
  const steps: SkillStep[] = ['design', 'analyze', 'implement', 'verify', 'merge'];
  const names = new Set(steps.flatMap((s) => invocationsFor(config, s)).flatMap((i) => (i.kind === 'skill' ? [i.name] : [])));
  return [...names].filter((n) => !skillFileCandidates(projectPath, n, home).some((f) => existsSync(f)));
}

/** Kiro and OpenSpec projects have none of SpecFlow's or spec-kit's skills: they run with plain prompts,
 * unless the user named their own skills (`custom`). */
export function profileForLayout<C extends Pick<OrchestrationConfig, 'skillProfile'>>(config: C, layout: SpecLayout): C {
  if (layout === 'spec-kit' || config.skillProfile === 'custom' || config.skillProfile === 'plain') return config;
  return { ...config, skillProfile: 'plain' };
}
