import { Body, Controller, Get, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, ALL_ROLES, isUuid, OwnTransactions, type Principal, TransactionRunner } from '#platform';
import { PageInterceptor } from '../rendering/page.interceptor.js';
import { DashboardService } from './dashboard.service.js';

type PageRequest = Request & { principal: Principal };

@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly runner: TransactionRunner,
  ) {}

  @Get()
  @Access(...ALL_ROLES)
  @Render('dashboard/index')
  @UseInterceptors(PageInterceptor)
  async show(@Req() req: PageRequest) {
    return { title: 'Dashboard', sections: await this.dashboards.sections(req.principal) };
  }

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
        if (allowed) await em.query(`UPDATE web_sessions SET focus_authority_id = $2 WHERE id = $1`, [web.sessionId, id]);
      });
    }
    res.redirect(303, '/dashboard');
  }
}
