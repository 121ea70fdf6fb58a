// The library API of the claude-compatible runner and the simulated agent (re-exported by main.ts).
// Import this (not main.ts) from other bundles.

export { runClaudeCompatible, sessionTools } from './run';
export type { RunClaudeOptions } from './run';
export type { Behaviour, FinishInfo, UsageErrorInfo } from './behaviour';
export { AgentSession, RunStop } from './agent';
export type { AgentOutcome, ToolOutcome, ReadData, BashData } from './agent';
export { parseArgs, parseCommandLine, splitToolList, effectivePermissionMode, CliUsageError } from './args';
export { OPTION_DEFS } from './options';
export type { CliArgs, ParseOutcome } from './args';
export * from './constants';
export { interpretRequest, parseTaskBlock, kindForSkill } from './request';
export type { RequestKind, RequestedTask, SpecFlowRequest } from './request';
export { projectSlug, projectDir, transcriptPath, claudeConfigDir, isUuid } from './sessions';
export { discoverCommands, resolveSlashCommand, expandCommand, substituteArguments, parseSlashPrompt, parseFrontmatter, shellWords } from './skills';
export type { SlashCommandDef, SlashResolution } from './skills';
export { parseTaskLines, findTask, countTasks, checkedLine, splitText, joinText } from './tasksFile';
export type { TaskLine } from './tasksFile';
export { minimalValue } from './schemaAnswer';
export {
  createSimulatedBehaviour,
  simulateTurn,
  simulateWork,
  introText,
  finishTurn,
  decisionAnswer,
  simulatedOptionsFromEnv,
  DEFAULT_SIMULATED_OPTIONS,
  SIMULATED_MODEL,
  SIMULATED_PREFIX,
  SIMULATED_VERSION_LABEL,
} from './simulatedBehaviour';
export type { SimulatedOptions, WorkOptions } from './simulatedBehaviour';
export { implementTasks, implementSummary } from './implementTasks';
export type { ImplementOptions, ImplementReport } from './implementTasks';
export { mentionedFile } from './taskFiles';
export { parseFaults } from './faults';
export type { SimulatedFault } from './faults';
export { simulateDesign, simulateAnalyze, simulateVerify } from './simulatedSteps';
export { simulateMerge } from './simulatedMerge';
