// Block Kit's limits live with the Slack stand-in; tests check their own payloads against the same copy.
export * from '../../src/playground/block-kit-limits.ts';
