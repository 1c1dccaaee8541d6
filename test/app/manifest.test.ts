import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { SLASH_COMMAND } from '../../src/slack/listeners/commands.ts';
import { SUBSCRIBED_EVENTS } from '../../src/slack/listeners/events.ts';

// The parts of Slack's v1 manifest schema the bot relies on, checked with zod.
const zManifest = z.object({
  _metadata: z.object({ major_version: z.literal(1), minor_version: z.number().int() }),
  display_information: z.object({ name: z.string().min(1).max(35), description: z.string().max(140).optional() }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.boolean() }),
    bot_user: z.object({ display_name: z.string().min(1).max(80) }),
    slash_commands: z.array(
      z.object({
        command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
        description: z.string().min(1).max(2000),
        usage_hint: z.string().max(1000).optional(),
        url: z.url(),
        should_escape: z.boolean(),
      }),
    ),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()).min(1) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.url(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true), request_url: z.url() }),
  }),
});

const raw = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');

describe('manifest.yml', () => {
  const manifest = zManifest.parse(parse(raw));

  it('declares the slash command the code registers, escaped, with a usage hint', () => {
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: SLASH_COMMAND, should_escape: true });
    expect(manifest.features.slash_commands[0]?.usage_hint).toContain('assess');
  });

  it('subscribes to exactly the events the code listens for', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...SUBSCRIBED_EVENTS].sort());
  });

  it('turns interactivity on and asks only for scopes that have a reason written beside them', () => {
    const scopes = manifest.oauth_config.scopes.bot;
    expect(scopes).toContain('commands');
    expect(scopes).toContain('chat:write.public');
    // The outbox sender reads conversations.history after an uncertain post (src/slack/outbox-sender.ts).
    expect(scopes).toEqual(expect.arrayContaining(['channels:history', 'groups:history']));
    expect(new Set(scopes).size).toBe(scopes.length);
    const lines = raw.split('\n');
    for (const scope of scopes) {
      const at = lines.findIndex((l) => l.trim() === `- ${scope}`);
      const above = lines.slice(Math.max(0, at - 3), at);
      expect(
        above.some((l) => l.trim().startsWith('#')),
        `${scope} has no comment`,
      ).toBe(true);
    }
  });

  it('uses a placeholder host for every request URL', () => {
    const urls = [manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url];
    for (const u of urls) expect(new URL(u).host).toBe('bot.example.com');
  });
});
