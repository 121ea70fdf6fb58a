// A minimal value that satisfies a JSON Schema: first enum value, `const`, 0 (or the minimum) for numbers,
// false for booleans, a short string for strings, required (and declared) properties for objects.
type Schema = Record<string, unknown>;

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!isObj(node)) return undefined;
    node = node[key];
  }
  return isObj(node) ? node : undefined;
}

function stringValue(s: Schema): string {
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  switch (s.format) {
    case 'date-time':
      return new Date(0).toISOString();
    case 'date':
      return '1970-01-01';
    case 'uri':
    case 'url':
      return 'https://example.invalid/';
    case 'email':
      return 'simulated@example.invalid';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    default:
      break;
  }
  let v = 'simulated';
  if (v.length > max) v = v.slice(0, max);
  while (v.length < min) v += 'x';
  return v;
}

function numberValue(s: Schema, integer: boolean): number {
  let v = 0;
  if (typeof s.minimum === 'number' && v < s.minimum) v = s.minimum;
  if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) v = s.exclusiveMinimum + (integer ? 1 : 0.5);
  if (typeof s.maximum === 'number' && v > s.maximum) v = s.maximum;
  if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) v = s.exclusiveMaximum - (integer ? 1 : 0.5);
  return integer ? Math.ceil(v) : v;
}

export function minimalValue(schema: unknown, root: Schema = isObj(schema) ? schema : {}, depth = 0): unknown {
  if (!isObj(schema) || depth > 32) return null;
  if (typeof schema.$ref === 'string') return minimalValue(resolveRef(root, schema.$ref), root, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('default' in schema) return schema.default;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const nonNull: unknown = options.find((o) => !(isObj(o) && o.type === 'null')) ?? options[0];
      return minimalValue(nonNull, root, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const merged: Schema = {};
    for (const part of schema.allOf) if (isObj(part)) Object.assign(merged, part);
    return minimalValue({ ...schema, allOf: undefined, ...merged }, root, depth + 1);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? type[0];
  if (type === undefined) type = isObj(schema.properties) ? 'object' : schema.items ? 'array' : 'string';
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObj(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      for (const key of new Set([...Object.keys(props), ...required])) {
        out[key] = minimalValue(props[key] ?? {}, root, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: min }, () => minimalValue(schema.items ?? {}, root, depth + 1));
    }
    case 'string':
      return stringValue(schema);
    case 'integer':
      return numberValue(schema, true);
    case 'number':
      return numberValue(schema, false);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return null;
  }
}
