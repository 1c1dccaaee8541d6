// The state of the assessment modal as Slack submits it: a score per criterion and the note.
/** 19/30: parallel batches are viable. */
export const SCORES = {
  coupling: '2',
  teamSize: '3',
  automation: '4',
  riskTolerance: '2',
  timeline: '5',
  dualRunningCost: '3',
};

export function assessValues(scores: Record<string, string | null>, note: string | null = null) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [criterion, score] of Object.entries(scores)) {
    out[criterion] = { score: { type: 'static_select', selected_option: score === null ? null : { value: score } } };
  }
  out.note = { note_input: { type: 'plain_text_input', value: note } };
  return out;
}
