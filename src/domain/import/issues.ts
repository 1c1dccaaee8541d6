// Turns zod issues into located errors in plain words: `services[3].tier, line 14: must be at least 1`.
import type { z } from 'zod';
import { type ErrorList, place } from './graph-builder.ts';
import type { PathKey, SourceDocument } from './source.ts';
import { serviceNameProblem } from './types.ts';

/** `services[3].depends_on[0]`, `spec.dependsOn[1]`. */
export function formatPath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text === '' ? key : `.${key}`;
  return text;
}

/** Known camelCase or kebab-case slips, so the error can say what was meant. */
const DID_YOU_MEAN: Readonly<Record<string, string>> = {
  dependsOn: 'depends_on',
  'depends-on': 'depends_on',
  dependencies: 'depends_on',
  effortDays: 'effort_days',
  'effort-days': 'effort_days',
  effort: 'effort_days',
  criticality: 'tier',
  team: 'owner',
  target: 'service',
  to: 'service',
  type: 'kind',
};

export interface IssueContext {
  readonly document: SourceDocument;
  /** Printed before the path, e.g. `document 2`. */
  readonly prefix?: string;
  /** Field names allowed where an unknown key was found. */
  readonly allowedKeys?: (path: readonly PathKey[]) => readonly string[] | undefined;
}

export function reportIssues(issues: readonly z.core.$ZodIssue[], context: IssueContext, errors: ErrorList): void {
  for (const issue of issues) {
    const path = pathInFile(context.document.value, issue.path);
    const pointAt = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
    const at = place([context.prefix, formatPath(path)], context.document.lineOf(pointAt));
    errors.add(at, describeIssue(issue, context.allowedKeys?.(path)));
  }
}

/** Zod paths can run past the file's own shape (a string given where an object was expected, then preprocessed). */
function pathInFile(value: unknown, path: readonly PropertyKey[]): PathKey[] {
  const kept: PathKey[] = [];
  let current = value;
  for (const [index, key] of path.entries()) {
    if (typeof key === 'symbol' || current === null || typeof current !== 'object') break;
    const last = index === path.length - 1;
    if (!(key in current) && !(last && !Array.isArray(current))) break;
    kept.push(key);
    current = Reflect.get(current, key);
  }
  return kept;
}

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of fields',
};

function describeIssue(issue: z.core.$ZodIssue, allowedKeys: readonly string[] | undefined): string {
  const found = 'input' in issue ? describeValue(issue.input) : 'nothing';
  switch (issue.code) {
    case 'invalid_type':
      if (!('input' in issue) || issue.input === undefined) return 'is required';
      return `must be ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, not ${found}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `must list at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}, not ${found}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === 'array') return `must list at most ${issue.maximum} items`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}, not ${found}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}, not ${found}`;
    case 'invalid_format':
      // The only pattern in the schemas is the service name.
      return typeof issue.input === 'string' ? (serviceNameProblem(issue.input) ?? issue.message) : issue.message;
    case 'unrecognized_keys': {
      const hints = issue.keys.map((key) => {
        const meant = DID_YOU_MEAN[key];
        return meant !== undefined && allowedKeys?.includes(meant) ? `"${key}" (did you mean "${meant}"?)` : `"${key}"`;
      });
      const allowed = allowedKeys === undefined ? '' : `; allowed fields: ${allowedKeys.join(', ')}`;
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${hints.join(', ')}${allowed}`;
    }
    default:
      return issue.message;
  }
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}..."` : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}
