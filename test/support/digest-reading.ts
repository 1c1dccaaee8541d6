// Reads a posted digest back from the fake Slack: the channel message, its thread replies, and the
// thread as sections (a header and the list lines under it), as a reader would see them.
import type { KnownBlock } from '@slack/types';
import type { Harness } from '../support/harness.ts';

export interface DigestSection {
  readonly title: string;
  /** List lines ("•"): one per listed thing. */
  readonly items: number;
  readonly lines: readonly string[];
}

export interface PostedDigest {
  readonly summary: string;
  readonly summaryLines: readonly string[];
  readonly thread: readonly { readonly text: string; readonly blocks: readonly KnownBlock[] }[];
  readonly sections: readonly DigestSection[];
}

function blockTexts(block: KnownBlock): string[] {
  if (block.type === 'header') return [block.text.text];
  if (block.type === 'section') return [block.text?.text ?? ''];
  if (block.type === 'context') {
    return block.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [e.text] : []));
  }
  return [];
}

/** Runs `/migrate digest` and waits until its thread is posted. */
export async function postDigest(h: Harness): Promise<PostedDigest> {
  const before = h.fake.callsTo('chat.postMessage').length;
  await h.slash('digest');
  const isSummary = (c: { args: Record<string, unknown> }) =>
    !c.args.thread_ts && JSON.stringify(c.args.blocks ?? []).includes('Migration digest');
  await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').slice(before).find(isSummary), 'the digest');
  await h.bot.idle();
  const posts = h.fake.callsTo('chat.postMessage').slice(before);
  const summaryPost = posts.find(isSummary);
  const summaryBlocks = (summaryPost?.args.blocks ?? []) as KnownBlock[];
  const summaryLines = summaryBlocks.flatMap(blockTexts);
  const thread = posts
    .filter((c) => c.args.thread_ts)
    .map((c) => ({ text: String(c.args.text), blocks: (c.args.blocks ?? []) as KnownBlock[] }));
  const sections: { title: string; items: number; lines: string[] }[] = [];
  for (const part of thread) {
    for (const block of part.blocks) {
      if (block.type === 'header') sections.push({ title: block.text.text, items: 0, lines: [] });
      else if (block.type === 'section') {
        const current = sections.at(-1);
        if (!current) continue;
        for (const line of (block.text?.text ?? '').split('\n')) {
          current.lines.push(line);
          if (/^\s*•/.test(line)) current.items += 1;
        }
      }
    }
  }
  return { summary: summaryLines.join('\n'), summaryLines, thread, sections };
}

/** Every text of the digest, summary and thread. */
export function digestTexts(digest: PostedDigest): string[] {
  return [...digest.summaryLines, ...digest.thread.flatMap((p) => p.blocks.flatMap(blockTexts))];
}
