// Block Kit's limits (../shared/SLACK.md), checked by the Slack stand-in on every message and view it
// receives, so an over-long message is refused in the playground and fails a test as it would in Slack.

export type Surface = 'message' | 'modal' | 'home';

type Json = Record<string, unknown>;

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
/** Slack's undocumented cap on all block text in one message is near 13.2k; we keep a margin. */
export const MESSAGE_TEXT_BUDGET = 12_000;

function textOf(obj: unknown): string {
  const t = (obj as Json | undefined)?.text;
  return typeof t === 'string' ? t : '';
}

function checkLength(problems: string[], where: string, value: unknown, max: number, min = 0): void {
  if (typeof value !== 'string') {
    if (min > 0) problems.push(`${where} is missing`);
    return;
  }
  if (value.length > max) problems.push(`${where} is ${value.length} characters (max ${max})`);
  if (value.length < min) problems.push(`${where} is empty`);
}

function checkConfirm(problems: string[], where: string, confirm: unknown): void {
  if (!confirm) return;
  const c = confirm as Json;
  checkLength(problems, `${where}.confirm.title`, textOf(c.title), 100, 1);
  checkLength(problems, `${where}.confirm.text`, textOf(c.text), 300, 1);
  checkLength(problems, `${where}.confirm.confirm`, textOf(c.confirm), 30, 1);
  checkLength(problems, `${where}.confirm.deny`, textOf(c.deny), 30, 1);
}

function checkOptions(problems: string[], where: string, options: unknown, max: number): void {
  if (!Array.isArray(options)) return;
  if (options.length > max) problems.push(`${where} has ${options.length} options (max ${max})`);
  options.forEach((o: Json, i) => {
    checkLength(problems, `${where}.options[${i}].text`, textOf(o.text), 75, 1);
    checkLength(problems, `${where}.options[${i}].value`, o.value, 150, 1);
  });
}

function checkElement(problems: string[], where: string, el: Json, actionIds: Set<string>): void {
  if (typeof el.action_id === 'string') {
    checkLength(problems, `${where}.action_id`, el.action_id, 255);
    if (actionIds.has(el.action_id)) problems.push(`${where}.action_id ${el.action_id} repeats in its block`);
    actionIds.add(el.action_id);
  }
  checkConfirm(problems, where, el.confirm);
  switch (el.type) {
    case 'button':
      checkLength(problems, `${where}.text`, textOf(el.text), 75, 1);
      checkLength(problems, `${where}.value`, el.value, 2000);
      checkLength(problems, `${where}.url`, el.url, 3000);
      break;
    case 'static_select':
    case 'multi_static_select':
      checkOptions(problems, where, el.options, 100);
      if (Array.isArray(el.option_groups) && el.option_groups.length > 100)
        problems.push(`${where} has over 100 groups`);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(problems, where, el.options, 10);
      break;
    case 'overflow':
      checkOptions(problems, where, el.options, 5);
      break;
    case 'plain_text_input':
      if (typeof el.max_length === 'number' && el.max_length > 3000) problems.push(`${where}.max_length over 3000`);
      break;
  }
}

