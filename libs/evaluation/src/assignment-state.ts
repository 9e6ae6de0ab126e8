/** Where an evaluator's assignment stands, in the words their dashboard uses: withdrawn, conflicted, done, or what to do next. */
export function assignmentState(a: { withdrawnAt: Date | null; declaration: string | null; submittedAt: Date | null }): string {
  if (a.withdrawnAt) return 'Withdrawn';
  if (a.declaration === 'conflict') return 'Conflict declared';
  if (a.submittedAt) return 'Submitted';
  return a.declaration ? 'To mark' : 'Declare conflicts first';
}
