// Dependency links from tracing, as Jaeger's dependencies API (`{data: [...], total, limit, offset, errors}`)
// and Zipkin's /dependencies (a bare array) return them: `{parent, child, callCount[, errorCount]}`, where the
// parent calls the child, so the parent depends on the child. Extra fields (Jaeger's `source`) are ignored.
import { z } from 'zod';
import { ErrorList, GraphBuilder, place, WHOLE_FILE } from './graph-builder.ts';
import { describeValue, reportIssues } from './issues.ts';
import type { StructuredSource } from './source.ts';
import { type ImportResult, SERVICE_NAME_PATTERN } from './types.ts';

const zServiceName = z.string().trim().regex(SERVICE_NAME_PATTERN);

const zLink = z.object({
  parent: zServiceName,
  child: zServiceName,
  callCount: z.number().int().min(0).optional(),
  errorCount: z.number().int().min(0).optional(),
});

const zLinks = z.array(zLink);

const zJaegerError = z.object({ code: z.unknown().optional(), msg: z.unknown().optional() });
const zJaegerResponse = z.object({
  data: zLinks.nullable(),
  errors: z.array(zJaegerError).nullable().optional(),
});

export function parseTraces(source: StructuredSource): ImportResult {
  const errors = new ErrorList();
  const failure = (): ImportResult => ({
    ok: false,
    format: 'traces',
    errors: errors.listed,
    errorCount: errors.count,
  });
  const documents = source.documents.filter((document) => document.value !== null && document.value !== undefined);
  const document = documents[0];
  if (document === undefined || documents.length > 1) {
    errors.add(
      WHOLE_FILE,
      `trace links are one JSON array or one {data: [...]} object; found ${documents.length} documents`,
    );
    return failure();
  }
  const value = document.value;
  const wrapped = typeof value === 'object' && value !== null && !Array.isArray(value) && 'data' in value;
  if (!Array.isArray(value) && !wrapped) {
    const message = `expected a list of {parent, child, callCount} links (Zipkin) or {data: [...]} (Jaeger), not ${describeValue(value)}`;
    errors.add(place([], document.lineOf([])), message);
    return failure();
  }
  const parsed = wrapped
    ? zJaegerResponse.safeParse(value, { reportInput: true })
    : zLinks.transform((data) => ({ data, errors: null })).safeParse(value, { reportInput: true });
  if (!parsed.success) {
    reportIssues(parsed.error.issues, { document }, errors);
    return failure();
  }
  for (const [index, reported] of (parsed.data.errors ?? []).entries()) {
    const detail = typeof reported.msg === 'string' ? reported.msg : 'no message';
    errors.add(
      place([`errors[${index}]`], document.lineOf(['errors', index])),
      `the tracing backend reported: ${detail}`,
    );
  }
  if (errors.count > 0) return failure();

  const graph = new GraphBuilder(errors);
  for (const [index, link] of (parsed.data.data ?? []).entries()) {
    const path = wrapped ? ['data', index] : [index];
    graph.addDependency(
      {
        from: link.parent,
        to: link.child,
        kind: 'sync',
        hidden: false,
        origin: 'traced',
        callCount: link.callCount ?? 0,
        errorCount: link.errorCount ?? 0,
      },
      () => place([wrapped ? `data[${index}]` : `[${index}]`], document.lineOf(path)),
      'ignore',
    );
  }
  const built = graph.build();
  if (built === null || errors.count > 0) return failure();
  return { ok: true, format: 'traces', graph: built, notes: graph.notes() };
}