/** Every problem found; empty when Slack would accept the blocks. */
export function blockKitProblems(blocks: unknown, surface: Surface): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  if (blocks.length > MAX_BLOCKS[surface]) problems.push(`${blocks.length} blocks (max ${MAX_BLOCKS[surface]})`);
  const blockIds = new Set<string>();
  let totalText = 0;
  blocks.forEach((raw: Json, i) => {
    const where = `blocks[${i}](${String(raw.type)})`;
    if (typeof raw.block_id === 'string') {
      checkLength(problems, `${where}.block_id`, raw.block_id, 255);
      if (blockIds.has(raw.block_id)) problems.push(`${where}.block_id ${raw.block_id} is not unique`);
      blockIds.add(raw.block_id);
    }
    const actionIds = new Set<string>();
    switch (raw.type) {
      case 'section': {
        const fields = Array.isArray(raw.fields) ? (raw.fields as Json[]) : [];
        if (raw.text === undefined && fields.length === 0) problems.push(`${where} has neither text nor fields`);
        if (raw.text !== undefined) checkLength(problems, `${where}.text`, textOf(raw.text), 3000, 1);
        if (fields.length > 10) problems.push(`${where} has ${fields.length} fields (max 10)`);
        fields.forEach((f, j) => {
          checkLength(problems, `${where}.fields[${j}]`, textOf(f), 2000, 1);
        });
        totalText += textOf(raw.text).length + fields.reduce((n, f) => n + textOf(f).length, 0);
        if (raw.accessory) checkElement(problems, `${where}.accessory`, raw.accessory as Json, actionIds);
        break;
      }
      case 'header':
        checkLength(problems, `${where}.text`, textOf(raw.text), 150, 1);
        totalText += textOf(raw.text).length;
        break;
      case 'context': {
        const elements = Array.isArray(raw.elements) ? (raw.elements as Json[]) : [];
        if (elements.length === 0 || elements.length > 10) problems.push(`${where} has ${elements.length} elements`);
        for (const e of elements) {
          checkLength(problems, `${where}.element`, textOf(e), 3000, e.type === 'image' ? 0 : 1);
          totalText += textOf(e).length;
        }
        break;
      }
      case 'actions': {
        const elements = Array.isArray(raw.elements) ? (raw.elements as Json[]) : [];
        if (elements.length === 0 || elements.length > 25) problems.push(`${where} has ${elements.length} elements`);
        elements.forEach((e, j) => {
          checkElement(problems, `${where}.elements[${j}]`, e, actionIds);
        });
        break;
      }
      case 'input': {
        if (surface === 'message') problems.push(`${where}: input blocks belong in modals`);
        checkLength(problems, `${where}.label`, textOf(raw.label), 2000, 1);
        checkLength(problems, `${where}.hint`, textOf(raw.hint), 2000);
        if (raw.element) checkElement(problems, `${where}.element`, raw.element as Json, actionIds);
        break;
      }
      case 'divider':
      case 'image':
      case 'rich_text':
      case 'file':
        break;
      default:
        problems.push(`${where}: unknown block type`);
    }
  });
  if (surface === 'message' && totalText > MESSAGE_TEXT_BUDGET) {
    problems.push(`message block text totals ${totalText} characters (budget ${MESSAGE_TEXT_BUDGET})`);
  }
  return problems;
}

export function viewProblems(view: unknown): string[] {
  const v = view as Json;
  const surface: Surface = v.type === 'home' ? 'home' : 'modal';
  const problems = blockKitProblems(v.blocks, surface);
  if (JSON.stringify(view).length > 250_000) problems.push('view payload over 250 kB');
  checkLength(problems, 'private_metadata', v.private_metadata, 3000);
  checkLength(problems, 'callback_id', v.callback_id, 255);
  if (surface === 'modal') {
    checkLength(problems, 'title', textOf(v.title), 24, 1);
    checkLength(problems, 'submit', textOf(v.submit), 24);
    checkLength(problems, 'close', textOf(v.close), 24);
    const hasInputs = Array.isArray(v.blocks) && (v.blocks as Json[]).some((b) => b.type === 'input');
    if (hasInputs && !v.submit) problems.push('a modal with inputs needs a submit button');
  }
  return problems;
}

/** For unit tests of builders: throws listing every problem. */
export function assertWithinBlockKitLimits(message: { text?: string; blocks?: unknown }, surface: Surface = 'message') {
  const problems = blockKitProblems(message.blocks ?? [], surface);
  if (typeof message.text === 'string' && message.text.length > 4000) problems.push('text over 4,000 characters');
  if (problems.length > 0) throw new Error(`Block Kit limits broken:\n${problems.join('\n')}`);
}
