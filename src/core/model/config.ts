// OrchestrationConfig: what the user chooses once, in the modal or on the CLI. The single source of truth
// for defaults, validation and the settings UI (the extension's settings are validated by this schema too).
import './zodSetup';
import * as z from 'zod';
import { CHECKPOINT_MODES } from './checkpoint';

/** `plain` sends plain prompts and needs no skills: Kiro and OpenSpec specs run with it. */
export const SKILL_PROFILES = ['specflow', 'spec-kit', 'plain', 'custom'] as const;
export const PERMISSION_MODES = ['acceptEdits', 'default', 'dontAsk', 'plan', 'auto', 'bypassPermissions'] as const;

/** A model alias or a full model name; '' means "whatever Claude Code is configured to use". */
const modelName = z
  .string()
  .trim()
  .max(100)
  .regex(/^[A-Za-z0-9._:\-[\]]*$/, 'a model is an alias (sonnet, opus, haiku) or a model name such as claude-sonnet-4-5');

const usd = (label: string, max: number) =>
  z
    .number({ error: `${label} must be a number of US dollars` })
    .positive(`${label} must be greater than $0`)
    .max(max, `${label} must be at most $${max}`);

/** One slash command (`/flow.implement`) or a list of them run in order (spec-kit design = plan + tasks). */
const skillList = z
  .array(
    z
      .string()
      .trim()
      .regex(/^\/[A-Za-z0-9][\w.:-]*$/, 'a skill is a slash command such as /flow.implement'),
  )
  .min(1)
  .max(5);

export const SkillOverridesSchema = z
  .object({
    design: skillList.optional(),
    analyze: skillList.optional(),
    implement: skillList.max(1).optional(),
    verify: skillList.optional(),
    merge: skillList.optional(),
  })
  .strict();

export const BudgetSchema = z
  .object({
    perBatchUsd: usd('The per-batch budget', 1000).default(5),
    totalUsd: usd('The total budget', 10000).default(50),
    healUsd: usd('The heal budget', 1000).default(2),
    decisionUsd: usd('The decision budget', 100).default(0.5),
  })
  .strict();

/** The options' fields without the cross-field checks (for `pick`: the modal's preview options). */
export const OrchestrationConfigFields = z
  .object({
    // Core options (FR-002)
    autoMerge: z.boolean().default(false),
    skipDesign: z.boolean().default(false),
    skipAnalyze: z.boolean().default(false),
    additionalContext: z.string().max(20_000, 'additional context must be at most 20,000 characters').default(''),
    // Advanced options (FR-003)
    autoHeal: z.boolean().default(true),
    maxHealAttempts: z.number().int('max heal attempts must be a whole number').min(0).max(5).default(1),
    batchSizeFallback: z.number().int('batch size must be a whole number').min(1, 'batch size must be at least 1').max(500).default(15),
    pauseBetweenBatches: z.boolean().default(false),
    budget: BudgetSchema.default({ perBatchUsd: 5, totalUsd: 50, healUsd: 2, decisionUsd: 0.5 }),
    model: modelName.default(''),
    fallbackModel: modelName.default(''),
    /** Decisions (classify a failure, settle a disagreement) are small: a fast model by default. */
    decisionModel: modelName.default('haiku'),
    skillProfile: z.enum(SKILL_PROFILES).default('specflow'),
    skills: SkillOverridesSchema.default({}),
    permissionMode: z.enum(PERMISSION_MODES).default('acceptEdits'),
    allowedTools: z.array(z.string().trim().min(1).max(200)).max(100).default(['Read', 'Edit', 'Write', 'Glob', 'Grep', 'Bash']),
    /** An agent that prints nothing for this long is killed and counted as failed. */
    staleAfterMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(15),
    /** Extra environment for every agent run (proxies, gateways, CLAUDE_CODE_MAX_RETRIES…). */
    agentEnv: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'environment variable names are letters, digits and _'), z.string()).default({}),
    /** Whether failures are classified by a read-only claudeHelper call before healing. */
    decisions: z.boolean().default(true),
    /** First wait after a rate limit, overload or network error; doubles per retry, up to 15 minutes. */
    retryBackoffSeconds: z.number().min(0).max(3600).default(30),
    /** Longest wait for a rate or usage limit to reset before the run gives up. */
    maxRateLimitWaitMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .default(6 * 60),
    /** A usage limit that resets later than this pauses the run until then instead of waiting in place. */
    maxLimitWaitHours: z
      .number()
      .min(0)
      .max(24 * 8)
      .default(6),
    /** Git checkpoints per batch: a commit on the current branch, private refs only, or none. */
    checkpoints: z.enum(CHECKPOINT_MODES).default('commit'),
    /** SpecFlow's own test gate: '' detects the project's test command, 'none' turns it off, else a command line. */
    gate: z.string().trim().max(2000, 'the gate command must be at most 2,000 characters').default(''),
    gateTimeoutMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(20),
    /** A section with more open tasks than this is split into parts. */
    maxBatchTasks: z.number().int('max batch tasks must be a whole number').min(1).max(500).default(20),
    /** Kiro's optional tasks (`- [ ]*`) run only when this is on. */
    includeOptionalTasks: z.boolean().default(false),
    /** Checklist sections ("Validation Checklist"…) of ID-less checkboxes are work, not a checklist. */
    checklistsAreTasks: z.boolean().default(false),
    /** Agents in parallel for a wave of [P] tasks (1: one batch at a time, as always). */
    parallelAgents: z.number().int('parallel agents must be a whole number').min(1).max(8).default(1),
    /** Tasks or sections whose text matches one of these never run in parallel (besides `[serial]`). */
    serialPatterns: z.array(z.string().min(1).max(200)).max(50).default([]),
  })
  .strict();

export const OrchestrationConfigSchema = OrchestrationConfigFields.superRefine((c, ctx) => {
  if (c.fallbackModel && c.fallbackModel === c.model) {
    ctx.addIssue({ code: 'custom', path: ['fallbackModel'], message: 'the fallback model must differ from the model' });
  }
  if (c.skillProfile === 'custom') {
    for (const step of ['design', 'analyze', 'implement', 'verify', 'merge'] as const) {
      if (!c.skills[step]) {
        ctx.addIssue({ code: 'custom', path: ['skills', step], message: `the custom profile needs a skill for ${step}` });
      }
    }
  }
});

export type OrchestrationConfig = z.infer<typeof OrchestrationConfigSchema>;
export type OrchestrationConfigInput = z.input<typeof OrchestrationConfigSchema>;
export type BudgetConfig = z.infer<typeof BudgetSchema>;

export const DEFAULT_CONFIG: OrchestrationConfig = OrchestrationConfigSchema.parse({});

/** One line per problem, with the field path: what the CLI prints and the modal shows inline. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/** Deep-merge a partial config over a base (budget merged field by field), then validate. */
export function mergeConfig(base: OrchestrationConfigInput, patch: OrchestrationConfigInput | undefined) {
  const merged: Record<string, unknown> = { ...base, ...(patch ?? {}) };
  if (base.budget || patch?.budget) merged.budget = { ...(base.budget ?? {}), ...(patch?.budget ?? {}) };
  if (base.skills || patch?.skills) merged.skills = { ...(base.skills ?? {}), ...(patch?.skills ?? {}) };
  return OrchestrationConfigSchema.safeParse(merged);
}
