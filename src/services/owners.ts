// Owners as an import gives them, resolved before the import's transaction (Slack calls cannot sit in
// one): a mention is a user, an email is the user Slack knows by it (else kept as text), anything
// else (`group:default/payments-team`, `team-payments`) is a team name shown as text.

import type { SlackPort } from '../deps.ts';
import type { ImportedService } from '../domain/import/index.ts';
import { escapeInline } from '../slack/escape.ts';
import { mentionUser } from '../slack/format.ts';
import type { ResolvedOwner, ServiceRow } from '../store/graph.ts';

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;
const MAILTO = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** users.lookupByEmail is rate-limited (tier 3): a few at a time, never a burst of hundreds. */
const LOOKUPS_AT_ONCE = 3;

/** Only what needs no Slack call; null when the text is an email to look up. */
export function ownerWithoutLookup(raw: string): ResolvedOwner | null {
  const text = raw.trim();
  const mention = MENTION.exec(text);
  if (mention?.[1]) return { owner: mention[1], ownerKind: 'user' };
  if (EMAIL.test(emailOf(text))) return null;
  return { owner: text, ownerKind: 'team' };
}

function emailOf(text: string): string {
  return MAILTO.exec(text)?.[1] ?? text;
}

/** Every distinct owner text of the services, resolved. Emails Slack does not know stay as text. */
export async function resolveOwners(
  slack: Pick<SlackPort, 'userIdByEmail'>,
  services: readonly ImportedService[],
): Promise<Map<string, ResolvedOwner>> {
  const resolved = new Map<string, ResolvedOwner>();
  const emails: string[] = [];
  for (const s of services) {
    if (s.owner === undefined || resolved.has(s.owner) || emails.includes(s.owner)) continue;
    const direct = ownerWithoutLookup(s.owner);
    if (direct) resolved.set(s.owner, direct);
    else emails.push(s.owner);
  }
  let next = 0;
  const worker = async () => {
    while (next < emails.length) {
      const raw = emails[next++] as string;
      const email = emailOf(raw.trim());
      const userId = await slack.userIdByEmail(email).catch(() => null);
      resolved.set(raw, userId ? { owner: userId, ownerKind: 'user' } : { owner: email, ownerKind: 'team' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, emails.length) }, worker));
  return resolved;
}

/** How an owner reads in a message: a mention, or the team text escaped. Null when unknown. */
export function ownerText(s: Pick<ServiceRow, 'owner' | 'ownerKind'>): string | null {
  if (!s.owner) return null;
  return s.ownerKind === 'user' ? `${mentionUser(s.owner)}` : escapeInline(s.owner);
}
