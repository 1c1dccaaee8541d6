// The size-dependent parts on a graph shaped like a public 1,238-service Jaeger export (one cycle of
// 356 services): import, plan, a started batch, a Monday digest, status and log, rendered like the golden transcript and compared with test/golden/large-migration.txt.
// Slack refuses blocks past Block Kit's limits; the stand-in records each such refusal.
import { describe, expect, it } from 'vitest';
import { playScenario } from '../../src/playground/play.ts';
import type { Step } from '../../src/playground/scenario.ts';
import { renderTranscript, watchViews } from '../../src/playground/transcript.ts';
import { jaegerLikeGraph, toJaegerJson } from '../support/jaeger-like-graph.ts';
import { compareWithGolden, FRIDAY } from './golden-file.ts';
import { startStage } from './stage.ts';

const TRACES = toJaegerJson(jaegerLikeGraph(7).graph);

const LARGE_MIGRATION: readonly Step[] = [
  { as: 'lena', command: '/migrate new "Platform move" from VMs to Kubernetes' },
  { as: 'lena', command: '/migrate approvers add <@U0ADA|ada> <@U0BEN|ben>' },
  { as: 'lena', command: '/migrate import' },
  { as: 'lena', submit: { 'Or attach a file': { file: 'dependencies.json', content: TRACES } } },
  { as: 'lena', command: '/migrate plan parallel' },
  { as: 'lena', command: '/migrate start batch 1' },
  { as: 'lena', command: '/migrate cutover batch 1' },
  { as: 'lena', click: 'Confirm', on: 'batch 1' },
  { travel: 'monday', why: "Monday morning's digest, with its burn-up chart" },
  { as: 'stella', command: '/migrate status' },
  { as: 'lena', command: '/migrate log' },
];

describe('the large transcript', () => {
  it('stays within Block Kit limits and says what it said before at 1,238 services', async () => {
    const stage = await startStage(FRIDAY);
    const views = watchViews(stage.slack.conversation);
    try {
      await playScenario(stage, LARGE_MIGRATION).catch((err: unknown) => {
        console.error(renderTranscript(stage.slack.conversation, views.views));
        throw err;
      });
      expect(stage.slack.violations).toEqual([]);
      compareWithGolden('large-migration.txt', renderTranscript(stage.slack.conversation, views.views));
    } finally {
      views.stop();
      await stage.stop();
    }
  }, 60_000);
});
