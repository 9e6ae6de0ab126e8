import etag from 'etag';
import type { Response } from 'express';
import type { ClsService } from 'nestjs-cls';

/** Set in the request's context when its answer is kept out of every cache. */
const NO_STORE = 'http.noStore';

/**
 * Keep this answer out of every browser's and proxy's cache: what answers a credential is that person's or system's
 * (the access guard calls this for every request that presents one).
 */
export function markNoStore(res: Response, cls: ClsService): void {
  res.setHeader('Cache-Control', 'no-store');
  cls.set(NO_STORE, true);
}

/**
 * Express's weak ETag, for the answers a cache may keep. An answer marked no-store is never kept, so nothing ever
 * revalidates it with If-None-Match: hashing its whole body for an ETag nobody uses was 2% of the authenticated tender
 * list's CPU (issue 19). Public answers (the Open Contracting data, the public pages) keep theirs, and a 304.
 */
export function etagUnlessNoStore(cls: ClsService): (body: Buffer | string, encoding?: BufferEncoding) => string | undefined {
  return (body, encoding) => {
    if (cls.isActive() && cls.get(NO_STORE)) return undefined;
    return etag(Buffer.isBuffer(body) ? body : Buffer.from(body, encoding), { weak: true });
  };
}
