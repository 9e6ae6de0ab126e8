import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, uuidParam } from '#platform';
import { errorFor, type FieldError, formAction, formAs, type FormFields, formText, PageInterceptor, PageRenderer, PageWork, pounds } from '#web';
import { CONTRACT_TAGS, PAYMENT_MECHANISMS } from '../contract/contract-rules.js';
import { ActivationDto, RiskAcceptanceDto, TerminationDto, TermsDto } from '../contract/contract.dto.js';
import { Contracts, type ContractView } from '../contract/contracts.service.js';

type PageRequest = Request & { principal: Principal };

const READERS = ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'] as const;
const MANAGERS = ['commissioner', 'contract_manager'] as const;

const STATUS_TAGS: Record<ContractView['status'], { text: string; colour: string }> = {
  pending: { text: 'Pending signature', colour: 'yellow' },
  active: { text: 'Active', colour: 'green' },
  expired: { text: 'Expired', colour: 'grey' },
  terminated: { text: 'Terminated', colour: 'red' },
};
const MECHANISM_NAMES: Record<ContractView['paymentMechanism'], string> = {
  fixed_fee: 'Fixed fee',
  fixed_fee_plus_outcomes: 'Fixed fee plus outcome payments',
  payment_by_results: 'Payment by results only',
  grant: 'Grant',
};
const TAG_NAMES: Record<ContractView['tag'], string> = { operational: 'Operational', 'whole-system': 'Whole-system' };
const NOTICES: Record<string, string> = {
  terms: 'The terms are saved.',
  risk: 'The risk of paying only for results is accepted, with your note.',
  activated: 'The contract is active.',
  terminated: 'The contract is terminated. The date and reason are in the audit log.',
};

/** A contract as a row of a list (and the top of its page). */
const contractListRow = (c: ContractView, href: string) => ({
  href,
  reference: c.reference,
  title: c.title,
  provider: c.provider.name,
  value: pounds(c.awardedValue),
  period: `${c.startsOn} to ${c.endsOn}`,
  mechanism: MECHANISM_NAMES[c.paymentMechanism],
  highRisk: c.highRisk,
  tag: STATUS_TAGS[c.status],
});

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
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access(...READERS)
  @Render('contracts/list')
  @UseInterceptors(PageInterceptor)
  async list() {
    return { title: 'Contracts', contracts: (await this.contracts.list()).map((c) => contractListRow(c, `/contracts/${c.id}`)) };
  }

  @Get(':id')
  @Access(...READERS)
  @Render('contracts/show')
  @UseInterceptors(PageInterceptor)
  show(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    const done = Object.keys(NOTICES).find((k) => (req.query as Record<string, string>)[k] === '1');
    return this.page(req.principal, id, {}, [], done ? NOTICES[done] : null);
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
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'contracts/show',
      change: async () => {
        await change();
        return `/contracts/${id}?${done}=1`;
      },
      page: (errors) => this.page(req.principal, id, form, errors, null),
      // Problems about the contract as a whole (a stale version, why it cannot be signed) show at the form that was sent.
      place: (e) => {
        const field = anchors[e.field] ?? (['form', 'version', 'kpis', 'riskAcceptance'].includes(e.field) ? `${done}-form` : e.field);
        return { ...e, field, href: `#${field}` };
      },
    });
  }

  private async page(principal: Principal, id: string, form: FormFields, errors: FieldError[], notice: string | null) {
    const c = await this.contracts.one(id);
    const manages = principal.roles.some((r) => (MANAGERS as readonly string[]).includes(r));
    const pending = c.status === 'pending';
    const value = (field: keyof FormFields & string, fallback: string) => (field in form ? formText(form[field]) : fallback);
    const mechanism = value('paymentMechanism', c.paymentMechanism);
    const tag = value('tag', c.tag);
    return {
      title: `${errors.length ? 'Error: ' : ''}${c.reference}: ${c.title}`,
      notice,
      errors,
      contract: {
        ...contractListRow(c, ''),
        id: c.id,
        version: c.version,
        tenderHref: `/authority/tenders/${c.tenderId}`,
        tagName: TAG_NAMES[c.tag],
        minimumFixedFee: c.minimumFixedFee ? pounds(c.minimumFixedFee) : null,
        extensionOptions: c.extensionOptions.map((o) => ({ months: o.months, value: pounds(o.value), decideBy: o.decideBy })),
        kpiExemptionReason: c.kpiExemptionReason,
        riskAcceptance: c.riskAcceptance,
        activated: c.activated,
        termination: c.termination,
        commitments: c.commitments.map((x) => ({
          kind: x.kind === 'public_character' ? 'Public character' : 'Social value',
          title: x.title,
          statement: x.statement,
        })),
      },
      canEdit: manages && pending,
      canAcceptRisk:
        pending && c.highRisk && !c.riskAcceptance && principal.roles.some((r) => ['commissioner', 'contract_manager', 'authority_admin'].includes(r)),
      canActivate: manages && pending,
      canTerminate: manages && (c.status === 'pending' || c.status === 'active'),
      form: {
        startsOn: value('startsOn', c.startsOn),
        endsOn: value('endsOn', c.endsOn),
        minimumFixedFee: value('minimumFixedFee', c.minimumFixedFee ?? ''),
        kpiExemptionReason: value('kpiExemptionReason', c.kpiExemptionReason ?? ''),
        riskNote: value('riskNote', ''),
        terminatedOn: value('terminatedOn', ''),
        terminationReason: value('terminationReason', ''),
      },
      tagOptions: CONTRACT_TAGS.map((t) => ({ value: t, text: TAG_NAMES[t], checked: t === tag })),
      mechanismOptions: PAYMENT_MECHANISMS.map((m) => ({ value: m, text: MECHANISM_NAMES[m], checked: m === mechanism })),
      error: {
        startsOn: errorFor(errors, 'startsOn'),
        endsOn: errorFor(errors, 'endsOn'),
        tag: errorFor(errors, 'tag'),
        paymentMechanism: errorFor(errors, 'paymentMechanism'),
        minimumFixedFee: errorFor(errors, 'minimumFixedFee'),
        kpiExemptionReason: errorFor(errors, 'kpiExemptionReason'),
        riskNote: errorFor(errors, 'riskNote'),
        terminatedOn: errorFor(errors, 'terminatedOn'),
        terminationReason: errorFor(errors, 'terminationReason'),
        terms: errorFor(errors, 'terms-form'),
        risk: errorFor(errors, 'risk-form'),
        activated: errorFor(errors, 'activated-form'),
        terminated: errorFor(errors, 'terminated-form'),
      },
    };
  }
}

/** A provider's contracts at every authority, and one contract with the commitments it binds the provider to. */
@ApiExcludeController()
@Controller('my-contracts')
export class ProviderContractPagesController {
  constructor(private readonly contracts: Contracts) {}

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
  async show(@Param('id', uuidParam()) id: string) {
    const c = await this.contracts.mineOne(id);
    return {
      title: `${c.reference}: ${c.title}`,
      contract: {
        ...contractListRow(c, ''),
        tagName: TAG_NAMES[c.tag],
        extensionOptions: c.extensionOptions.map((o) => ({ months: o.months, value: pounds(o.value), decideBy: o.decideBy })),
        commitments: c.commitments.map((x) => ({
          kind: x.kind === 'public_character' ? 'Public character' : 'Social value',
          title: x.title,
          statement: x.statement,
        })),
        termination: c.termination,
      },
    };
  }
}
