// The health entries of `/migrate log` as sentences: what was set up, changed or acknowledged.

import { escapeCode, escapeInline } from '../src/slack/escape.ts';
import type { AuditRow } from '../src/store/audit.ts';

const code = (v: string | null) => `\`${escapeCode(v ?? '?')}\``;

/** Null for an action that is not about health checks. `svc` is the bolded service name and a space. */
export function describeHealthAction(row: AuditRow, svc: string): string | null {
  const from = row.fromValue;
  const to = row.toValue;
  switch (row.action) {
    case 'health.source':
      return from === null
        ? `set the metrics source to ${code(to)}`
        : `moved the metrics source from ${code(from)} to ${code(to)}`;
    case 'health.source.remove':
      return 'removed the metrics source (no service is evaluated until one is set again)';
    case 'health.credentials':
      return `saved ${to === 'basic' ? 'a user name and password' : 'a token'} for the metrics source`;
    case 'health.templates':
      return `switched the check templates from ${code(from)} to ${code(to)}`;
    case 'health.template.threshold':
      return `changed the template threshold ${code(from)} to ${code(to)}`;
    case 'health.settings':
      return `changed how checks are evaluated: ${escapeInline(to ?? '?')}`;
    case 'health.check.add':
      return `${svc}got the health check ${code(to)}`;
    case 'health.check.remove':
      return `${svc}lost the health check ${code(from)}`;
    case 'health.change':
      return `the health checks of ${svc}went ${from ? `from ${escapeInline(from)} ` : ''}to *${escapeInline(to ?? '?')}*`;
    case 'health.acknowledge':
      return `acknowledged the failing health checks of ${svc.trim()}`;
    default:
      return null;
  }
}
