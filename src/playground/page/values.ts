/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Reads a modal's inputs back into Slack's view.state.values: { block_id: { action_id: value } },
// each value shaped as Slack reports that element type.

type Json = Record<string, unknown>;
type Values = Record<string, Record<string, unknown>>;

/** Files attached in file inputs, by "viewId/block/action", as the upload endpoint returned them. */
export const attachedFiles = new Map<string, Json>();

function optionsOf(el: HTMLElement): Json[] {
  return el.dataset.options ? (JSON.parse(el.dataset.options) as Json[]) : [];
}

function option(el: HTMLElement, value: string): Json | null {
  return optionsOf(el).find((o) => o.value === value) ?? null;
}

function elementValue(el: HTMLElement, type: string, key: string): unknown {
  const input = el as HTMLInputElement;
  const select = el as HTMLSelectElement;
  const chosen = () => (el instanceof HTMLSelectElement ? [...select.selectedOptions].map((o) => o.value) : []);
  const checked = () => [...el.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
  switch (type) {
    case 'static_select':
      return { type, selected_option: option(el, select.value) };
    case 'multi_static_select':
      return {
        type,
        selected_options: chosen()
          .map((v) => option(el, v))
          .filter(Boolean),
      };
    case 'users_select':
      return { type, selected_user: select.value || null };
    case 'multi_users_select':
      return { type, selected_users: chosen() };
    case 'conversations_select':
      return { type, selected_conversation: select.value || null };
    case 'channels_select':
      return { type, selected_channel: select.value || null };
    case 'checkboxes':
      return {
        type,
        selected_options: checked()
          .map((v) => option(el, v))
          .filter(Boolean),
      };
    case 'radio_buttons':
      return { type, selected_option: checked()[0] ? option(el, checked()[0] ?? '') : null };
    case 'datepicker':
      return { type, selected_date: input.value || null };
    case 'file_input': {
      const file = attachedFiles.get(key);
      return { type, files: file ? [file] : [] };
    }
    default:
      return { type, value: input.value === '' ? null : input.value };
  }
}

export function inputKey(viewId: string, el: HTMLElement): string {
  return `${viewId}/${el.dataset.block ?? ''}/${el.dataset.actionId ?? ''}`;
}

export function collectValues(root: HTMLElement, viewId: string): Values {
  const values: Values = {};
  for (const el of root.querySelectorAll<HTMLElement>('[data-block][data-action-id]')) {
    const block = el.dataset.block ?? '';
    const action = el.dataset.actionId ?? '';
    values[block] ??= {};
    values[block][action] = elementValue(el, el.dataset.type ?? '', inputKey(viewId, el));
  }
  return values;
}
