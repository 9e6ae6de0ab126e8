import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Contracts } from '#contracts';
import { Access, OwnTransactions, type Principal, uuidParam } from '#platform';
import { type FieldError, formAction, formAs, type FormFields, formText, PageInterceptor, PageRenderer, PageWork } from '#web';
import { classification } from '../core/classifications.js';
import { CostEntryDto, ReversalDto } from '../ledger/cost-entry.dto.js';
import { Ledgers } from '../ledger/ledgers.service.js';
import { Portfolio } from '../portfolio/portfolio.service.js';
import { COST_READERS, COST_RECORDERS } from '../cost-roles.js';
import { CostPages } from './cost-pages.service.js';

type PageRequest = Request & { principal: Principal };
const NOTICES: Record<string, string> = {
  recorded: 'The cost is recorded in the ledger.',
  reversed: 'The entry is reversed, with your reason. Both stay in the ledger.',
};
const ENTRY_FIELDS = ['occurredOn', 'amount', 'bearer', 'type', 'classification', 'hours', 'hourlyRate', 'description'];

/**
 * The whole-life cost pages (issue 15, item 8): the auditor's portfolio, and each contract's whole-life
 * cost, where contract managers and auditors record a cost or reverse one; commissioners and scrutiny
 * members read. The same services as the API; a refusal comes back at its form.
 */
@ApiExcludeController()
@Controller()
export class CostPagesController {
  constructor(
    private readonly pages: CostPages,
    private readonly portfolio: Portfolio,
    private readonly contracts: Contracts,
    private readonly ledgers: Ledgers,
    private readonly work: PageWork,
    private readonly renderer: PageRenderer,
  ) {}

  @Get('costs')
  @Access(...COST_READERS)
  @Render('costs/portfolio')
  @UseInterceptors(PageInterceptor)
  portfolioPage(
    @Query('serviceCategory') serviceCategory?: string,
    @Query('paymentMechanism') paymentMechanism?: string,
    @Query('provider') provider?: string,
  ) {
    return this.pages.portfolioPage({ serviceCategory, paymentMechanism, provider });
  }

  @Get('costs/portfolio.csv')
  @Access(...COST_READERS)
  portfolioCsv(@Query('serviceCategory') serviceCategory?: string, @Query('paymentMechanism') paymentMechanism?: string, @Query('provider') provider?: string) {
    const ok = (s: string | undefined, re: RegExp) => (s && re.test(s) ? s : undefined);
    return this.portfolio.export({
      serviceCategory: ok(serviceCategory, /^[a-z0-9][a-z0-9-]{0,59}$/),
      paymentMechanism: ok(paymentMechanism, /^(fixed_fee|fixed_fee_plus_outcomes|payment_by_results|grant)$/),
      providerId: ok(provider, /^[0-9a-f-]{36}$/i),
    });
  }

  @Get('contracts/:id/costs')
  @Access(...COST_READERS)
  @Render('costs/contract')
  @UseInterceptors(PageInterceptor)
  contract(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    const done = Object.keys(NOTICES).find((k) => (req.query as Record<string, string>)[k] === '1');
    return this.pages.contract(req.principal, id, {}, [], done ? NOTICES[done] : null);
  }

  @Get('contracts/:id/costs.csv')
  @Access(...COST_READERS)
  async ledgerCsv(@Param('id', uuidParam()) id: string) {
    const c = await this.contracts.find(id);
    return this.ledgers.export({ contractId: c.id }, c.reference);
  }

  @Post('contracts/:id/costs/entries')
  @Access(...COST_RECORDERS)
  @OwnTransactions()
  record(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    const place = (e: FieldError) => {
      const field = ENTRY_FIELDS.includes(e.field) ? `entry-${e.field}` : e.field === 'phase' ? 'entry-classification' : 'entry-form';
      return { ...e, field, href: `#${field}` };
    };
    return this.act(req, res, id, form, place, async () => {
      const f = (k: string) => formText(form[`entry-${k}`]);
      const code = f('classification');
      const staff = f('type') === 'staff_time';
      const dto = await formAs(
        CostEntryDto,
        {
          occurredOn: f('occurredOn'),
          amount: f('amount').replace(/[£,\s]/g, ''),
          bearer: f('bearer'),
          type: f('type'),
          // The phase is the classification's own.
          phase: classification(code)?.phase ?? '',
          classification: code,
          hours: staff ? f('hours') : null,
          hourlyRate: staff ? f('hourlyRate').replace(/[£,\s]/g, '') : null,
          description: f('description'),
        },
        { occurredOn: 'Enter the day the cost was incurred', classification: 'Choose what the cost was for', description: 'Say what the cost was' },
      );
      await this.ledgers.record({ contractId: (await this.contracts.find(id)).id }, dto, req.principal);
      return `/contracts/${id}/costs?recorded=1#ledger`;
    });
  }

  @Post('contracts/:id/costs/entries/:entryId/reversal')
  @Access(...COST_RECORDERS)
  @OwnTransactions()
  reverse(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('entryId', uuidParam('entryId')) entryId: string,
    @Body() form: FormFields,
  ) {
    const place = (e: FieldError) => ({ ...e, field: `reversal-${entryId}`, href: `#reversal-${entryId}` });
    return this.act(req, res, id, form, place, async () => {
      const dto = await formAs(ReversalDto, { reason: formText(form.reason) }, { reason: 'Say why the entry is reversed' });
      await this.ledgers.reverse({ contractId: (await this.contracts.find(id)).id }, entryId, dto.reason, req.principal);
      return `/contracts/${id}/costs?reversed=1#ledger`;
    });
  }

  private act(req: PageRequest, res: Response, id: string, form: FormFields, place: (e: FieldError) => FieldError, change: () => Promise<string>) {
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.renderer,
      view: 'costs/contract',
      change,
      page: (errors) => this.pages.contract(req.principal, id, form, errors, null),
      place,
    });
  }
}
