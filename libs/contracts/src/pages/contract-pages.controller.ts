import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, ProblemException, uuidParam } from '#platform';
import { type FieldError, formAs, type FormFields, formText, PageInterceptor } from '#web';
import { ActivationDto, RiskAcceptanceDto, TerminationDto, TermsDto } from '../contract/contract.dto.js';
import { Contracts } from '../contract/contracts.service.js';
import { CONTRACT_STATUSES, type ContractStatus } from '../contract/contract-rules.js';
import { ContractPage, contractListRow, MANAGERS } from './contract-page.service.js';
import { ContractForms } from './contract-forms.service.js';

type PageRequest = Request & { principal: Principal };

const READERS = ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'] as const;
const STATUS_NAMES: Record<ContractStatus, string> = { pending: 'Pending signature', active: 'Active', expired: 'Expired', terminated: 'Terminated' };

const NOTICES: Record<string, string> = {
  terms: 'The terms are saved.',
  risk: 'The risk of paying only for results is accepted, with your note.',
  activated: 'The contract is active.',
  terminated: 'The contract is terminated. The date and reason are in the audit log.',
  metric: 'The outcome metric is added.',
  kpi: 'The KPI is added.',
  measured: 'The measurement is recorded and rated.',
  validated: 'The result is validated.',
  concluded: 'The review is concluded. The provider is told by e-mail.',
  approved: 'The payment is approved.',
  paid: 'The payment is recorded as paid.',
  proposed: 'The change is proposed. It is signed once agreed (approved first by a second person when it moves the value by more than the policy threshold).',
  'change-approved': 'The change is approved. Record its signature once both parties have signed.',
  'change-signed': 'The change is signed: the contract’s value and end are updated, and the change is in the audit log.',
  'change-withdrawn': 'The change is withdrawn.',
};
const PROVIDER_NOTICES: Record<string, string> = {
  reported: 'Your result is sent. The contract manager is told by e-mail and validates it.',
  explained: 'Your explanation is sent. The contract manager reads it before concluding the review.',
};

/**
 * The authority's contracts (issue 14): every contract made at award, and one contract's page where the
 * contract manager sets the terms while it is pending, records the acceptance of risk, activates (signs)
 * and terminates it. Commissioners manage too; auditors and scrutiny members read. The same service as the API.
 */
@ApiExcludeController()
@Controller('contracts')
export class ContractPagesController {
  constructor(
    private readonly contracts: Contracts,
    private readonly contractPage: ContractPage,
    private readonly forms: ContractForms,
  ) {}

  @Get()
  @Access(...READERS)
  @Render('contracts/list')
  @UseInterceptors(PageInterceptor)
  async list(@Query('after') after?: string, @Query('status') status?: string) {
    // A page at a time: a bad cursor or status from an edited address starts again from the first page.
    const filter = (CONTRACT_STATUSES as readonly string[]).includes(status ?? '') ? (status as ContractStatus) : undefined;
    const cursor = after && /^[0-9a-f-]{36}$/i.test(after) ? after : undefined;
    const page = await this.contracts.list({ limit: 50, after: cursor, status: filter }).catch((err: unknown) => {
      // A cursor that is no contract of this authority's: the first page. Anything else goes on to the error pages.
      if (err instanceof ProblemException && err.getStatus() === 400) return this.contracts.list({ limit: 50, status: filter });
      throw err;
    });
    const query = (next: string) => `/contracts?${new URLSearchParams({ ...(filter ? { status: filter } : {}), after: next }).toString()}`;
    return {
      title: 'Contracts',
      contracts: page.items.map((c) => contractListRow(c, `/contracts/${c.id}`)),
      nextHref: page.next ? query(page.next) : null,
      firstHref: cursor ? `/contracts${filter ? `?status=${filter}` : ''}` : null,
      statusOptions: [
        { value: '', text: 'Any status', selected: !filter },
        ...CONTRACT_STATUSES.map((s) => ({ value: s, text: STATUS_NAMES[s], selected: s === filter })),
      ],
    };
  }

