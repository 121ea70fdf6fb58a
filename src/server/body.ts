// Request bodies and queries, validated with the API's zod schemas before anything else happens: a bad
// body is a 400 that names every problem, and it never reaches the engine.
import type { Context } from 'hono';
import type * as z from 'zod';
import { formatIssues, mergeConfig, OrchestrationConfigSchema, type OrchestrationConfigInput } from '../core/model/config';
import { ApiError, badRequest } from './errors';

/** A `__proto__` key would be dropped silently further on (a hostile body must not pass as `{}`). */
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new Error('the key "__proto__" is not allowed');
  return value;
}

/** JSON bodies; an empty body counts as `{}` (a bare `curl -X POST` starts a run with the defaults). */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text, refuseProtoKeys);
    } catch (e) {
      throw new ApiError(400, 'invalid_json', `the body is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the body must be a JSON object');
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    throw badRequest(`invalid request: ${issues.join('; ')}`, issues);
  }
  return parsed.data;
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    throw badRequest(`invalid query: ${issues.join('; ')}`, issues);
  }
  return parsed.data;
}

/**
 * Validates a config (or a resume patch over the stored one) with the engine's schema, so a bad config is
 * refused before the engine takes the project's lock or writes anything.
 */
export function checkConfig(config: Record<string, unknown> | undefined, base: OrchestrationConfigInput = {}): OrchestrationConfigInput | undefined {
  if (config === undefined) return undefined;
  const parsed = mergeConfig(base, config);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    throw new ApiError(400, 'invalid_config', `invalid configuration: ${issues.join('; ')}`, { issues });
  }
  return config;
}

/**
 * Checks each field of a resume patch on its own, before the run is looked up: a bad body is a 400 whether
 * or not the run exists. (Rules across fields need the stored config: checkConfig does those after.)
 */
export function checkPatchFields(patch: Record<string, unknown> | undefined): void {
  const shape: Record<string, z.ZodType | undefined> = OrchestrationConfigSchema.shape;
  const issues: string[] = [];
  for (const [key, value] of Object.entries(patch ?? {})) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!field) {
      issues.push(`${key}: not a configuration option`);
      continue;
    }
    const parsed = field.safeParse(value);
    if (!parsed.success) issues.push(...formatIssues(parsed.error).map((i) => (i.includes(': ') ? `${key}.${i}` : `${key}: ${i}`)));
  }
  if (issues.length) throw new ApiError(400, 'invalid_config', `invalid configuration: ${issues.join('; ')}`, { issues });
}
