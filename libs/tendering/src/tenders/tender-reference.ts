/** A tender's reference, the authority's own (NCC-2027-001): up to 60 letters, digits and / . _ -, starting with a letter or digit. */
export const TENDER_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/._-]{0,59}$/;
