import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AuditLog, notFound, RequestDb, uuidParam } from '#platform';
import { OutboxMessage } from '../outbox/outbox-message.entity.js';

export interface FailedJobView {
  id: string;
  topic: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string | null;
}

/**
 * Jobs that used up their attempts. They are kept, not dropped, so an authority
 * admin can see what did not happen (an e-mail that never went) and try again.
 */
@ApiTags('jobs')
@Controller('api/v1/jobs/failed')
export class FailedJobsController {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @Access('authority_admin')
  @ApiOperation({ summary: 'Jobs of your authority that failed after their last attempt, newest first' })
  async list(): Promise<{ items: FailedJobView[] }> {
    const rows = await this.db.manager.find(OutboxMessage, {
      where: { status: 'failed' },
      order: { failedAt: 'DESC' },
      take: 200,
    });
    return {
      items: rows.map((m) => ({
        id: m.id,
        topic: m.topic,
        attempts: m.attempts,
        lastError: m.lastError,
        createdAt: m.createdAt.toISOString(),
        failedAt: m.failedAt?.toISOString() ?? null,
      })),
    };
  }

  @Post(':id/retry')
  @HttpCode(204)
  @Access('authority_admin')
  @ApiOperation({ summary: 'Try a failed job again, with a fresh set of attempts' })
  @ApiNoContentResponse({ description: 'Queued again' })
  async retry(@Param('id', uuidParam()) id: string): Promise<void> {
    // A CTE, so both drivers (pg, PGlite) return the rows the same way.
    const rows: { topic: string }[] = await this.db.manager.query(
      `WITH m AS (UPDATE outbox_messages SET status = 'pending', generation = generation + 1, attempts = 0,
         failed_at = NULL, dispatched_at = NULL WHERE id = $1 AND status = 'failed' RETURNING topic)
       SELECT topic FROM m`,
      [id],
    );
    if (!rows.length) throw notFound('Failed job');
    await this.audit.record({ action: 'job.retried', entityType: 'outbox_message', entityId: id, data: { topic: rows[0].topic } });
  }
}
