// The end-to-end tests' fake Slack Web API is the playground's stand-in, so both exercise one copy.
export {
  type ApiCall,
  BOT,
  FakeSlack,
  type Fault,
  type FaultRule,
  type Response,
} from '../../src/playground/slack-api.ts';
