/**
 * Slots on the verification pages that contexts above evaluation fill (see PageExtensions): the
 * contract's commitments on the commissioner's queue (`commitments`, given the tender and a bid's
 * provider name) and on the provider's outcomes page (given the tender).
 */
export const VERIFICATION_QUEUE_SLOT = 'public-character:queue';
export const VERIFICATION_OUTCOMES_SLOT = 'public-character:outcomes';
