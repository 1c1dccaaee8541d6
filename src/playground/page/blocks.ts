// Block Kit to HTML for the playground page: section, header, context, divider, actions, fields,
// inputs, images. Interactive elements carry their action (data-action, JSON) and any confirm
// dialog (data-confirm); inputs carry their block and action ids so main.ts can read
// view.state.values back. Everything from a block is escaped.
import { escapeHtml as esc, type RenderContext, textObject } from './mrkdwn.ts';

type Json = Record<string, unknown>;

export interface BlockContext extends RenderContext {
  /** The people a users_select offers. */
  readonly people: readonly { id: string; realName: string }[];
  readonly channels: readonly { id: string; name: string }[];
  /** Errors the bot answered a submission with, by block_id. */
  readonly errors?: Readonly<Record<string, string>>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const attr = (v: unknown): string => esc(JSON.stringify(v));

function safeImage(url: unknown): string | null {
  const u = str(url);
  return /^(https?:\/\/|\/api\/files\/)/.test(u) ? u : null;
}

function image(el: Json, cls: string): string {
  const src = safeImage(el.image_url);
  if (!src) return `<span class="${cls} broken" title="${esc(str(el.alt_text))}">🖼</span>`;
  return `<img class="${cls}" src="${esc(src)}" alt="${esc(str(el.alt_text))}">`;
}

function optionText(o: Json, ctx: BlockContext): string {
  return textObject(o.text, ctx);
}

function options(el: Json): Json[] {
  const groups = Array.isArray(el.option_groups) ? (el.option_groups as Json[]) : [];
  const flat = groups.flatMap((g) => (Array.isArray(g.options) ? (g.options as Json[]) : []));
  return Array.isArray(el.options) ? (el.options as Json[]) : flat;
}

function selectOptions(list: readonly { value: string; label: string }[], selected: readonly string[]): string {
  return list
    .map(
      (o) => `<option value="${esc(o.value)}"${selected.includes(o.value) ? ' selected' : ''}>${esc(o.label)}</option>`,
    )
    .join('');
}

const plainOf = (o: Json) => str((o.text as Json | undefined)?.text);

/** An element inside an actions block or a section's accessory: something to click or pick. */
function interactive(el: Json, blockId: string, ctx: BlockContext): string {
  const base = { action_id: str(el.action_id), block_id: blockId, type: str(el.type) };
  const confirm = el.confirm ? ` data-confirm="${attr(el.confirm)}"` : '';
  switch (el.type) {
    case 'button': {
      const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
      const action = { ...base, value: str(el.value), text: el.text };
      const url = str(el.url) ? ` data-url="${esc(str(el.url))}"` : '';
      return `<button type="button" class="btn${style}" data-action="${attr(action)}"${confirm}${url}>${textObject(el.text, ctx)}</button>`;
    }
    case 'static_select':
    case 'overflow': {
      const opts = options(el).map((o) => ({ value: str(o.value), label: plainOf(o) }));
      const placeholder = el.type === 'overflow' ? '⋯' : plainOf({ text: el.placeholder }) || 'Select';
      return `<select class="pick${el.type === 'overflow' ? ' overflow' : ''}" data-action="${attr(base)}" data-options="${attr(options(el))}"${confirm}><option value="">${esc(placeholder)}</option>${selectOptions(opts, [])}</select>`;
    }
    case 'image':
      return image(el, 'accessory-image');
    default:
      return `<span class="unsupported">${esc(str(el.type))}</span>`;
  }
}

/** An input element in a modal, named by its block and action ids. */
function inputElement(el: Json, blockId: string, ctx: BlockContext): string {
  const ids = `data-block="${esc(blockId)}" data-action-id="${esc(str(el.action_id))}" data-type="${esc(str(el.type))}"`;
  const placeholder = esc(plainOf({ text: el.placeholder }));
  const initial = (key: string) => str((el[key] as Json | undefined)?.value);
  const initialList = (key: string) =>
    Array.isArray(el[key]) ? (el[key] as Json[]).map((o) => str(o.value)) : [initial(key)].filter(Boolean);
  switch (el.type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input': {
      const max = typeof el.max_length === 'number' ? ` maxlength="${el.max_length}"` : '';
      const value = esc(str(el.initial_value));
      if (el.multiline) return `<textarea ${ids} placeholder="${placeholder}"${max} rows="5">${value}</textarea>`;
      const kind = el.type === 'number_input' ? 'number' : el.type === 'email_text_input' ? 'email' : 'text';
      return `<input ${ids} type="${kind}" placeholder="${placeholder}" value="${value}"${max}>`;
    }
    case 'static_select':
    case 'multi_static_select': {
      const opts = options(el).map((o) => ({ value: str(o.value), label: plainOf(o) }));
      const multi = el.type === 'multi_static_select';
      const chosen = multi ? initialList('initial_options') : [initial('initial_option')];
      return `<select ${ids} data-options="${attr(options(el))}"${multi ? ' multiple' : ''}>${multi ? '' : `<option value="">${placeholder || 'Select an option'}</option>`}${selectOptions(opts, chosen)}</select>`;
    }
    case 'users_select':
    case 'multi_users_select': {
      const multi = el.type === 'multi_users_select';
      const chosen = multi ? ((el.initial_users as string[] | undefined) ?? []) : [str(el.initial_user)];
      const opts = ctx.people.map((p) => ({ value: p.id, label: p.realName }));
      return `<select ${ids}${multi ? ' multiple' : ''}>${multi ? '' : `<option value="">${placeholder || 'Select a person'}</option>`}${selectOptions(opts, chosen)}</select>`;
    }
    case 'conversations_select':
    case 'channels_select': {
      const opts = ctx.channels.map((c) => ({ value: c.id, label: `#${c.name}` }));
      const chosen = [str(el.initial_conversation ?? el.initial_channel)];
      return `<select ${ids}><option value="">${placeholder || 'Select a channel'}</option>${selectOptions(opts, chosen)}</select>`;
    }
    case 'checkboxes':
    case 'radio_buttons': {
      const kind = el.type === 'checkboxes' ? 'checkbox' : 'radio';
      const chosen = kind === 'checkbox' ? initialList('initial_options') : [initial('initial_option')];
      const name = esc(`${blockId}/${str(el.action_id)}`);
      return `<div class="choices" ${ids} data-options="${attr(options(el))}">${options(el)
        .map(
          (o) =>
            `<label class="choice"><input type="${kind}" name="${name}" value="${esc(str(o.value))}"${chosen.includes(str(o.value)) ? ' checked' : ''}> <span>${optionText(o, ctx)}${o.description ? `<small>${textObject(o.description, ctx)}</small>` : ''}</span></label>`,
        )
        .join('')}</div>`;
    }
    case 'datepicker':
      return `<input ${ids} type="date" value="${esc(str(el.initial_date))}">`;
    case 'file_input': {
      const accept = Array.isArray(el.filetypes) ? (el.filetypes as string[]).map((t) => `.${t}`).join(',') : '';
      return `<div class="file-drop"><input ${ids} type="file" accept="${esc(accept)}"><span class="file-hint">Drag a file here or choose one${accept ? ` (${esc(accept)})` : ''}</span></div>`;
    }
    default:
      return `<span class="unsupported">Unsupported input: ${esc(str(el.type))}</span>`;
  }
}

