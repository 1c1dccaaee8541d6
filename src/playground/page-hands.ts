// The page's own HTTP API (server.ts) as Hands for play.ts: the demo plays the scenario exactly as
// clicks and typing on the page would, so a person watching the page sees each step arrive.
import type { Jump } from './clock.ts';
import type { Hands } from './play.ts';

export function pageHands(pageUrl: string): Hands {
  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${pageUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`The page refused ${path}: ${String(answer.error)}`);
    return answer;
  };
  return {
    async command(user, channel, text) {
      await post('/api/command', { user, channel, text });
    },
    async messageAction(user, channel, ts, action) {
      await post('/api/action', { user, channel, ts, action });
    },
    async submit(user, viewId, values) {
      await post('/api/submit', { user, viewId, values });
    },
    upload: (user, name, content) => post('/api/upload', { user, name, content }),
    travel: (jump: Jump) => post('/api/time', { jump }),
  };
}
