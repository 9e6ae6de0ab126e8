import { Body, Controller, Get, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, AUTHORITY_STAFF, OwnTransactions, type Principal, RequestDb, validationProblem } from '#platform';
import { PRICE_METHODS } from '#scoring';
import { type PolicyPack, policyPackProblems, PUBLIC_CHARACTER_TESTS, SCALES } from '../policy-pack.js';
import { PolicyPacks } from '../policy-packs.service.js';
import { PolicyPackVersion } from '../policy-pack.entity.js';
import { type FieldError, fixableErrors, label, PageInterceptor, PageRenderer, PageWork } from '#web';
import { DIMENSIONS_HINT, formFieldOf, formToPack, type PackForm, packToForm } from './policy-pack-form.js';

type PageRequest = Request & { principal: Principal };

/**
 * The policy pack: every member of staff reads the version in force and the
 * history; the authority admin adopts a new version from the form. Each
 * adoption is a new version; tenders keep the one they were built under.
 */
@ApiExcludeController()
@Controller('policy-pack')
export class PolicyPackPagesController {
  constructor(
    private readonly packs: PolicyPacks,
    private readonly db: RequestDb,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @Render('policy-pack')
  @UseInterceptors(PageInterceptor)
  async show(@Req() req: PageRequest) {
    const { version, pack } = await this.packs.inForce();
    const notice = (req.query as Record<string, string>).adopted === '1' ? `Version ${version} of the policy pack is now in force.` : null;
    return this.page(req.principal, version, pack, packToForm(pack), [], notice);
  }

  @Post()
  @Access('authority_admin')
  @OwnTransactions()
  async adopt(@Req() req: PageRequest, @Res() res: Response, @Body() form: PackForm) {
    try {
      await this.work.commit(req.principal, async () => {
        const pack = formToPack(form);
        const problems = policyPackProblems(pack);
        if (problems.length) throw validationProblem(problems.map((p) => ({ ...p, field: formFieldOf(p.field) })));
        const basedOn = Number(form.basedOnVersion);
        await this.packs.adopt(Number.isInteger(basedOn) ? basedOn : -1, pack as PolicyPack, req.principal);
      });
      res.redirect(303, '/policy-pack?adopted=1');
    } catch (err) {
      const errors = fixableErrors(err);
      const page = await this.work.commit(req.principal, async () => {
        const { version, pack } = await this.packs.inForce();
        return this.page(req.principal, version, pack, form, errors, null);
      });
      this.pages.sendRefused(req, res, 'policy-pack', page);
    }
  }

  private async page(principal: Principal, version: number, pack: PolicyPack, form: PackForm, errors: FieldError[], notice: string | null) {
    const history = await this.db.manager.find(PolicyPackVersion, { order: { version: 'DESC' }, take: 20 });
    const value = (k: string) => String(form[k] ?? '');
    const errorOf = (k: string) => errors.find((e) => e.field === k)?.text ?? null;
    const fields = [
      'minSocialValueWeight',
      'allowedPriceMethods',
      'qualityScale',
      'socialValueScale',
      'belowMeanOfOthersPercent',
      'belowNextLowestPercent',
      'variancePoints',
      'varianceScale',
      'standstillWorkingDays',
      'restrictedCategories',
      'publicCharacterGates',
      'lotsPerSupplierCap',
      'scrutinyThreshold',
      'reviewEveryYears',
      'variationApprovalAbove',
      'concernSupporters',
      'concernWindowDays',
      'maxAnnualValue',
      'maxLengthMonths',
      'maxCapitalRequirement',
      'populationSource',
      'populationTolerance',
      'populationShares',
    ];
    return {
      title: `${errors.length ? 'Error: ' : ''}Policy pack`,
      notice,
      errors,
      version,
      isDefault: version === 0,
      canEdit: principal.roles.includes('authority_admin'),
      summary: {
        minSocialValueWeight: pack.minSocialValueWeight,
        methods: pack.allowedPriceMethods.map(label).join(', '),
        restricted: pack.restrictedCategories.map((c) => c.name).join(', ') || 'None',
        gates: pack.publicCharacterGates.map((g) => `${label(g.test)} at level ${g.minimumLevel} or above`).join('; ') || 'None',
        standstill: pack.standstillWorkingDays,
        review: pack.reviewEveryYears,
        cap: pack.lotsPerSupplierCap ?? 'No cap',
        scrutiny: pack.scrutinyThreshold,
        mix: pack.areaPopulation ? pack.areaPopulation.source : 'Not supplied',
      },
      history: history.map((h) => ({ version: h.version, adoptedAt: h.createdAt.toISOString() })),
      form: Object.fromEntries(fields.map((k) => [k, value(k)])),
      fieldErrors: Object.fromEntries(fields.map((k) => [k, errorOf(k)])),
      methods: PRICE_METHODS.map((m) => ({ value: m, text: label(m), checked: form[`method-${m}`] === 'yes' })),
      qualityScales: SCALES.map((s) => ({ value: s, selected: s === value('qualityScale') })),
      socialValueScales: SCALES.map((s) => ({ value: s, selected: s === value('socialValueScale') })),
      varianceScales: SCALES.map((s) => ({ value: s, selected: s === value('varianceScale') })),
      gates: PUBLIC_CHARACTER_TESTS.map((t) => ({
        test: t,
        text: label(t),
        levels: ['', '0', '1', '2', '3', '4'].map((l) => ({ value: l, text: l === '' ? 'No gate' : `Level ${l}`, selected: value(`gate-${t}`) === l })),
      })),
      dimensionsHint: DIMENSIONS_HINT,
    };
  }
}