  @Get(':id')
  @Access(...READERS)
  @Render('contracts/show')
  @UseInterceptors(PageInterceptor)
  show(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    const done = Object.keys(NOTICES).find((k) => (req.query as Record<string, string>)[k] === '1');
    return this.contractPage.staff(req.principal, id, {}, [], done ? NOTICES[done] : null);
  }

  @Post(':id/terms')
  @Access(...MANAGERS)
  @OwnTransactions()
  terms(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    return this.act(req, res, id, form, 'terms', async () => {
      const fee = formText(form.minimumFixedFee).replace(/[£,\s]/g, '');
      const dto = await formAs(
        TermsDto,
        {
          version: Number(formText(form.version)),
          startsOn: formText(form.startsOn),
          endsOn: formText(form.endsOn),
          tag: formText(form.tag) || undefined,
          paymentMechanism: formText(form.paymentMechanism) || undefined,
          minimumFixedFee: fee === '' ? null : fee,
          kpiExemptionReason: formText(form.kpiExemptionReason) || null,
        },
        {},
      );
      await this.contracts.updateTerms(id, dto, req.principal);
    });
  }

  @Post(':id/risk-acceptance')
  @Access('commissioner', 'contract_manager', 'authority_admin')
  @OwnTransactions()
  risk(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    return this.act(req, res, id, form, 'risk', async () => {
      const dto = await formAs(
        RiskAcceptanceDto,
        { version: Number(formText(form.version)), note: formText(form.riskNote) },
        { note: 'Say why the risk is accepted' },
      );
      await this.contracts.acceptRisk(id, dto, req.principal);
    });
  }

  @Post(':id/activation')
  @Access(...MANAGERS)
  @OwnTransactions()
  activate(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    return this.act(req, res, id, form, 'activated', async () => {
      await this.contracts.activate(id, await formAs(ActivationDto, { version: Number(formText(form.version)) }, {}), req.principal);
    });
  }

  @Post(':id/termination')
  @Access(...MANAGERS)
  @OwnTransactions()
  terminate(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    return this.act(req, res, id, form, 'terminated', async () => {
      const dto = await formAs(
        TerminationDto,
        { version: Number(formText(form.version)), on: formText(form.terminatedOn), reason: formText(form.terminationReason) },
        { reason: 'Say why the contract ends early' },
      );
      await this.contracts.terminate(id, dto, req.principal);
    });
  }

  /** A form's change, then back to the contract with what happened; a refusal comes back beside the form it came from. */
  private act(req: PageRequest, res: Response, id: string, form: FormFields, done: string, change: () => Promise<void>) {
    const anchors: Record<string, string> = { on: 'terminatedOn', reason: 'terminationReason', note: 'riskNote' };
    // Problems about the contract as a whole (a stale version, why it cannot be signed) show at the form that was sent.
    const place = (e: FieldError) => {
      const field = anchors[e.field] ?? (['form', 'version', 'kpis', 'riskAcceptance'].includes(e.field) ? `${done}-form` : e.field);
      return { ...e, field, href: `#${field}` };
    };
    return this.forms.staff(req, res, id, form, place, async () => {
      await change();
      return `/contracts/${id}?${done}=1`;
    });
  }
}

/** A provider's contracts at every authority, and one contract with the commitments it binds the provider to. */
@ApiExcludeController()
@Controller('my-contracts')
export class ProviderContractPagesController {
  constructor(
    private readonly contracts: Contracts,
    private readonly contractPage: ContractPage,
  ) {}

  @Get()
  @Access('provider')
  @Render('contracts/provider-list')
  @UseInterceptors(PageInterceptor)
  async list() {
    const rows = await this.contracts.mine();
    return { title: 'Your contracts', contracts: rows.map((c) => ({ ...contractListRow(c, `/my-contracts/${c.id}`), authority: c.authority.name })) };
  }

  @Get(':id')
  @Access('provider')
  @Render('contracts/provider-show')
  @UseInterceptors(PageInterceptor)
  show(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    const done = Object.keys(PROVIDER_NOTICES).find((k) => (req.query as Record<string, string>)[k] === '1');
    return this.contractPage.provider(id, [], done ? PROVIDER_NOTICES[done] : null);
  }
}
