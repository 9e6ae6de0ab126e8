import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, uuidParam } from '#platform';
import { FailedJobs, type FailedJobView } from './failed-jobs.service.js';

/**
 * Jobs that used up their attempts. They are kept, not dropped, so an authority
 * admin can see what did not happen (an e-mail that never went) and try again.
 */
@ApiTags('jobs')
@Controller('api/v1/jobs/failed')
export class FailedJobsController {
  constructor(private readonly failed: FailedJobs) {}

  @Get()
  @Access('authority_admin')
  @ApiOperation({ summary: 'Jobs of your authority that failed after their last attempt, newest first' })
  async list(): Promise<{ items: FailedJobView[] }> {
    return { items: await this.failed.list() };
  }

  @Post(':id/retry')
  @HttpCode(204)
  @Access('authority_admin')
  @ApiOperation({ summary: 'Try a failed job again, with a fresh set of attempts' })
  @ApiNoContentResponse({ description: 'Queued again' })
  retry(@Param('id', uuidParam()) id: string): Promise<void> {
    return this.failed.retry(id);
  }
}
