// `/migrate list`: the workspace's migrations with status and progress.
import { z } from 'zod';
import { grouped, plural } from '../src/domain/words.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { section } from '../src/slack/views/blocks.ts';
import { listMigrations } from '../src/store/migrations.ts';

const PER_SECTION = 15;
/** Block text per message: Slack refuses one near 13,200 characters however few its blocks. */
const TEXT_BUDGET = 10_000;

export const listCommand = defineCommand({
  name: 'list',
  usage: 'list',
  summary: 'the workspace’s migrations with status and progress',
  args: z.array(z.string()).max(0, { error: 'takes no arguments' }),
  async run(deps, actor): Promise<Effect[]> {
    const all = listMigrations(deps.store.db, actor.workspaceId);
    const visible = [];
    for (const m of all) {
      if (!m.channelPrivate || m.channelId === actor.channelId) visible.push(m);
      else if (await deps.slack.isChannelMember(m.channelId, actor.userId)) visible.push(m);
    }
    if (visible.length === 0) {
      return [reply({ text: 'No migrations yet. Start one in its channel with `/migrate new <name>`.' })];
    }
    const lines = visible.map((m) => {
      const pct = m.services ? Math.round((100 * m.done) / m.services) : 0;
      const status = m.status === 'active' ? m.strategy : 'archived';
      const progress = m.services
        ? `${grouped(m.done)} of ${plural(m.services, 'service')} done (${pct}%)`
        : 'no services yet';
      return `• *${escapeInline(m.name)}* in <#${m.channelId}>: ${status}, ${progress}`;
    });
    let shown = 0;
    let chars = 0;
    while (shown < lines.length && chars + (lines[shown]?.length ?? 0) + 1 <= TEXT_BUDGET) {
      chars += (lines[shown]?.length ?? 0) + 1;
      shown += 1;
    }
    const blocks = [];
    for (let i = 0; i < shown; i += PER_SECTION) {
      blocks.push(section(lines.slice(i, Math.min(i + PER_SECTION, shown)).join('\n')));
    }
    if (shown < lines.length) {
      blocks.push(section(`…and ${lines.length - shown} more: \`--migration <name>\` with any command reads one.`));
    }
    return [reply({ text: plural(visible.length, 'migration'), blocks })];
  },
});
