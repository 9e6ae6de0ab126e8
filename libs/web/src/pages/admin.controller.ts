import { Controller, Get, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FailedJobs } from '#jobs';
import { SentEmails } from '#notifications';
import {
  Access,
  isUuid,
  MalwareDetection,
  type UploadPurpose,
  OwnTransactions,
  type Principal,
  ContextRunner,
  RequestDb,
  StoredDocumentScans,
  UploadScreening,
  uuidParam,
} from '#platform';
import { londonDateTime } from '#kernel';
import { PageInterceptor } from '../rendering/page.interceptor.js';

/** What an upload was for, in words. */
const PURPOSE: Record<UploadPurpose, string> = {
  'tender document': 'A tender document',
  'bid document': 'A bid document',
  evidence: 'Public character evidence',
  'social value catalogue': 'A social value catalogue',
};

/** What an upload was for, guessed from where it was sent: for detections recorded before routes said. */
function sentTo(path: string): string {
  if (/\/bids?\/|\/bid-documents/.test(path)) return 'A bid document';
  if (/evidence|self-assessment/.test(path)) return 'Public character evidence';
  if (/catalogue/.test(path)) return 'A social value catalogue';
  if (/documents/.test(path)) return 'A tender document';
  return path;
}

/** The authority admin's view of what the service sent, and of what it could not, and of the uploads it refused. */
@ApiExcludeController()
@Controller('admin')
export class AdminController {
  constructor(
    private readonly emails: SentEmails,
    private readonly failed: FailedJobs,
    private readonly runner: ContextRunner,
    private readonly db: RequestDb,
    private readonly screening: UploadScreening,
    private readonly scans: StoredDocumentScans,
  ) {}

  /**
   * Whether uploads are scanned, and what the scanner caught: an authority's admin sees its staff's uploads (a
   * provider's are the provider's own, so a refused bid document never says who is bidding); a provider's people
   * see their own organisation's (its bid documents and evidence); the platform operator sees every one, to spot an
   * attack across authorities. Row-level security decides which rows each reads.
   */
  @Get('malware')
  @Access('authority_admin', 'platform_operator', 'provider')
  @Render('admin/malware')
  @UseInterceptors(PageInterceptor)
  async malware(@Req() req: Request & { principal: Principal }) {
    const caught = await this.db.manager.find(MalwareDetection, { order: { detectedAt: 'DESC' }, take: 200 });
    const forProvider = Boolean(req.principal.providerId);
    // The owner's documents stored before scanning was turned on and not scanned yet (the operator reads no documents).
    const waiting =
      this.screening.scannerAt && req.principal.roles.some((r) => r !== 'platform_operator')
        ? await this.scans.waiting(forProvider ? 'provider' : 'authority')
        : 0;
    return {
      title: 'Malware scanning',
      forProvider,
      scannerAt: this.screening.scannerAt,
      waiting,
      caught: caught.map((d) => ({
        detectedAt: londonDateTime(d.detectedAt),
        fileName: d.fileName,
        signature: d.signature,
        sha256: d.sha256,
        sentTo: d.purpose ? PURPOSE[d.purpose] : sentTo(d.path),
        stored: d.documentId !== null,
        by: forProvider ? 'your organisation' : d.providerId ? 'A provider' : 'Your staff',
      })),
    };
  }

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
