import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bid's receipt kept as the exact text its hash was taken of (issue 17, item 4), so the provider can see and
 * download what it sent, byte for byte, and check it with any sha256 tool. The database holds the text to its
 * hash: a row whose text does not hash to its receipt cannot be written. Versions sent before this keep a null
 * text; the service rebuilds theirs from the stored parts and offers it only if it hashes to the receipt.
 * The table stays append-only (its trigger refuses updates), so the text is set once, as the bid arrives.
 */
export class BidReceiptContent1795870000000 implements MigrationInterface {
  name = 'BidReceiptContent1795870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE bid_submissions ADD COLUMN content text;
      ALTER TABLE bid_submissions ADD CONSTRAINT bid_submissions_content_is_the_receipt
        CHECK (content IS NULL OR encode(sha256(convert_to(content, 'UTF8')), 'hex') = content_hash);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bid_submissions DROP COLUMN content`);
  }
}
