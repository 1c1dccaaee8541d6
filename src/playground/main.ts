// `npm run playground`: the bot and a stand-in Slack on this machine, with a page to drive them.
// PLAYGROUND_PORT (default 3000) chooses the page's port.
import { runPlayground } from './run.ts';

await runPlayground({ port: Number(process.env.PLAYGROUND_PORT || 3000), intro: 'starting the local playground' });
