import type { TenderStatus } from '../tenders/tender.entity.js';

/** The tender lifecycle (docs/domain.md section 4). Anything not listed is refused. */
export const TRANSITIONS: Readonly<Record<TenderStatus, readonly TenderStatus[]>> = {
  draft: ['published', 'cancelled'],
  published: ['closed', 'cancelled'],
  closed: ['evaluation', 'cancelled'],
  evaluation: ['awarded', 'no_award', 'cancelled'],
  awarded: [],
  no_award: [],
  cancelled: [],
};

export const canTransition = (from: TenderStatus, to: TenderStatus): boolean => TRANSITIONS[from].includes(to);

/** Awarded, ended without award or cancelled: nothing more happens to it. */
export const isDecided = (status: TenderStatus): boolean => TRANSITIONS[status].length === 0;

/** A tender is out once published, until it is cancelled: its cycle is then procuring. */
export const PROCURING: readonly TenderStatus[] = ['published', 'closed', 'evaluation', 'awarded', 'no_award'];
