// The Web API methods the bot calls, answered as Slack answers them, each changing the
// conversation the way Slack would: a post appears, an update edits in place, a view opens.
import { blockKitProblems, viewProblems } from './block-kit-limits.ts';
import { BOT, dmChannelOf } from './conversation.ts';
import type { FakeSlack, Handler } from './slack-api.ts';

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  csv: 'text/csv',
  json: 'application/json',
  yaml: 'text/yaml',
  yml: 'text/yaml',
  txt: 'text/plain',
};

function mimeOf(name: string): string {
  return MIME[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** Slack names a DM by the person's id; the stand-in answers with the DM channel's id. */
function channelOf(args: Record<string, unknown>): string {
  const channel = String(args.channel);
  return channel.startsWith('U') ? dmChannelOf(channel) : channel;
}

function messageProblems(args: Record<string, unknown>, textMax: number): string[] {
  const problems = args.blocks === undefined ? [] : blockKitProblems(args.blocks, 'message');
  if (typeof args.text === 'string' && args.text.length > textMax) problems.push(`text over ${textMax}`);
  return problems;
}

const blocksOf = (args: Record<string, unknown>) => (Array.isArray(args.blocks) ? args.blocks : undefined);
const textOf = (args: Record<string, unknown>) => (typeof args.text === 'string' ? args.text : '');
const metadataOf = (args: Record<string, unknown>) =>
  typeof args.metadata === 'object' && args.metadata !== null ? (args.metadata as Record<string, unknown>) : undefined;

export function installMethods(slack: FakeSlack): void {
  const chat = slack.conversation;
  const where = (method: string, channel: string, error: string, user?: string) => ({
    method,
    channel,
    error,
    ...(user ? { user } : {}),
  });

  slack.on('auth.test', () => ({ ok: true, user_id: BOT.userId, bot_id: BOT.botId, team_id: BOT.teamId }));

  const post = (args: Record<string, unknown>, visibleTo?: string) => {
    const channel = channelOf(args);
    const method = visibleTo ? 'chat.postEphemeral' : 'chat.postMessage';
    const problem = slack.refuse(where(method, channel, 'invalid_blocks', visibleTo), messageProblems(args, 40_000));
    if (problem) return { ok: false, error: 'invalid_blocks', detail: problem };
    const refusal = slack.cannotPost.get(String(args.channel));
    if (refusal) return { ok: false, error: refusal };
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    const metadata = metadataOf(args);
    const message = chat.post({
      channel,
      user: BOT.userId,
      text: textOf(args),
      blocks: blocksOf(args),
      ...(threadTs ? { threadTs } : {}),
      ...(visibleTo ? { visibleTo } : {}),
      ...(metadata ? { metadata } : {}),
    });
    return { ok: true, channel, ts: message.ts, message: { ts: message.ts } };
  };
  slack.on('chat.postMessage', (args) => post(args));
  slack.on('chat.postEphemeral', (args) => {
    const answer = post(args, String(args.user));
    return answer.ok ? { ...answer, message_ts: answer.ts } : answer;
  });
  slack.on('chat.update', (args) => {
    const channel = channelOf(args);
    const problems = messageProblems(args, 4000);
    const error = problems.some((p) => p.includes('text over')) ? 'msg_too_long' : 'invalid_blocks';
    if (slack.refuse(where('chat.update', channel, error), problems)) return { ok: false, error };
    // Tests update messages they never posted through the stand-in, so an unknown ts is accepted.
    const original = chat.find(channel, String(args.ts));
    if (original) chat.edit(original, textOf(args), blocksOf(args));
    return { ok: true, channel: args.channel, ts: args.ts };
  });
  slack.on('chat.delete', (args) => {
    const original = chat.find(channelOf(args), String(args.ts));
    if (!original) return { ok: false, error: 'message_not_found' };
    chat.remove(original);
    return { ok: true, channel: args.channel, ts: args.ts };
  });
  // Newest first, as Slack lists them; `oldest` is not applied, since the stand-in's ts are not the bot's clock.
  slack.on('conversations.history', (args) => {
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const messages = chat
      .history(String(args.channel))
      .reverse()
      .slice(0, Number(args.limit ?? 100))
      .map((m) => ({
        type: 'message',
        user: m.user,
        ts: m.ts,
        text: m.text,
        ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
        ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
      }));
    return { ok: true, messages, has_more: false };
  });
  slack.on('chat.getPermalink', (args) => ({
    ok: true,
    permalink: `https://example.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}`,
  }));

  const view =
    (mode: 'open' | 'push' | 'update' | 'publish'): Handler =>
    (args) => {
      const user =
        mode === 'publish'
          ? String(args.user_id)
          : (slack.triggers.get(String(args.trigger_id)) ??
            chat.findView(String(args.view_id ?? ''))?.user ??
            'unknown');
      const problems = viewProblems(args.view);
      if (problems.length > 0) {
        slack.violations.push(...problems.map((p) => `view: ${p}`));
        chat.refuseView(user, { method: `views.${mode}`, error: 'invalid_arguments', problems });
        return { ok: false, error: 'invalid_arguments', detail: problems[0] };
      }
      const body = args.view as Record<string, unknown>;
      if (mode === 'publish') {
        chat.publishHome(user, body);
        return { ok: true, view: { id: `VHOME${user}`, hash: 'h1' } };
      }
      const existing = mode === 'update' ? chat.findView(String(args.view_id ?? '')) : undefined;
      if (existing) {
        chat.updateView(existing.open, body);
        return { ok: true, view: { id: existing.open.id, hash: 'h1' } };
      }
      // Tests update views by ids they made up; those are accepted and opened.
      const opened = chat.openView(user, body, mode === 'push' ? 'push' : 'open');
      return { ok: true, view: { id: opened.id, hash: 'h1' } };
    };
  slack.on('views.open', view('open'));
  slack.on('views.push', view('push'));
  slack.on('views.update', view('update'));
  slack.on('views.publish', view('publish'));

  slack.on('users.info', (args) => {
    const id = String(args.user);
    const person = chat.people.get(id);
    return {
      ok: true,
      user: {
        id,
        tz: slack.timeZones.get(id) ?? person?.tz ?? 'America/New_York',
        ...(person ? { name: person.name, real_name: person.realName, profile: { email: person.email } } : {}),
      },
    };
  });
  slack.on('usergroups.users.list', (args, call) => {
    // An Enterprise Grid org-wide token serves many teams: Slack needs the group's team named.
    const org = call.token ? slack.issuedTokens.get(call.token)?.isEnterpriseInstall : false;
    if (org && !args.team_id) return { ok: false, error: 'missing_argument' };
    const users = slack.usergroups.get(String(args.usergroup));
    return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
  });
  slack.on('conversations.members', (args) => ({
    ok: true,
    members: slack.channelMembers.get(String(args.channel)) ?? [],
    response_metadata: { next_cursor: '' },
  }));
  slack.on('conversations.info', (args) => {
    const id = String(args.channel);
    const name = chat.channels.get(id)?.name;
    return { ok: true, channel: { id, is_private: slack.privateChannels.has(id), ...(name ? { name } : {}) } };
  });
  slack.on('users.lookupByEmail', (args) => {
    const id = slack.emails.get(String(args.email));
    return id ? { ok: true, user: { id } } : { ok: false, error: 'users_not_found' };
  });
  slack.on('files.getUploadURLExternal', (args) => {
    const id = `F${chat.nextTs().replace('.', '')}`;
    slack.pendingUploads.set(id, String(args.filename));
    return { ok: true, upload_url: `${slack.url}/upload/${id}?name=${String(args.filename)}`, file_id: id };
  });
  slack.on('files.completeUploadExternal', (args) => {
    const files = args.files as { id: string; title?: string }[];
    const missing = files.filter((f) => !slack.uploads.has(f.id));
    if (missing.length) return { ok: false, error: 'file_not_found' };
    const infos = files.map((f) => {
      const name = slack.pendingUploads.get(f.id) ?? f.id;
      const info = {
        id: f.id,
        name,
        title: f.title ?? name,
        mimetype: mimeOf(name),
        size: slack.uploads.get(f.id)?.length ?? 0,
      };
      slack.files.set(f.id, info);
      return info;
    });
    if (typeof args.channel_id === 'string') {
      const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
      chat.post({
        channel: channelOf({ channel: args.channel_id }),
        user: BOT.userId,
        text: typeof args.initial_comment === 'string' ? args.initial_comment : '',
        files: infos,
        ...(threadTs ? { threadTs } : {}),
      });
    }
    return { ok: true, files: infos.map((f) => ({ id: f.id, title: f.title })) };
  });
}
