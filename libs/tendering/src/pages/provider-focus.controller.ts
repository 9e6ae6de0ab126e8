import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { WebSession } from '#auth';
import { Access, isUuid, OwnTransactions, type Principal, ContextRunner } from '#platform';

type PageRequest = Request & { principal: Principal };

@ApiExcludeController()
@Controller('dashboard')
export class ProviderFocusController {
  constructor(private readonly runner: ContextRunner) {}

  /**
   * A provider switches the authority it is looking at. Only one it bids to:
   * the interest row must be visible to the provider (RLS) for the id to count.
   */
  @Post('authority')
  @Access('provider')
  @OwnTransactions()
  async focus(@Req() req: PageRequest, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const id = body.authorityId;
    const { web, userId, providerId } = req.principal;
    if (web && isUuid(id)) {
      // Committed before the redirect, so the next page already shows the new authority.
      await this.runner.run({ userId, providerId }, async (em) => {
        const [{ allowed }] = await em.query(`SELECT exists(SELECT 1 FROM tender_interests WHERE tenant_id = $1) AS allowed`, [id]);
        if (allowed) await em.update(WebSession, { id: web.sessionId }, { focusAuthorityId: id });
      });
    }
    res.redirect(303, '/dashboard');
  }
}
