// Every action_id, block_id and callback_id in one place, named by intent. Subjects travel in
// `value` or `private_metadata`, never in the id.

export const CALLBACK = {
  assess: 'assess_submit',
  importGraph: 'import_submit',
  rejectCutover: 'reject_cutover_submit',
  rollbackService: 'rollback_service_submit',
  approveOverride: 'approve_override_submit',
} as const;

export const ACTION = {
  confirm: 'confirm_pending',
  cancel: 'cancel_pending',
  approveCutover: 'approve_cutover',
  rejectCutover: 'reject_cutover',
  confirmSwitched: 'confirm_switched',
  rollbackService: 'rollback_service',
  confirmDone: 'confirm_done',
  approveOverride: 'approve_override',
  acknowledgeHealthAlert: 'acknowledge_health_alert',
  runbookStep: 'runbook_step',
  addHiddenDependencies: 'add_hidden_dependencies',
  switchStrategy: 'switch_strategy',
  homeOpenStatus: 'home_open_status',
  homeOpenPlan: 'home_open_plan',
} as const;

/** Inputs of the assess modal: block_id is the criterion, action_id the element. */
export const ASSESS = {
  scoreAction: 'score',
  noteBlock: 'note',
  noteAction: 'note_input',
} as const;

export const IMPORT = {
  pasteBlock: 'import_paste',
  pasteAction: 'paste_input',
  fileBlock: 'import_file',
  fileAction: 'file_input',
  formatBlock: 'import_format',
  formatAction: 'format_select',
} as const;

export const REJECT = {
  reasonBlock: 'reject_reason',
  reasonAction: 'reason_input',
} as const;
