import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, uploadedBytes } from '../../src/playground/slack-api.ts';

async function call(slack: FakeSlack, method: string, args: Record<string, unknown>) {
  const res = await fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: 'Bearer xoxb-t', 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe('the Slack stand-in conversation', () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await new FakeSlack().start();
    slack.conversation.channels.set('C1', { id: 'C1', name: 'general' });
  });
  afterEach(() => slack.stop());

  it('keeps thread replies, edits in place and ephemerals for one person', async () => {
    const parent = await call(slack, 'chat.postMessage', { channel: 'C1', text: 'parent' });
    await call(slack, 'chat.postMessage', { channel: 'C1', text: 'reply', thread_ts: parent.ts });
    await call(slack, 'chat.update', { channel: 'C1', ts: parent.ts, text: 'parent, edited' });
    await call(slack, 'chat.postEphemeral', { channel: 'C1', user: 'U1', text: 'psst' });
    const seen = (user: string) =>
      slack.conversation.snapshot(user).messages.map((m) => [m.text, m.threadTs ?? null, m.edited]);
    expect(seen('U1')).toEqual([
      ['parent, edited', null, true],
      ['reply', parent.ts, false],
      ['psst', null, false],
    ]);
    expect(seen('U2')).toHaveLength(2);
  });

  it('answers a response_url into the conversation: new ephemeral, replace_original, delete_original', async () => {
    const answer = (url: string, body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await answer(slack.responseUrl({ channel: 'C1', user: 'U1' }), { text: 'only you' });
    const [ephemeral] = slack.conversation.messages;
    expect(ephemeral).toMatchObject({ text: 'only you', visibleTo: 'U1' });
    const clicked = slack.responseUrl({ channel: 'C1', user: 'U1', messageTs: ephemeral?.ts ?? '' });
    await answer(clicked, { replace_original: true, text: 'done' });
    expect(slack.conversation.snapshot('U1').messages.map((m) => m.text)).toEqual(['done']);
    await answer(clicked, { delete_original: true });
    expect(slack.conversation.snapshot('U1').messages).toEqual([]);
  });

  it('opens, pushes and updates views on the screen of the person whose trigger it was', async () => {
    const view = (title: string) => ({ type: 'modal', title: { type: 'plain_text', text: title }, blocks: [] });
    const opened = await call(slack, 'views.open', { trigger_id: slack.trigger('U1'), view: view('One') });
    await call(slack, 'views.push', { trigger_id: slack.trigger('U1'), view: view('Two') });
    await call(slack, 'views.update', { view_id: (opened.view as { id: string }).id, view: view('One again') });
    const titles = slack.conversation.viewsOf('U1').map((v) => (v.view.title as { text: string }).text);
    expect(titles).toEqual(['One again', 'Two']);
    expect(slack.conversation.viewsOf('U2')).toEqual([]);
  });

  it('refuses a message over Block Kit limits with a violation and a visible refusal', async () => {
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }];
    const res = await call(slack, 'chat.postMessage', { channel: 'C1', text: 't', blocks });
    expect(res).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(slack.violations).toEqual(['C1: blocks[0](header).text is 151 characters (max 150)']);
    expect(slack.conversation.snapshot('U1').messages[0]?.refusal).toMatchObject({ error: 'invalid_blocks' });
  });

  it('shows an uploaded file in its channel, stored without the multipart wrapping', async () => {
    const { upload_url: url, file_id: id } = await call(slack, 'files.getUploadURLExternal', {
      filename: 'chart.png',
      length: 3,
    });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'chart.png');
    await fetch(String(url), { method: 'POST', body: form });
    await call(slack, 'files.completeUploadExternal', { files: [{ id, title: 'Chart' }], channel_id: 'C1' });
    expect([...(slack.fileContent(String(id)) ?? [])]).toEqual([1, 2, 3]);
    expect(slack.conversation.messages[0]?.files).toEqual([
      { id, name: 'chart.png', title: 'Chart', mimetype: 'image/png', size: 3 },
    ]);
    expect(uploadedBytes('text/plain', Buffer.from('raw')).toString()).toBe('raw');
  });
});
