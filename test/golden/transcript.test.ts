// The golden transcript: the scenario the demo plays (src/playground/scenario.ts), through the real
// bot and the Slack stand-in, rendered as text and compared with the committed file, so any change
// in what the bot tells people shows up in review as a diff. `UPDATE_GOLDEN=1` rewrites the files.
import { describe, expect, it } from 'vitest';
import { playScenario } from '../../src/playground/play.ts';
import { SHOP_MIGRATION } from '../../src/playground/scenario.ts';
import { renderTranscript, watchViews } from '../../src/playground/transcript.ts';
import { compareWithGolden, FRIDAY } from './golden-file.ts';
import { startStage } from './stage.ts';

describe('the golden transcript', () => {
  it('plays the shop migration as the demo does and says exactly what the committed transcript says', async () => {
    const stage = await startStage(FRIDAY);
    const views = watchViews(stage.slack.conversation);
    try {
      await playScenario(stage, SHOP_MIGRATION).catch((err: unknown) => {
        // The conversation so far says where the scenario stopped making sense.
        console.error(renderTranscript(stage.slack.conversation, views.views));
        throw err;
      });
      const transcript = renderTranscript(stage.slack.conversation, views.views);
      expect(stage.slack.violations).toEqual([]);
      compareWithGolden('shop-migration.txt', transcript);
    } finally {
      views.stop();
      await stage.stop();
    }
  });
});
