// What a person does on the page, turned into the signed request Slack would send the bot, and
// the bot's HTTP answer applied as Slack applies it (a view_submission's response_action, a
// failed command's error line).
import type { Bot } from '../app.ts';
import { type Jump, jumpTarget, type PlaygroundClock } from './clock.ts';
import { BOT, type OpenView } from './conversation.ts';
import { metricsCommand, type SimulatedMetrics } from './metrics-source.ts';
import {
  type ActionValue,
  type Actor,
  homeOpenedBody,
  messageActionPayload,
  payloadBody,
  slashCommandBody,
  viewActionPayload,
  viewClosedPayload,
  viewSubmissionPayload,
} from './requests.ts';
import { postSigned } from './signing.ts';
import type { FakeSlack } from './slack-api.ts';

type ViewState = Record<string, Record<string, unknown>>;

export class PlaygroundError extends Error {}

export interface Forwarding {
  readonly slack: FakeSlack;
  readonly bot: Bot;
  readonly botUrl: string;
  readonly signingSecret: string;
  readonly clock: PlaygroundClock;
  /** The simulated metrics source `/metrics` changes; absent, the command is not installed. */
  readonly metrics?: SimulatedMetrics;
}

export class PageActions {
  private eventCounter = 0;

  constructor(private readonly f: Forwarding) {}

  private actor(user: string): Actor {
    const person = this.f.slack.conversation.people.get(user);
    if (!person || user === BOT.userId) throw new PlaygroundError(`No such person: ${user}`);
    return { id: person.id, name: person.name };
  }

  private channel(id: string): { id: string; name: string } {
    const channel = this.f.slack.conversation.channels.get(id);
    if (channel) return channel;
    if (id.startsWith('D')) return { id, name: 'directmessage' };
    throw new PlaygroundError(`No such channel: ${id}`);
  }

  private send(body: string, contentType?: string): Promise<Response> {
    return postSigned(this.f.botUrl, this.f.signingSecret, body, contentType);
  }

  /** Slack shows a failed command to its author only, in the channel they typed it in. */
  private failed(channel: string, user: string, why: string): void {
    this.f.slack.conversation.post({
      channel,
      user: 'USLACKBOT',
      text: `/migrate failed with the error "${why}"`,
      visibleTo: user,
    });
  }

  async command(user: string, channelId: string, typed: string): Promise<void> {
    const actor = this.actor(user);
    const channel = this.channel(channelId);
    const metrics = /^\/metrics(?:\s+([\s\S]*))?$/.exec(typed.trim());
    if (metrics && this.f.metrics) {
      const text = metricsCommand(this.f.metrics, metrics[1] ?? '');
      this.f.slack.conversation.post({ channel: channel.id, user: 'USLACKBOT', text, visibleTo: user });
      return;
    }
    const match = /^\/migrate(?:\s+([\s\S]*))?$/.exec(typed.trim());
    if (!match) throw new PlaygroundError('Only /migrate is installed in this workspace.');
    const responseUrl = this.f.slack.responseUrl({ channel: channel.id, user });
    const res = await this.send(
      slashCommandBody({ actor, text: match[1] ?? '', channel, responseUrl, triggerId: this.f.slack.trigger(user) }),
    );
    const answer = await res.text();
    if (res.status !== 200)
      return this.failed(channel.id, user, res.status === 404 ? 'operation_timeout' : 'dispatch_failed');
    // An ack() with a message body is shown like a response_url answer.
    if (answer.trim().startsWith('{')) await this.answerInline(responseUrl, answer);
  }

