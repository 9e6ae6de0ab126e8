import { Controller, Get, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FailedJobs } from '#jobs';
import { SentEmails } from '#notifications';
import { Access, isUuid, OwnTransactions, type Principal, ContextRunner, uuidParam } from '#platform';
import { londonDateTime } from '#kernel';
import { PageInterceptor } from '../rendering/page.interceptor.js';

/** The authority admin's view of what the service sent, and of what it could not. */
@ApiExcludeController()
@Controller('admin')
export class AdminController {
  constructor(
    private readonly emails: SentEmails,
    private readonly failed: FailedJobs,
    private readonly runner: ContextRunner,
  ) {}

  @Get('emails')
  @Access('authority_admin')
  @Render('admin/emails')
  @UseInterceptors(PageInterceptor)
  async emailList(@Query('after') after?: string) {
    const page = await this.emails.page(50, isUuid(after) ? after : undefined);
    return {
      title: 'E-mails sent',
      emails: page.items.map((d) => ({ id: d.id, to: d.toAddress, subject: d.subject, sentAt: londonDateTime(d.sentAt) })),
      next: page.next,
    };
  }

  @Get('emails/:id')
  @Access('authority_admin')
  @Render('admin/email')
  @UseInterceptors(PageInterceptor)
  async email(@Param('id', uuidParam()) id: string) {
    const d = await this.emails.one(id);
    return {
      title: d.subject,
      email: {
        to: d.toAddress,
        subject: d.subject,
        sentAt: londonDateTime(d.sentAt),
        messageId: d.messageId,
        transport: d.transport === 'smtp' ? 'Mail server (SMTP)' : `Mail folder, file ${d.fileName}`,
        text: d.textBody,
      },
    };
  }

  @Get('jobs')
  @Access('authority_admin')
  @Render('admin/jobs')
  @UseInterceptors(PageInterceptor)
  async jobs(@Query('retried') retried?: string) {
    const jobs = await this.failed.list();
    return {
      title: 'Failed jobs',
      retried: retried === '1',
      jobs: jobs.map((j) => ({ ...j, failedAt: j.failedAt ? londonDateTime(j.failedAt) : 'Not recorded', lastError: j.lastError ?? 'No error recorded' })),
    };
  }

  @Post('jobs/:id/retry')
  @Access('authority_admin')
  @OwnTransactions()
  async retry(@Req() req: Request & { principal: Principal }, @Param('id', uuidParam()) id: string, @Res() res: Response) {
    // Its own committed transaction, so the page it redirects to shows the job gone from the list.
    await this.runner.run({ tenantId: req.principal.tenantId, userId: req.principal.userId }, (em) => this.failed.retryWith(em, id));
    res.redirect(303, '/admin/jobs?retried=1');
  }
}
