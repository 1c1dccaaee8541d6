// Plays a scenario (scenario.ts) through the page's actions, as the people on the page would: a
// command typed in the channel, a button clicked on a message they see, a modal submitted with its
// inputs filled by label, the clock moved. After each step it waits until the bot is idle, so the
// next step sees everything the last one posted. Shared by the golden test and `npm run demo`.
import { existsSync, readFileSync } from 'node:fs';
import type { Bot } from '../app.ts';
import type { Jump } from './clock.ts';
import { type ChatMessage, dmChannelOf, type OpenView } from './conversation.ts';
import { CHANNEL, PEOPLE } from './people.ts';
import type { ActionValue } from './requests.ts';
import type { Answer, PersonName, Step } from './scenario.ts';
import type { FakeSlack } from './slack-api.ts';
import { blocksText, plain } from './transcript.ts';

type ViewValues = Record<string, Record<string, unknown>>;

/** What a person can do on the page: PageActions in-process, or the page's own HTTP API (page-hands.ts). */
export interface Hands {
  command(user: string, channel: string, text: string): Promise<void>;
  messageAction(user: string, channel: string, ts: string, action: ActionValue): Promise<void>;
  submit(user: string, viewId: string, values: ViewValues): Promise<void>;
  upload(user: string, name: string, content: string): Record<string, unknown> | Promise<Record<string, unknown>>;
  travel(jump: Jump): Promise<unknown>;
}

export interface Stage {
  readonly slack: FakeSlack;
  readonly bot: Bot;
  readonly actions: Hands;
}

type Element = Record<string, unknown> & { type?: string; action_id?: string };
type Block = Record<string, unknown> & { block_id?: string; element?: Element; elements?: Element[] };

export function personId(name: PersonName): string {
  const person = PEOPLE.find((p) => p.name === name);
  if (!person) throw new Error(`No sample person ${name}`);
  return person.id;
}

/** A file named by the scenario, from the checkout (when run from src/ or from dist/src/). */
function readExample(path: string): string {
  for (const base of ['../../', '../../../']) {
    const url = new URL(base + path, import.meta.url);
    if (existsSync(url)) return readFileSync(url, 'utf8');
  }
  throw new Error(`No file ${path} in the checkout`);
}

/** The newest message the person sees whose text contains `on` and that has a button labelled `label`. */
function latestWithButton(slack: FakeSlack, user: string, on: string, label: string) {
  const seen = slack.conversation.snapshot(user).messages;
  for (const message of [...seen].reverse()) {
    if (!`${message.text}\n${blocksText(message.blocks)}`.includes(on)) continue;
    const button = buttonIn(message, label);
    if (button) return { message, button };
  }
  throw new Error(`No message with "${on}" and a [${label}] button is visible to ${user}`);
}

function buttonIn(message: ChatMessage, label: string): { action: Element; blockId: string } | undefined {
  for (const block of (message.blocks ?? []) as Block[]) {
    const elements = [...(block.elements ?? []), ...(block.element ? [block.element] : [])];
    const accessory = block.accessory as Element | undefined;
    for (const e of accessory ? [...elements, accessory] : elements) {
      if (e.type === 'button' && plain(e.text) === label) return { action: e, blockId: String(block.block_id ?? '') };
    }
  }
  return undefined;
}

/** The value Slack would send for one input, given the scenario's answer (or the modal's default). */
async function inputValue(hands: Hands, user: string, element: Element, answer: Answer | undefined): Promise<unknown> {
  const type = element.type ?? '';
  if (typeof answer === 'object') {
    const name = answer.file.split('/').pop() ?? answer.file;
    return { type, files: [await hands.upload(user, name, answer.content ?? readExample(answer.file))] };
  }
  if (type === 'static_select' || type === 'radio_buttons') {
    const options = (element.options ?? []) as { text: unknown; value: string }[];
    const chosen =
      answer === undefined
        ? (element.initial_option ?? options[0])
        : options.find((o) => o.value === answer || plain(o.text) === answer || plain(o.text).startsWith(`${answer} `));
    if (!chosen) throw new Error(`No option "${answer}" in ${String(element.action_id)}`);
    return { type, selected_option: chosen };
  }
  if (type === 'plain_text_input') return { type, value: answer ?? element.initial_value ?? null };
  if (type === 'checkboxes') return { type, selected_options: element.initial_options ?? [] };
  if (type === 'file_input') return { type, files: [] };
  return { type };
}

async function viewState(hands: Hands, user: string, open: OpenView, answers: Readonly<Record<string, Answer>>) {
  const values: ViewValues = {};
  const unused = new Set(Object.keys(answers));
  const labels: string[] = [];
  for (const block of (open.view.blocks ?? []) as Block[]) {
    if (block.type !== 'input' || !block.element || !block.block_id) continue;
    const label = plain(block.label);
    labels.push(label);
    const key = Object.keys(answers).find((k) => label === k || label.startsWith(`${k} `));
    if (key) unused.delete(key);
    const value = await inputValue(hands, user, block.element, key === undefined ? undefined : answers[key]);
    values[block.block_id] = { [String(block.element.action_id)]: value };
  }
  if (unused.size > 0)
    throw new Error(`The modal has no input labelled ${[...unused].join(', ')}; it has ${labels.join(', ')}`);
  return values;
}

/** Carries out one step and waits until the bot has delivered everything it caused. */
export async function playStep(stage: Stage, step: Step): Promise<void> {
  const { slack, bot, actions } = stage;
  if ('travel' in step) {
    await actions.travel(step.travel);
  } else {
    const user = personId(step.as);
    if ('command' in step) await actions.command(user, CHANNEL.id, step.command);
    else if ('click' in step) {
      const { message, button } = latestWithButton(slack, user, step.on, step.click);
      const action = {
        ...button.action,
        action_id: String(button.action.action_id),
        block_id: button.blockId,
        type: 'button',
      };
      const channel = message.channel.startsWith('D') ? dmChannelOf(user) : message.channel;
      await actions.messageAction(user, channel, message.ts, action);
    } else {
      const open = slack.conversation.viewsOf(user).at(-1);
      if (!open) throw new Error(`${step.as} has no modal open to submit`);
      await actions.submit(user, open.id, await viewState(actions, user, open, step.submit));
    }
  }
  await bot.idle();
}

/** Plays every step in order; `between` runs after each (the demo's pause). */
export async function playScenario(
  stage: Stage,
  steps: readonly Step[],
  between: (step: Step, index: number) => Promise<void> = async () => {},
): Promise<void> {
  for (const [index, step] of steps.entries()) {
    await playStep(stage, step);
    await between(step, index);
  }
}
