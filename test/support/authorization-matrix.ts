import type { TestApp } from './test-app.js';

/** Who is calling, for one cell of the matrix. */
export interface Caller {
  name: string;
  roles: string[];
  headers: Record<string, string>;
}

export interface MatrixRequest {
  path: string;
  body?: object;
  /** Sent as the multipart field `file` instead of a JSON body. */
  file?: { name: string; bytes: Buffer; fields?: Record<string, string> };
  /** Sent as a body of this content type (a CSV import, say) instead of JSON. */
  text?: { type: string; body: string };
}

/**
 * How to exercise one route in the authorization matrix. Every route in the
 * OpenAPI document must have an entry (the matrix test fails otherwise), so a
 * new route cannot ship without saying who may call it and proving it.
 */
export interface RouteFixture {
  /**
   * A valid request against the caller's own authority (northmere). `allowed` says whether this caller
   * may call the route: a fixture for a step that can be taken only once need be fresh only then.
   */
  own(ctx: MatrixContext, allowed?: boolean): Promise<MatrixRequest>;
  /** The same request aimed at another authority's record (southvale): allowed callers must get 404. */
  foreign?(ctx: MatrixContext): Promise<MatrixRequest>;
  /** Status for an allowed caller. */
  success: number;
  /** Where the answer depends on who the caller is (not just whether they may call): the status per caller. */
  successFor?(caller: Caller): number;
}

export interface MatrixContext {
  t: TestApp;
  /** Bearer tokens of demo users by e-mail, signed in once. */
  token(email: string, authority?: string): Promise<string>;
  /** A counter for unique values (slugs, names). */
  next(): number;
}
