// The evaluation engine: pure (no framework, no database), so the API, the worker and the offline CLI compute alike.
export * from './canonical-json.js';
export * from './discounting.js';
export * from './engine.js';
export * from './sensitivity.js';
export * from './bundle-schema.js';
