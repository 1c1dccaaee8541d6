// Small Block Kit pieces every builder uses.
import type { KnownBlock } from '@slack/types';

export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
