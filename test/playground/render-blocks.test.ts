import { describe, expect, it } from 'vitest';
import { type BlockContext, renderBlocks } from '../../src/playground/page/blocks.ts';

const ctx: BlockContext = {
  userName: () => undefined,
  channelName: () => undefined,
  groupHandle: () => undefined,
  timeZone: 'UTC',
  now: new Date('2026-11-25T10:00:00Z'),
  people: [{ id: 'U0ADA', realName: 'Ada Adeyemi' }],
  channels: [{ id: 'C0MIG', name: 'shop-migration' }],
};
const render = (blocks: unknown[], extra: Partial<BlockContext> = {}) => renderBlocks(blocks, { ...ctx, ...extra });
const md = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });

describe('Block Kit rendering', () => {
  it('renders header, section text and fields, context, divider and images', () => {
    const html = render([
      { type: 'header', text: plain('Plan <1>') },
      { type: 'section', text: md('*api*'), fields: [md('*Tier*\n1'), md('owner')] },
      { type: 'context', elements: [md('_note_'), { type: 'image', image_url: 'https://x/i.png', alt_text: 'i' }] },
      { type: 'divider' },
      { type: 'image', image_url: '/api/files/F1', alt_text: 'chart', title: plain('Burn-up') },
    ]);
    expect(html).toContain('<div class="block header">Plan &lt;1&gt;</div>');
    expect(html).toContain('<div class="section-text"><b>api</b></div>');
    expect(html).toContain('<div class="field"><b>Tier</b><br>1</div>');
    expect(html).toContain('<span><i>note</i></span><img class="context-image" src="https://x/i.png" alt="i">');
    expect(html).toContain('<hr class="block divider">');
    expect(html).toContain(
      '<div class="image-title">Burn-up</div><img class="block-image" src="/api/files/F1" alt="chart">',
    );
  });

  it('refuses image URLs that are not http(s) or the playground files', () => {
    const html = render([{ type: 'image', image_url: 'javascript:alert(1)', alt_text: 'x' }]);
    expect(html).not.toContain('javascript:');
  });

  it('carries a button action and its confirm dialog as escaped JSON', () => {
    const confirm = { title: plain('Sure?'), text: md('Approve "api"'), confirm: plain('Approve'), deny: plain('No') };
    const html = render([
      {
        type: 'actions',
        block_id: 'req',
        elements: [
          { type: 'button', action_id: 'approve', value: '7', style: 'primary', text: plain('Approve'), confirm },
        ],
      },
    ]);
    const action = /data-action="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(JSON.parse(action.replace(/&quot;/g, '"'))).toMatchObject({
      action_id: 'approve',
      block_id: 'req',
      value: '7',
    });
    expect(html).toContain('class="btn primary"');
    const dialog = /data-confirm="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(JSON.parse(dialog.replace(/&quot;/g, '"'))).toEqual(confirm);
  });

  it('renders inputs with their ids, optional marks, initial values and errors', () => {
    const options = [
      { text: plain('One'), value: '1' },
      { text: plain('Two'), value: '2' },
    ];
    const html = render(
      [
        {
          type: 'input',
          block_id: 'note',
          optional: true,
          label: plain('Note'),
          element: { type: 'plain_text_input', action_id: 'n', multiline: true, initial_value: '<x>' },
        },
        {
          type: 'input',
          block_id: 'score',
          label: plain('Score'),
          element: { type: 'static_select', action_id: 's', options, initial_option: options[1] },
        },
        {
          type: 'input',
          block_id: 'many',
          label: plain('Many'),
          element: { type: 'multi_static_select', action_id: 'm', options },
        },
        {
          type: 'input',
          block_id: 'check',
          label: plain('Check'),
          element: { type: 'checkboxes', action_id: 'c', options, initial_options: [options[0]] },
        },
        {
          type: 'input',
          block_id: 'radio',
          label: plain('Radio'),
          element: { type: 'radio_buttons', action_id: 'r', options },
        },
        { type: 'input', block_id: 'who', label: plain('Who'), element: { type: 'users_select', action_id: 'u' } },
        {
          type: 'input',
          block_id: 'file',
          label: plain('File'),
          element: { type: 'file_input', action_id: 'f', filetypes: ['yaml', 'csv'] },
        },
      ],
      { errors: { score: 'Pick a score' } },
    );
    expect(html).toContain('(optional)');
    expect(html).toContain('data-block="note" data-action-id="n" data-type="plain_text_input"');
    expect(html).toContain('rows="5">&lt;x&gt;</textarea>');
    expect(html).toContain('<option value="2" selected>Two</option>');
    expect(html).toContain('data-type="multi_static_select" data-options=');
    expect(html).toMatch(/<select [^>]*data-type="multi_static_select"[^>]* multiple>/);
    expect(html).toContain('type="checkbox" name="check/c" value="1" checked');
    expect(html).toContain('type="radio" name="radio/r" value="1">');
    expect(html).toContain('<option value="U0ADA">Ada Adeyemi</option>');
    expect(html).toContain('type="file" accept=".yaml,.csv"');
    expect(html).toContain('<div class="block input has-error">');
    expect(html).toContain('<div class="error">Pick a score</div>');
  });

  it('says which block it does not show instead of dropping it', () => {
    expect(render([{ type: 'video' }])).toContain('This block (video) is not shown');
  });
});
