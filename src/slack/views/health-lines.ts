// One line per health check, shared by the approval message, the monitoring alert, the digest and
// Home: the state as a coloured dot, the name, the value against the threshold (or why there is
// none) and the dashboard link. Check names and reasons come from templates people wrote.
import type { HealthState } from '../../domain/health.ts';
import { escapeInline, escapeMrkdwn } from '../escape.ts';

export interface CheckLineView {
  readonly name: string;
  readonly state: HealthState;
  readonly reason: string;
  readonly dashboardUrl: string | null;
}

const DOT: Record<HealthState, string> = {
  green: ':large_green_circle:',
  amber: ':large_orange_circle:',
  red: ':red_circle:',
};

/** Amber is always "unknown" to people: it never passes. */
export const STATE_WORD: Record<HealthState, string> = { green: 'green', amber: 'unknown', red: 'red' };

/** A link's target may not hold the characters that end Slack's `<url|label>`. */
export function safeLink(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, (c) => encodeURIComponent(c))}|${label}>`;
}

export function checkLine(c: CheckLineView): string {
  const link = c.dashboardUrl === null ? '' : ` · ${safeLink(c.dashboardUrl, 'dashboard')}`;
  return `${DOT[c.state]} *${escapeInline(c.name)}* ${STATE_WORD[c.state]}: ${escapeMrkdwn(c.reason)}${link}`;
}
