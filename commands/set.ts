// `/migrate set [<key> <value>]`: the estimator's figures and the rules, each with unit and range.

import { z } from 'zod';
import { checkSetting, SETTING_KEYS, SETTING_SPECS, type SettingKey, withDefaults } from '../src/domain/settings.ts';
import { BadArgumentsError } from '../src/errors.ts';
import { commit, outboxContext } from '../src/services/commit.ts';
import { requireChangeable, requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { section } from '../src/slack/views/blocks.ts';
import { settingChangeText } from '../src/slack/views/setting-words.ts';
import { appendAudit } from '../src/store/audit.ts';
import type { Db } from '../src/store/db.ts';
import { type MigrationRow, updateMigration } from '../src/store/migrations.ts';

const REHEARSAL_GATE = 'rehearsal-gate';

const zArgs = z.array(z.string()).max(2, { error: 'takes a key and a value, e.g. `set engineers 6`' });

function settingsList(migration: MigrationRow): Effect {
  const values = withDefaults(migration.settings);
  const lines = SETTING_KEYS.map((key) => {
    const spec = SETTING_SPECS[key];
    const origin = key in migration.settings ? 'set by the team' : 'default';
    return `• \`${key}\` = *${values[key]}* ${spec.unit} (${origin}; ${spec.min}-${spec.max}): ${spec.description}`;
  });
  lines.push(
    `• \`${REHEARSAL_GATE}\` = *${migration.rehearsalGate ? 'on' : 'off'}* (on/off): critical services need a written rollback procedure and a recorded rehearsal before their cutover can be approved`,
  );
  return reply({
    text: `Settings of ${migration.name}`,
    blocks: [
      section(`*Settings of ${escapeInline(migration.name)}*. Change one with \`/migrate set <key> <value>\`.`),
      section(lines.join('\n')),
    ],
  });
}

export const setCommand = defineCommand({
  name: 'set',
  usage: 'set [<key> <value>]',
  summary: 'list or change the estimator’s figures and the rules (engineers, effort-days, batch-cap…)',
  args: scoped(zArgs),
  async run(deps, actor, { migration: name, args }: { migration: string | null; args: string[] }): Promise<Effect[]> {
    const migration = resolveMigration(deps, actor, name);
    if (args.length === 0) {
      await requireReader(deps, migration, actor);
      return [settingsList(migration)];
    }
    const [rawKey = '', raw = ''] = args;
    const key = rawKey.toLowerCase();
    requireChangeable(deps, migration, actor, 'change its settings');
    const now = deps.now();
    let oldValue: string;
    let newValue: string;
    let change: (tx: Db) => void;
    if (key === REHEARSAL_GATE) {
      if (raw !== 'on' && raw !== 'off') throw new BadArgumentsError({ kind: 'on-or-off', key });
      oldValue = migration.rehearsalGate ? 'on' : 'off';
      newValue = raw;
      change = (tx) => updateMigration(tx, migration, { rehearsalGate: raw === 'on' });
    } else {
      if (!(SETTING_KEYS as readonly string[]).includes(key)) {
        throw new BadArgumentsError({ kind: 'unknown-setting', key });
      }
      if (args.length < 2) throw new BadArgumentsError({ kind: 'setting-needs-value', key });
      const check = checkSetting(key as SettingKey, raw);
      if (!check.ok) throw new BadArgumentsError({ kind: 'rejected', reasons: [check.reason] });
      oldValue = String(withDefaults(migration.settings)[key as SettingKey]);
      newValue = String(check.value);
      change = (tx) => updateMigration(tx, migration, { settings: { ...migration.settings, [key]: check.value } });
    }
    function audit(tx: Parameters<typeof appendAudit>[0]) {
      appendAudit(tx, {
        workspaceId: actor.workspaceId,
        migrationId: migration.id,
        actor: actor.userId,
        action: 'setting.change',
        fromValue: oldValue,
        toValue: newValue,
        detail: { key },
        createdAt: now,
      });
    }
    // The setting and its announcement commit together.
    return commit(deps, outboxContext(migration), (tx) => {
      change(tx);
      audit(tx);
      return [
        {
          type: 'post',
          channel: migration.channelId,
          message: {
            text: `${mentionUser(actor.userId)} ${settingChangeText(key, oldValue, newValue, ` in *${escapeInline(migration.name)}*`)}.`,
          },
          fallbackDmTo: actor.userId,
        },
      ];
    });
  },
});
