// Fixed inputs for the Block Kit builders' snapshot tests: realistic names, fixed dates, and a
// helper that checks Block Kit's limits on one message or many.
import { assertWithinBlockKitLimits, viewProblems } from './block-kit-limits.ts';

/** The snapshot file's text: stable key order as built, two-space indent, final newline. */
export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export const AT = new Date('2026-11-25T10:00:00Z');
export const hoursAfter = (at: Date, hours: number): Date => new Date(at.getTime() + hours * 3_600_000);

export const FIVE = ['orders', 'inventory', 'payments', 'shipping', 'notifications'] as const;

/** `svc-001` … in order, for the large cases. */
export const many = (n: number, prefix = 'svc'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(3, '0')}`);

type MessageLike = { readonly text?: string; readonly blocks?: unknown };

export function expectMessagesWithinLimits(messages: MessageLike | readonly MessageLike[]): void {
  const list: readonly MessageLike[] = Array.isArray(messages) ? messages : [messages as MessageLike];
  for (const m of list) assertWithinBlockKitLimits({ text: m.text, blocks: m.blocks });
}

/** Problems of a modal or Home view; empty when Slack would take it. */
export const problemsOfView = (view: unknown): string[] => viewProblems(view);
