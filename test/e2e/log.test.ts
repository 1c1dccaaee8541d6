// `/migrate log` reads as sentences, names people with mentions, and says when a page does not exist.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/index.ts';
import type { Actor, Deps } from '../../src/deps.ts';
import type { Effect } from '../../src/slack/effect.ts';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import { depsFor } from '../support/deps.ts';
import { quietSlack } from '../support/slack-port.ts';

const slack = quietSlack;

const textOf = (effects: Effect[]) =>
  effects.map((e) => ('message' in e ? `${e.message.text}\n${JSON.stringify(e.message.blocks ?? [])}` : '')).join('\n');

describe('/migrate log', () => {
  let store: Store;
  let deps: Deps;
  const actor: Actor = { workspaceId: 'T0001', userId: 'U0LEAD', channelId: 'C0MOVE' };
  const run = async (text: string) => textOf(await dispatch(deps, actor, text));

  beforeEach(() => {
    store = openStore(':memory:');
    applySchema(store);
    deps = depsFor(store, { slack });
  });
  afterEach(() => store.close());

  it('says what each entry did, with mentions, under a title that stays bold', async () => {
    await run('new api-gateway');
    expect(await run('leads add <@U2>')).toContain('added <@U2> as a lead of *api-gateway*');
    expect(await run('approvers add <@U2> <!subteam^S9|@sre>')).toContain(
      'added <@U2>, <!subteam^S9> as approvers of *api-gateway*',
    );
    await run('set engineers 6');
    const log = await run('log');
    expect(log).toContain('created the migration with the *sequential* strategy');
    expect(log).toContain('added <@U2> as a lead');
    expect(log).toContain('added <@U2> as an approver');
    expect(log).toContain('added <!subteam^S9> as an approver');
    expect(log).toContain('set the number of engineers from 5 to *6* (`engineers`)');
    expect(log).not.toContain('`lead.add`');
    expect(log).not.toContain('approver.add');
    expect(log).toContain('*History of api-gateway* (page 1 of 1, newest last)');
  });

  it('says there is no such page, and how many there are', async () => {
    await run('new api-gateway');
    const answer = await run('log page 2');
    expect(answer).toContain('There is no page 2 of the history of *api-gateway*: it has 1 page (1 entry).');
    expect(answer).not.toContain('page 1 of 1');
  });
});
