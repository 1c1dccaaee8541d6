// The realistic migration the golden transcript records and `npm run demo` plays on the page: the
// examples graph moved from RabbitMQ to Kafka by the sample people (people.ts). One list, so what
// the test checks and what a newcomer watches never drift apart. Steps are what a person does in
// Slack; play.ts carries them out through the page's actions, signed, through the real receiver.
import type { Jump } from './clock.ts';

/** The sample people by their handle (people.ts). */
export type PersonName = 'lena' | 'omar' | 'sofia' | 'ada' | 'ben' | 'stella';

/**
 * What to put in one input of a modal, found by its label: a text, an option's label, or a file to
 * attach (read from the checkout, or given as `content`).
 */
export type Answer = string | { readonly file: string; readonly content?: string };

export type Step =
  | { readonly as: PersonName; readonly command: string }
  /** Clicks the button labelled `click` on the latest message (visible to them) whose text contains `on`. */
  | { readonly as: PersonName; readonly click: string; readonly on: string }
  /** Submits the modal on top of their screen; inputs not named keep what the modal offers (a select's first option). */
  | { readonly as: PersonName; readonly submit: Readonly<Record<string, Answer>> }
  /** Moves the bot's clock as the page's time-travel control does, and runs the tick. */
  | { readonly travel: Jump; readonly why: string };

export const SHOP_MIGRATION: readonly Step[] = [
  { as: 'lena', command: '/migrate assess' },
  {
    as: 'lena',
    submit: {
      'Service coupling': '3',
      'Team size': '4',
      'Automation maturity': '3',
      'Risk tolerance': '2',
      'Timeline pressure': '3',
      'Dual-running cost': '3',
      Context: '31 services, RabbitMQ to Kafka, before the peak season',
    },
  },
  { as: 'lena', command: '/migrate new "Shop to Kafka" from RabbitMQ to Kafka' },
  { as: 'lena', command: '/migrate approvers add <@U0ADA|ada> <@U0BEN|ben>' },
  { as: 'lena', command: '/migrate set approvals-default 2' },
  { as: 'lena', command: '/migrate import' },
  { as: 'lena', submit: { 'Or attach a file': { file: 'examples/shop-graph.yaml' } } },
  { as: 'lena', command: '/migrate plan' },
  { as: 'lena', command: '/migrate start storefront-web' },
  { as: 'lena', command: '/migrate cutover storefront-web' },
  { as: 'lena', click: 'Confirm', on: 'storefront-web' },
  { as: 'ada', click: 'Approve', on: 'storefront-web' },
  { as: 'ben', click: 'Approve', on: 'storefront-web' },
  { as: 'lena', command: '/migrate switched storefront-web' },
  { travel: '48h', why: 'past the monitoring window' },
  { as: 'lena', command: '/migrate done storefront-web' },
  { as: 'lena', command: '/migrate start mobile-bff' },
  { as: 'lena', command: '/migrate rollback mobile-bff consumer lag doubled on the new cluster' },
  { travel: 'monday', why: "Monday morning's digest, with its burn-up chart" },
  { as: 'lena', command: '/migrate log' },
  { as: 'omar', command: '/migrate service storefront-web' },
  { as: 'stella', command: '/migrate status' },
];
