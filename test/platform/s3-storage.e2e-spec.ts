import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import S3rver from 's3rver';
import { binary } from '../support/fixtures.js';
import { evidenceDocument } from '../support/public-character-routes.js';
import { describeWith } from '../support/services.js';
import { login, startTestApp, tenderIdByReference, type TestApp } from '../support/test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const BUCKET = 'commonweal-documents';

/**
 * Issue 20, item 3: documents in an S3 bucket rather than on one machine's disk, so that two API processes
 * serve the same ones. The bucket is a real S3-compatible server (s3rver, speaking S3's REST API over HTTP
 * with signature checks) started here; the two APIs share one database and nothing else.
 */
describeWith('DATABASE_URL', 'two APIs on one database, as two replicas are')('documents in an S3 bucket, served by either of two APIs', () => {
  let s3: S3rver;
  let a: TestApp;
  let b: TestApp;
  let local: string;
  const bucketDir = mkdtempSync(join(tmpdir(), 'commonweal-s3-'));
  let endpoint: string;

  beforeAll(async () => {
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: bucketDir,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port } = (await s3.run()) as { port: number };
    endpoint = `http://127.0.0.1:${port}`;
    // The SDK's own credential chain, as a deployment would set it (s3rver's fixed test key).
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    local = mkdtempSync(join(tmpdir(), 'commonweal-not-used-'));
    const env = {
      DOCUMENTS_S3_BUCKET: BUCKET,
      DOCUMENTS_S3_ENDPOINT: endpoint,
      DOCUMENTS_S3_FORCE_PATH_STYLE: 'true',
      DOCUMENTS_DIR: local,
      LOGIN_RATE_LIMIT: '1000',
    };
    a = await startTestApp({ env });
    b = await startTestApp({ database: a.db, seed: false, env });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await s3?.close();
    for (const dir of [bucketDir, local]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a tender document in the bucket, served byte for byte by the other API, and nothing on local disk', async () => {
    const tender = await tenderIdByReference(a, 'NCC-2026-014');
    const up = await a.http
      .post(`/api/v1/tenders/${tender}/documents`)
      .set({ authorization: `Bearer ${await login(a, 'commissioner@northmere.test')}` })
      .attach('file', PDF, 'Specification.pdf');
    expect(up.status).toBe(201);
    const got = await b.http.get(`/api/v1/public/tenders/${tender}/documents/${up.body.id}`).buffer(true).parse(binary);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);

    // The object is where the configuration says, under the prefix and the document's id.
    const client = new S3Client({ region: 'eu-west-2', endpoint, forcePathStyle: true });
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `documents/${up.body.id}` }));
    expect(Buffer.compare(Buffer.from(await object.Body!.transformToByteArray()), PDF)).toBe(0);
    client.destroy();
    expect(readdirSync(local)).toEqual([]);
  });

  it('serves a provider’s evidence document from either API', async () => {
    const evidence = await evidenceDocument(a, 'bids@meadow.test');
    expect(evidence.document.sha256).toMatch(/^[0-9a-f]{64}$/);
    const token = await login(b, 'bids@meadow.test');
    const got = await b.http
      .get(`/api/v1/provider/evidence/${evidence.id}/document`)
      .set({ authorization: `Bearer ${token}` })
      .buffer(true)
      .parse(binary);
    expect(got.status).toBe(200);
    expect(got.body.length).toBe(evidence.document.sizeBytes);
  });
});
