// A committed transcript: compared exactly, rewritten when UPDATE_GOLDEN=1 (then review the diff).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/** A Friday morning after the digest hour, so the first digest the clock reaches is a Monday's, with the chart. */
export const FRIDAY = new Date('2026-11-20T10:00:00Z');

export function compareWithGolden(name: string, transcript: string): void {
  const file = new URL(name, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, transcript);
  expect(existsSync(file), `${name} is missing: run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(transcript).toBe(readFileSync(file, 'utf8'));
}
