import { setFlagsFromString } from 'node:v8';

// Imported first by main.ts, so it runs before any other module allocates: a flag V8 cannot take from NODE_OPTIONS.
//
// V8 "pretenures" an allocation site (allocates its objects straight into the old generation) once it sees most of
// them survive a young collection. Under load that happens to pg's row parser: the young collections are triggered by
// allocation, so they fall while a batch of rows has just been parsed and is all still alive. From then on every row,
// field string and timestamp of every query goes to the old generation and dies only in a full mark-compact: one
// every 0.7 s under bench:api, and each one stalls every request in flight (the slow requests came in bursts, one per
// mark-compact). Whether V8 made that decision varied from start to start, so the same build measured 1,100 or 1,800
// lists/s. Without pretenuring the rows die young, where they belong (issue 19; docs/operations.md).
setFlagsFromString('--no-allocation-site-pretenuring');
