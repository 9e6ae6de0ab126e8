import { HttpStatus } from '@nestjs/common';
import { londonDateTime } from '#kernel';
import { ProblemException } from '#platform';

/** 409 for anything sent to a tender no longer taking bids, with the deadline in London time. */
export const bidsClosed = (deadline: Date | null) =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'deadline-passed',
    'Bids have closed',
    deadline ? `Bids for this tender closed on ${londonDateTime(deadline)}` : 'This tender is not taking bids',
    { submissionDeadline: deadline?.toISOString() ?? null },
  );

/** Whether a tender takes bids at this moment (the database checks again when the row is written). */
export const takingBids = (t: { status: string; submissionDeadline: Date | null }, now = new Date()) =>
  t.status === 'published' && !!t.submissionDeadline && t.submissionDeadline > now;