  private async answerInline(responseUrl: string, answer: string): Promise<void> {
    await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: answer });
  }

  async messageAction(user: string, channelId: string, ts: string, action: ActionValue): Promise<void> {
    const actor = this.actor(user);
    const channel = this.channel(channelId);
    const message = this.f.slack.conversation.find(channel.id, ts);
    if (!message) throw new PlaygroundError('That message is gone.');
    const payload = messageActionPayload({
      actor,
      channel,
      message: { ts, text: message.text, blocks: message.blocks ?? [], ephemeral: message.visibleTo !== undefined },
      action,
      responseUrl: this.f.slack.responseUrl({ channel: channel.id, user, messageTs: ts }),
      triggerId: this.f.slack.trigger(user),
    });
    const res = await this.send(payloadBody(payload));
    await res.text();
    if (res.status !== 200) this.failed(channel.id, user, `http_${res.status}`);
  }

  /** The open view with this id on the person's screen, or their Home tab. */
  private view(user: string, viewId: string): { id: string; body: Record<string, unknown>; open?: OpenView } {
    const chat = this.f.slack.conversation;
    const open = chat.viewsOf(user).find((v) => v.id === viewId);
    if (open) return { id: open.id, body: open.view, open };
    const home = chat.homes.get(user);
    if (home && viewId === `VHOME${user}`) return { id: viewId, body: home };
    throw new PlaygroundError('That view is closed.');
  }

  async viewAction(user: string, viewId: string, values: ViewState, action: ActionValue): Promise<void> {
    const actor = this.actor(user);
    const view = this.view(user, viewId);
    const payload = viewActionPayload({
      actor,
      view: { id: view.id, body: view.body, values },
      action,
      triggerId: this.f.slack.trigger(user),
    });
    await (await this.send(payloadBody(payload))).text();
  }

  async submit(user: string, viewId: string, values: ViewState): Promise<void> {
    const actor = this.actor(user);
    const view = this.view(user, viewId);
    const open = view.open;
    if (!open) throw new PlaygroundError('Only a modal can be submitted.');
    const res = await this.send(
      payloadBody(
        viewSubmissionPayload({
          actor,
          view: { id: view.id, body: view.body, values },
          triggerId: this.f.slack.trigger(user),
        }),
      ),
    );
    const text = await res.text();
    if (res.status !== 200) {
      this.f.slack.conversation.showErrors(open, { '': `We had some trouble connecting (HTTP ${res.status}).` });
      return;
    }
    this.applyResponseAction(user, open, text ? (JSON.parse(text) as Record<string, unknown>) : {});
  }

  private applyResponseAction(user: string, open: OpenView, answer: Record<string, unknown>): void {
    const chat = this.f.slack.conversation;
    const view = answer.view as Record<string, unknown> | undefined;
    switch (answer.response_action) {
      case 'errors':
        chat.showErrors(open, (answer.errors as Record<string, string>) ?? {});
        return;
      case 'update':
        if (view) chat.updateView(open, view);
        return;
      case 'push':
        if (view) chat.openView(user, view, 'push');
        return;
      case 'clear':
        chat.closeViews(user, true);
        return;
      default:
        // A view the bot replaced meanwhile (views.update) is closed all the same.
        if (chat.viewsOf(user).some((v) => v.id === open.id)) chat.closeViews(user, false);
    }
  }

  async close(user: string, viewId: string, values: ViewState): Promise<void> {
    const actor = this.actor(user);
    const view = this.view(user, viewId);
    this.f.slack.conversation.closeViews(user, false);
    if (view.body.notify_on_close !== true) return;
    await (await this.send(payloadBody(viewClosedPayload({ actor, view: { ...view, values } })))).text();
  }

  async openHome(user: string): Promise<void> {
    this.actor(user);
    this.eventCounter += 1;
    const res = await this.send(homeOpenedBody(user, `EvPLAY${this.eventCounter}`), 'application/json');
    await res.text();
  }

  /** A file the person attached in a file input, hosted where the bot may download it. */
  upload(user: string, name: string, content: string): Record<string, unknown> {
    this.actor(user);
    const id = `F${this.f.slack.conversation.nextTs().replace('.', '')}`;
    const url = this.f.slack.hostFile(id, content);
    const filetype = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    return {
      id,
      name,
      title: name,
      filetype,
      size: Buffer.byteLength(content),
      url_private: url,
      url_private_download: url,
    };
  }

  /** Moves the bot's clock and runs the tick at the new time, as the minute tick would. */
  async travel(jump: Jump): Promise<Date> {
    const to = jumpTarget(this.f.bot.store.db, this.f.clock.now(), jump);
    this.f.clock.advanceTo(to);
    await this.f.bot.scheduler.runTick(this.f.clock.now());
    this.f.slack.conversation.changed();
    return this.f.clock.now();
  }
}
