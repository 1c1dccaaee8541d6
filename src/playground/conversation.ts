// What the Slack stand-in remembers of the workspace, as a person would see it: channels and their
// messages (thread replies, in-place edits, ephemerals per person), open views per person, Home
// tabs and files. The playground page reads it; the calls that change it live in slack-api.ts.

/** The bot's identity in the stand-in workspace. */
export const BOT = { userId: 'UBOT', botId: 'BBOT', teamId: 'T0001' } as const;

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly realName: string;
  /** What the person does in the sample scenario ("Lead", "Approver"). */
  readonly title: string;
  readonly tz: string;
  readonly email: string;
}

export interface Channel {
  readonly id: string;
  readonly name: string;
}

export interface FileInfo {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly mimetype: string;
  readonly size: number;
}

/** Where Slack refused a call: shown where the message or view would have been. */
export interface Refusal {
  readonly method: string;
  readonly error: string;
  readonly problems: readonly string[];
}

export interface ChatMessage {
  readonly ts: string;
  readonly channel: string;
  /** The author: the bot's user id or a person's. */
  readonly user: string;
  /** When it was posted, by the bot's clock. */
  readonly at: string;
  text: string;
  blocks: unknown[] | undefined;
  readonly threadTs: string | undefined;
  /** Set on an ephemeral: the only person who sees it. */
  readonly visibleTo: string | undefined;
  edited: boolean;
  deleted: boolean;
  readonly files: readonly FileInfo[];
  readonly refusal: Refusal | undefined;
  /** The metadata the post carried; conversations.history gives it back, as Slack does. */
  readonly metadata: Record<string, unknown> | undefined;
}

export interface OpenView {
  readonly id: string;
  view: Record<string, unknown>;
  /** Errors the bot answered a submission with, by block_id. */
  errors: Record<string, string>;
}

export interface UserGroup {
  readonly id: string;
  readonly handle: string;
}

/** What one person sees right now: the page renders exactly this. */
export interface Snapshot {
  readonly version: number;
  readonly me: string;
  readonly people: readonly Person[];
  readonly channels: readonly Channel[];
  readonly usergroups: readonly UserGroup[];
  readonly messages: readonly ChatMessage[];
  readonly views: readonly OpenView[];
  readonly home: Record<string, unknown> | null;
  /** A view Slack refused to open for this person: the page shows it where the modal would be. */
  readonly refusedView: Refusal | null;
}

export type NewMessage = Partial<
  Pick<ChatMessage, 'blocks' | 'threadTs' | 'visibleTo' | 'files' | 'refusal' | 'metadata'>
> &
  Pick<ChatMessage, 'channel' | 'user' | 'text'>;

/** The DM channel between the bot and a person, as chat.postMessage names it. */
export function dmChannelOf(userId: string): string {
  return `D${userId.slice(1)}`;
}

export class Conversation {
  readonly people = new Map<string, Person>();
  readonly channels = new Map<string, Channel>();
  readonly groupHandles = new Map<string, string>();
  readonly messages: ChatMessage[] = [];
  readonly homes = new Map<string, Record<string, unknown>>();
  readonly refusedViews = new Map<string, Refusal>();
  private readonly views = new Map<string, OpenView[]>();
  private readonly listeners = new Set<() => void>();
  /** The bot's clock, so messages carry the time the bot believes it is. */
  clock: () => Date = () => new Date();
  private tsCounter = 0;
  private viewCounter = 0;
  version = 0;

  /** Called after every change, so the page can be told at once. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    this.version += 1;
    for (const l of [...this.listeners]) l();
  }

  nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  post(input: NewMessage): ChatMessage {
    const message: ChatMessage = {
      ts: this.nextTs(),
      at: this.clock().toISOString(),
      blocks: undefined,
      threadTs: undefined,
      visibleTo: undefined,
      files: [],
      refusal: undefined,
      metadata: undefined,
      edited: false,
      deleted: false,
      ...input,
    };
    this.messages.push(message);
    this.changed();
    return message;
  }

  find(channel: string, ts: string): ChatMessage | undefined {
    return this.messages.find((m) => m.ts === ts && m.channel === channel && !m.deleted);
  }

  /** What conversations.history lists for a channel, oldest first: no thread replies, ephemerals or refusals. */
  history(channel: string): ChatMessage[] {
    return this.messages.filter(
      (m) =>
        m.channel === channel &&
        !m.deleted &&
        m.visibleTo === undefined &&
        m.refusal === undefined &&
        (m.threadTs === undefined || m.threadTs === m.ts),
    );
  }

  edit(message: ChatMessage, text: string, blocks: unknown[] | undefined): void {
    message.text = text;
    message.blocks = blocks;
    message.edited = true;
    this.changed();
  }

  remove(message: ChatMessage): void {
    message.deleted = true;
    this.changed();
  }

  openView(user: string, view: Record<string, unknown>, mode: 'open' | 'push'): OpenView {
    this.viewCounter += 1;
    const open: OpenView = { id: `V${String(this.viewCounter).padStart(8, '0')}`, view, errors: {} };
    this.views.set(user, mode === 'push' ? [...this.viewsOf(user), open] : [open]);
    this.changed();
    return open;
  }

  /** The open view with this id, and whose screen it is on. */
  findView(viewId: string): { user: string; open: OpenView } | undefined {
    for (const [user, stack] of this.views) {
      const open = stack.find((v) => v.id === viewId);
      if (open) return { user, open };
    }
    return undefined;
  }

  updateView(open: OpenView, view: Record<string, unknown>): void {
    open.view = view;
    open.errors = {};
    this.changed();
  }

  showErrors(open: OpenView, errors: Record<string, string>): void {
    open.errors = errors;
    this.changed();
  }

  /** Closes the top view of a person's stack, or all of them. */
  closeViews(user: string, all: boolean): void {
    this.views.set(user, all ? [] : this.viewsOf(user).slice(0, -1));
    this.changed();
  }

  viewsOf(user: string): OpenView[] {
    return this.views.get(user) ?? [];
  }

  refuseView(user: string, refusal: Refusal): void {
    this.refusedViews.set(user, refusal);
    this.changed();
  }

  dismissRefusedView(user: string): void {
    this.refusedViews.delete(user);
    this.changed();
  }

  publishHome(user: string, view: Record<string, unknown>): void {
    this.homes.set(user, view);
    this.changed();
  }

  snapshot(me: string): Snapshot {
    const dm = dmChannelOf(me);
    return {
      version: this.version,
      me,
      people: [...this.people.values()],
      channels: [...this.channels.values()],
      usergroups: [...this.groupHandles].map(([id, handle]) => ({ id, handle })),
      messages: this.messages.filter(
        (m) =>
          !m.deleted &&
          (m.visibleTo === undefined || m.visibleTo === me) &&
          (this.channels.has(m.channel) || m.channel === dm),
      ),
      views: this.viewsOf(me),
      home: this.homes.get(me) ?? null,
      refusedView: this.refusedViews.get(me) ?? null,
    };
  }
}
