import { londonDateTime } from '#kernel';

const STATUS_TAGS: Record<string, { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'grey' },
  published: { text: 'Open for bids', colour: 'green' },
  closed: { text: 'Closed', colour: 'yellow' },
  evaluation: { text: 'In evaluation', colour: 'blue' },
  awarded: { text: 'Awarded', colour: 'purple' },
  no_award: { text: 'No award', colour: 'orange' },
  cancelled: { text: 'Cancelled', colour: 'red' },
};

/** A tender's status as a GOV.UK tag. */
export const statusTag = (status: string) => STATUS_TAGS[status] ?? { text: status, colour: 'grey' };
/** A tender's deadline as pages show it. */
export const deadlineText = (d: Date | string | null) => (d ? londonDateTime(d) : 'Not set');
