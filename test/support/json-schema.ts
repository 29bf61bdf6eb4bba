// The JSON Schema shipped in src/report/, compiled twice: as published (consumers must ignore
// unknown fields, so objects are open) and strict, where every object that lists its
// properties allows no others, so a field the schema does not document fails the tests.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';

export const SCHEMA_PATH = new URL('../../src/report/calico-probe.schema.json', import.meta.url);
export const SCHEMA = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;

function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, strict(value)]));
  // unevaluatedProperties, not additionalProperties: it also counts the fields an allOf/$ref declared.
  if ('properties' in copy && !('unevaluatedProperties' in copy)) copy.unevaluatedProperties = false;
  return copy;
}

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
const published = ajv.compile(SCHEMA);
const strictly = new Ajv2020({ allErrors: true, allowUnionTypes: true }).compile(strict(SCHEMA) as Record<string, unknown>);

const describe = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

/** Why `doc` does not match the schema, as published and strictly; empty when it does. */
export function schemaErrors(doc: unknown): string[] {
  const errors: string[] = [];
  if (!published(doc)) errors.push(...describe(published.errors).map((e) => `published: ${e}`));
  if (!strictly(doc)) errors.push(...describe(strictly.errors).map((e) => `strict: ${e}`));
  return errors;
}
