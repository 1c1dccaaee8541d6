// Slack's escaped mentions (the manifest sets should_escape): <@U123|name>, <!subteam^S123|@group>.

import { mentionUser } from './format.ts';

export type Mention = { kind: 'user'; id: string } | { kind: 'usergroup'; id: string };

export function parseMention(word: string): Mention | null {
  const user = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word);
  if (user?.[1]) return { kind: 'user', id: user[1] };
  const group = /^<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word);
  if (group?.[1]) return { kind: 'usergroup', id: group[1] };
  return null;
}

export function mention(m: Mention): string {
  return m.kind === 'user' ? mentionUser(m.id) : `<!subteam^${m.id}>`;
}
