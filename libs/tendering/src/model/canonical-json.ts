/** The content hash lives with the evaluation engine (a pure library), which digests its inputs the same way. */
export { canonicalJson, contentHash } from '#evaluation';