function block(b: Json, i: number, ctx: BlockContext): string {
  const blockId = str(b.block_id) || `b${i}`;
  switch (b.type) {
    case 'section': {
      const fields = Array.isArray(b.fields) ? (b.fields as unknown[]) : [];
      const text = b.text ? `<div class="section-text">${textObject(b.text, ctx)}</div>` : '';
      const grid = fields.length
        ? `<div class="fields">${fields.map((f) => `<div class="field">${textObject(f, ctx)}</div>`).join('')}</div>`
        : '';
      const accessory = b.accessory
        ? `<div class="accessory">${interactive(b.accessory as Json, blockId, ctx)}</div>`
        : '';
      return `<div class="block section"><div class="section-body">${text}${grid}</div>${accessory}</div>`;
    }
    case 'header':
      return `<div class="block header">${textObject(b.text, ctx)}</div>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'context': {
      const elements = Array.isArray(b.elements) ? (b.elements as Json[]) : [];
      return `<div class="block context">${elements
        .map((e) => (e.type === 'image' ? image(e, 'context-image') : `<span>${textObject(e, ctx)}</span>`))
        .join('')}</div>`;
    }
    case 'actions': {
      const elements = Array.isArray(b.elements) ? (b.elements as Json[]) : [];
      return `<div class="block actions">${elements.map((e) => interactive(e, blockId, ctx)).join('')}</div>`;
    }
    case 'image': {
      const title = b.title ? `<div class="image-title">${textObject(b.title, ctx)}</div>` : '';
      return `<div class="block image">${title}${image(b, 'block-image')}</div>`;
    }
    case 'input': {
      const error = ctx.errors?.[blockId];
      const optional = b.optional ? ' <span class="optional">(optional)</span>' : '';
      const hint = b.hint ? `<div class="hint">${textObject(b.hint, ctx)}</div>` : '';
      return `<div class="block input${error ? ' has-error' : ''}"><label class="label">${textObject(b.label, ctx)}${optional}</label>${inputElement((b.element as Json) ?? {}, blockId, ctx)}${hint}${error ? `<div class="error">${esc(error)}</div>` : ''}</div>`;
    }
    default:
      return `<div class="block unsupported">This block (${esc(str(b.type))}) is not shown in the playground.</div>`;
  }
}

export function renderBlocks(blocks: unknown, ctx: BlockContext): string {
  if (!Array.isArray(blocks)) return '';
  return blocks.map((b: Json, i) => block(b, i, ctx)).join('');
}
