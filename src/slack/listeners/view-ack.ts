// A modal's ack: field errors keep it open on those fields; no errors closes it.
import type { AckFn, ViewResponseAction } from '@slack/bolt';

export function viewAck(ack: AckFn<void> | AckFn<ViewResponseAction>) {
  return (errors?: Record<string, string>): Promise<void> =>
    errors ? ack({ response_action: 'errors', errors }) : ack();
}
