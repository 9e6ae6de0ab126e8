/** The queue refuses ':' in job ids; outbox ids are UUIDs, generations a number. */
export const jobIdFor = (outboxId: string, generation: number): string => (generation === 0 ? outboxId : `${outboxId}-g${generation}`);
