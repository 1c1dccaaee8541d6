// The limits on what people type that are not kept beside the rule they belong to. Every limit, and
// where each is kept, is listed in docs/limits.md; a test per limit checks both sides of its edge.

/** The text after `/migrate`, in characters: past it the command is refused before it is read. */
export const MAX_COMMAND_TEXT = 4000;
/** A reason (rollback, withdraw, reject, skip), in characters; the reject modal's box stops there too. */
export const MAX_REASON = 1000;
/** A platform named in `/migrate new … from <platform> to <platform>`, in characters. */
export const MAX_PLATFORM = 60;
/** People or groups one `/migrate approvers|leads add|remove` names. */
export const MAX_PEOPLE_PER_COMMAND = 20;

/** The sentence for a reason past MAX_REASON, shared by every command that takes one. */
export function reasonTooLong(length: number): string {
  return `takes a reason of at most ${MAX_REASON} characters (this one has ${length})`;
}
