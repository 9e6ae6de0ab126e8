import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, AUTHORITY_STAFF, OwnTransactions, type Principal, uuidParam } from '#platform';
import { CreateCycleDto, UpdateCycleDto, DeliveryDecisionDto, EngagementDto, EngagementResponseDto, OutcomeDto } from '../cycles/cycle.dto.js';
import { CycleReader } from '../cycles/cycle-reader.service.js';
import { DECISION_AREAS, ENGAGEMENT_METHODS, PARTICIPATION_LEVELS, OUTCOME_KINDS, OUTCOME_SOURCES } from '../cycles/cycle.entities.js';
import { DELIVERY_OPTIONS, SIGNAL_TEXT, WARNING_SIGNALS } from '../cycles/delivery-decision.js';
import { PolicyPacks } from '#policy';
import { type CycleView } from '../cycles/cycle.view.js';
import { Cycles } from '../cycles/cycles.service.js';
import { ServiceReviews } from '../review/service-reviews.service.js';
import { errorFor, type FieldError, fixableErrors, formAs, label, PageInterceptor, PageRenderer, PageWork, pounds, STAGE_TAG } from '#web';

type PageRequest = Request & { principal: Principal };
type Form = Record<string, string | undefined>;

const text = (v: string | undefined) => (v ?? '').trim();
const optional = (v: string | undefined) => text(v) || undefined;

/** The cycle as a page shows it: codes as words, money as pounds, warnings ready to list. */
function present(c: CycleView) {
  return {
    ...c,
    stageLabel: label(c.stage),
    stageTag: STAGE_TAG[c.stage],
    engagement: c.engagement.map((a) => ({
      ...a,
      methodLabel: label(a.method),
      levelLabel: label(a.level),
      costText: pounds(a.cost),
      participantRows: Object.entries(a.participants).map(([dimension, groups]) => ({
        dimension: label(dimension),
        groups: Object.entries(groups ?? {})
          .map(([g, n]) => `${g}: ${n}`)
          .join(', '),
      })),
      youSaidWeDid: a.youSaidWeDid.map((r) => ({ ...r, areaLabel: label(r.decisionArea) })),
    })),
    outcomes: c.outcomes.map((o) => ({ ...o, sourceLabel: label(o.source), kindLabel: label(o.kind), indicatorsText: o.indicators.join('; ') })),
    decision: c.deliveryDecision && {
      ...c.deliveryDecision,
      chosenLabel: label(c.deliveryDecision.chosen),
      comparatorText: pounds(c.deliveryDecision.inHouseComparatorCost),
      annualText: pounds(c.deliveryDecision.contract.annualValue),
      capitalText: pounds(c.deliveryDecision.contract.capitalRequirement),
      options: c.deliveryDecision.optionsConsidered.map((o) => ({ ...o, optionLabel: label(o.option), chosen: o.option === c.deliveryDecision!.chosen })),
    },
  };
}

/**
 * Commissioning cycles on pages: every member of staff reads them; the
 * commissioner starts one and builds its outcomes framework. The forms call
 * the same services as the API, so the same rules refuse the same input.
 */
@ApiExcludeController()
@Controller('cycles')
export class CyclesPagesController {
  constructor(
    private readonly reader: CycleReader,
    private readonly cycles: Cycles,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
    private readonly packs: PolicyPacks,
    private readonly reviews: ServiceReviews,
  ) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @Render('cycles/list')
  @UseInterceptors(PageInterceptor)
  async list(@Req() req: PageRequest) {
    const { items } = await this.reader.list();
    return {
      title: 'Commissioning cycles',
      canStart: req.principal.roles.includes('commissioner'),
      cycles: items.map((c) => ({ ...c, stageLabel: label(c.stage), stageTag: STAGE_TAG[c.stage] })),
    };
  }

  @Get('new')
  @Access('commissioner')
  @Render('cycles/new')
  @UseInterceptors(PageInterceptor)
  start() {
    return this.newPage({}, []);
  }

  @Post()
  @Access('commissioner')
  @OwnTransactions()
  async create(@Req() req: PageRequest, @Res() res: Response, @Body() form: Form) {
    try {
      const dto = await formAs(
        CreateCycleDto,
        {
          reference: text(form.reference),
          title: text(form.title),
          serviceCategory: optional(form.serviceCategory),
          purpose: text(form.purpose),
          accountability: text(form.accountability),
          success: text(form.success),
          needsAssessment: text(form.needsAssessment),
          reviewBy: optional(form.reviewBy),
        },
        {
          reference: 'Enter a reference',
          title: 'Enter the service need',
          purpose: 'Say what the service is for',
          accountability: 'Say to whom it is accountable',
          success: 'Say how you will know it succeeds',
        },
      );
      const cycle = await this.work.commit(req.principal, () => this.cycles.create(dto, req.principal));
      res.redirect(303, `/cycles/${cycle.id}?created=1`);
    } catch (err) {
      const errors = fixableErrors(err);
      this.pages.sendRefused(req, res, 'cycles/new', this.newPage(form, errors));
    }
  }

  @Get(':id')
  @Access(...AUTHORITY_STAFF)
  @Render('cycles/show')
  @UseInterceptors(PageInterceptor)
  async show(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    const query = req.query as Record<string, string | undefined>;
    const notice =
      query.created === '1'
        ? 'The cycle has been started.'
        : query.added === '1'
          ? 'The outcome has been added.'
          : query.decided === '1'
            ? 'The delivery model decision has been recorded.'
            : query.engaged === '1'
              ? 'The engagement activity has been recorded.'
              : query.responded === '1'
                ? 'What participants said, and what you did, has been recorded.'
                : query.reasoned === '1'
                  ? 'The reason for outputs alone has been recorded.'
                  : query.reviewed === '1'
                    ? 'The service review has been recorded and the next cycle opened from it.'
                    : null;
    return this.showPage(await this.reader.one(id), req.principal, [], {}, notice);
  }

  @Post(':id/outcomes')
  @Access('commissioner')
  @OwnTransactions()
  async addOutcome(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    try {
      const dto = await formAs(
        OutcomeDto,
        {
          statement: text(form.statement),
          source: form.source ?? '',
          kind: form.kind ?? '',
          indicators: text(form.indicators)
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean),
        },
        { statement: 'Enter the outcome', kind: 'Select whether it is an outcome or an output', source: 'Select where the outcome comes from' },
      );
      await this.work.commit(req.principal, () => this.cycles.addOutcome(id, dto, req.principal));
      res.redirect(303, `/cycles/${id}?added=1#outcomes`);
    } catch (err) {
      const errors = fixableErrors(err);
      const page = await this.work.commit(req.principal, async () => this.showPage(await this.reader.one(id), req.principal, errors, form, null));
      this.pages.sendRefused(req, res, 'cycles/show', page);
    }
  }

  @Post(':id/outputs-only')
  @Access('commissioner')
  @OwnTransactions()
  async outputsOnly(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    try {
      await this.work.commit(req.principal, async () => {
        const c = await this.cycles.find(id);
        const dto = await formAs(
          UpdateCycleDto,
          {
            reference: c.reference,
            title: c.title,
            serviceCategory: c.serviceCategory ?? undefined,
            purpose: c.purpose,
            accountability: c.accountability,
            success: c.success,
            needsAssessment: c.needsAssessment,
            reviewBy: c.reviewBy,
            outputsOnlyReason: text(form.outputsOnlyReason),
            version: Number(form.version),
          },
          { outputsOnlyReason: 'Say why outputs alone are right for this service' },
        );
        await this.cycles.update(id, dto);
      });
      res.redirect(303, `/cycles/${id}?reasoned=1#outcomes`);
    } catch (err) {
      const errors = fixableErrors(err).map((e) => (e.field === 'form' ? { ...e, field: 'outputsOnlyReason', href: '#outputsOnlyReason' } : e));
      const page = await this.work.commit(req.principal, async () => this.showPage(await this.reader.one(id), req.principal, errors, form, null));
      this.pages.sendRefused(req, res, 'cycles/show', page);
    }
  }

  @Get(':id/engagements/new')
  @Access('commissioner')
  @Render('cycles/engagement')
  @UseInterceptors(PageInterceptor)
  async engagementForm(@Param('id', uuidParam()) id: string) {
    return this.engagementPage(await this.reader.one(id), {}, []);
  }

  @Post(':id/engagements')
  @Access('commissioner')
  @OwnTransactions()
  async engage(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    try {
      await this.work.commit(req.principal, async () => {
        const { pack } = await this.packs.inForce();
        // Counts only for groups someone filled in; anything but a whole number is refused by the same rule as the API.
        const participants = Object.fromEntries(
          Object.entries(pack.areaPopulation?.shares ?? {})
            .map(([dimension, shares]) => [
              dimension,
              Object.fromEntries(
                Object.keys(shares ?? {})
                  .filter((g) => text(form[`p-${dimension}-${g}`]))
                  .map((g) => {
                    const v = text(form[`p-${dimension}-${g}`]);
                    return [g, /^\d+$/.test(v) ? Number(v) : Number.NaN];
                  }),
              ),
            ])
            .filter(([, groups]) => Object.keys(groups).length),
        );
        const dto = await formAs(
          EngagementDto,
          {
            title: text(form.title),
            method: form.method ?? '',
            level: form.level ?? '',
            upForGrabs: text(form.upForGrabs),
            seniorOwner: text(form.seniorOwner),
            cost: text(form.cost).replace(/[£,]/g, ''),
            startsOn: text(form.startsOn),
            endsOn: text(form.endsOn),
            participants,
          },
          {
            title: 'Enter the activity',
            method: 'Select the method',
            level: 'Select the level of participation',
            upForGrabs: 'Say what is up for grabs',
            seniorOwner: 'Name the senior owner',
            cost: 'Enter the cost (0 if none)',
            startsOn: 'Enter the first day',
            endsOn: 'Enter the last day',
          },
        );
        await this.cycles.addEngagement(id, dto, req.principal);
      });
      res.redirect(303, `/cycles/${id}?engaged=1#engagement`);
    } catch (err) {
      const errors = fixableErrors(err).map((e) => (e.field.startsWith('participants') ? { ...e, field: 'participants', href: '#participants' } : e));
      const page = await this.work.commit(req.principal, async () => this.engagementPage(await this.reader.one(id), form, errors));
      this.pages.sendRefused(req, res, 'cycles/engagement', page);
    }
  }

  @Post(':id/engagements/:activityId/responses')
  @Access('commissioner')
  @OwnTransactions()
  async respond(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('activityId', uuidParam('activityId')) activityId: string,
    @Body() form: Form,
  ) {
    try {
      const dto = await formAs(
        EngagementResponseDto,
        {
          youSaid: text(form.youSaid),
          changed: form.changed === 'yes' ? true : form.changed === 'no' ? false : '',
          decisionArea: form.decisionArea ?? '',
          weDid: text(form.weDid),
        },
        {
          youSaid: 'Enter what participants said',
          changed: 'Say whether it changed a decision',
          decisionArea: 'Select the decision it concerns',
          weDid: 'Say what you did, or why it changed nothing',
        },
      );
      await this.work.commit(req.principal, () => this.cycles.addResponse(id, activityId, dto, req.principal));
      res.redirect(303, `/cycles/${id}?responded=1#engagement`);
    } catch (err) {
      const errors = fixableErrors(err).map((e) => ({ ...e, field: `${e.field}-${activityId}`, href: `#${e.field}-${activityId}` }));
      const page = await this.work.commit(req.principal, async () =>
        this.showPage(await this.reader.one(id), req.principal, errors, { ...form, activityId }, null),
      );
      this.pages.sendRefused(req, res, 'cycles/show', page);
    }
  }

  private async engagementPage(c: CycleView, form: Form, errors: FieldError[]) {
    const { pack } = await this.packs.inForce();
    const fields = ['title', 'method', 'level', 'upForGrabs', 'seniorOwner', 'cost', 'startsOn', 'endsOn', 'participants'];
    return {
      title: `${errors.length ? 'Error: ' : ''}Record an engagement activity`,
      cycle: c,
      errors,
      form: Object.fromEntries(fields.map((f) => [f, form[f] ?? ''])),
      fieldErrors: Object.fromEntries(fields.map((f) => [f, errorFor(errors, f)])),
      methods: ENGAGEMENT_METHODS.map((m) => ({ value: m, text: label(m), checked: form.method === m })),
      levels: PARTICIPATION_LEVELS.map((l) => ({ value: l, text: label(l), checked: form.level === l })),
      populationSource: pack.areaPopulation?.source ?? '',
      dimensions: Object.entries(pack.areaPopulation?.shares ?? {}).map(([dimension, shares]) => ({
        label: label(dimension),
        groups: Object.entries(shares ?? {}).map(([name, share]) => ({
          id: `p-${dimension}-${name}`,
          name,
          share,
          value: form[`p-${dimension}-${name}`] ?? '',
        })),
      })),
    };
  }

  @Get(':id/decision')
  @Access('commissioner')
  @Render('cycles/decision')
  @UseInterceptors(PageInterceptor)
  async decisionForm(@Param('id', uuidParam()) id: string) {
    const cycle = await this.reader.one(id);
    const d = cycle.deliveryDecision;
    // Start from the decision in force, if any: a new version is usually a change to it.
    const form: Form = d
      ? {
          chosen: d.chosen,
          rationale: d.rationale,
          inHouseComparatorCost: d.inHouseComparatorCost,
          annualValue: d.contract.annualValue,
          lengthMonths: String(d.contract.lengthMonths),
          capitalRequirement: d.contract.capitalRequirement,
          forProfitEligible: d.forProfitEligible ? 'yes' : 'no',
          forProfitJustification: d.forProfitJustification ?? '',
          ...Object.fromEntries(d.optionsConsidered.map((o) => [`assess-${o.option}`, o.assessment])),
          ...Object.fromEntries(
            d.warningSignals.flatMap((w) => [
              [`signal-${w.signal}`, w.present ? 'yes' : ''],
              [`note-${w.signal}`, w.note],
            ]),
          ),
        }
      : {};
    return this.decisionPage(cycle, form, []);
  }

  @Post(':id/decision')
  @Access('commissioner')
  @OwnTransactions()
  async decide(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    try {
      const optionsConsidered = DELIVERY_OPTIONS.filter((o) => text(form[`assess-${o}`])).map((option) => ({
        option,
        assessment: text(form[`assess-${option}`]),
      }));
      const dto = await formAs(
        DeliveryDecisionDto,
        {
          optionsConsidered,
          chosen: form.chosen ?? '',
          rationale: text(form.rationale),
          warningSignals: WARNING_SIGNALS.map((signal) => ({ signal, present: form[`signal-${signal}`] === 'yes', note: text(form[`note-${signal}`]) })),
          inHouseComparatorCost: text(form.inHouseComparatorCost).replace(/[£,]/g, ''),
          contract: {
            annualValue: text(form.annualValue).replace(/[£,]/g, ''),
            lengthMonths: /^\d+$/.test(text(form.lengthMonths)) ? Number(text(form.lengthMonths)) : text(form.lengthMonths),
            capitalRequirement: text(form.capitalRequirement).replace(/[£,]/g, ''),
          },
          forProfitEligible: form.forProfitEligible === 'yes' ? true : form.forProfitEligible === 'no' ? false : '',
          forProfitJustification: optional(form.forProfitJustification),
        },
        {
          chosen: 'Select the chosen route',
          rationale: 'Give the rationale',
          inHouseComparatorCost: 'Enter the in-house comparator cost',
          forProfitEligible: 'Say whether providers that distribute profit may bid',
        },
      );
      await this.work.commit(req.principal, () => this.cycles.decide(id, dto, req.principal));
      res.redirect(303, `/cycles/${id}?decided=1#decision`);
    } catch (err) {
      // The API's nested names (contract.annualValue, optionsConsidered.0.option) as this page's fields.
      const errors = fixableErrors(err).map((e) => {
        const field = e.field
          .replace(/^contract-/, '')
          .replace(/^optionsConsidered-.*/, 'optionsConsidered')
          .replace(/^warningSignals-.*/, 'warningSignals');
        return { ...e, field, href: `#${field}` };
      });
      const page = await this.work.commit(req.principal, async () => this.decisionPage(await this.reader.one(id), form, errors));
      this.pages.sendRefused(req, res, 'cycles/decision', page);
    }
  }

  private decisionPage(c: CycleView, form: Form, errors: FieldError[]) {
    const fields = [
      'optionsConsidered',
      'chosen',
      'rationale',
      'inHouseComparatorCost',
      'annualValue',
      'lengthMonths',
      'capitalRequirement',
      'forProfitEligible',
      'forProfitJustification',
    ];
    return {
      title: `${errors.length ? 'Error: ' : ''}Decide the delivery model`,
      cycle: c,
      errors,
      form: Object.fromEntries(
        ['rationale', 'inHouseComparatorCost', 'annualValue', 'lengthMonths', 'capitalRequirement', 'forProfitJustification'].map((f) => [f, form[f] ?? '']),
      ),
      fieldErrors: Object.fromEntries(fields.map((f) => [f, errors.find((e) => e.field === f || e.field.startsWith(`${f}-`))?.text ?? null])),
      options: DELIVERY_OPTIONS.map((o) => ({ value: o, text: label(o), assessment: form[`assess-${o}`] ?? '' })),
      chosenOptions: DELIVERY_OPTIONS.map((o) => ({ value: o, text: label(o), checked: form.chosen === o })),
      signals: WARNING_SIGNALS.map((s) => ({ value: s, text: SIGNAL_TEXT[s], present: form[`signal-${s}`] === 'yes', note: form[`note-${s}`] ?? '' })),
      forProfitOptions: [
        { value: 'no', text: 'No', checked: form.forProfitEligible === 'no' },
        { value: 'yes', text: 'Yes', checked: form.forProfitEligible === 'yes' },
      ],
    };
  }

  /** Each activity's "you said, we did" form, with what was typed and its errors if it was the one sent. */
  private withResponseForms(c: ReturnType<typeof present>, errors: FieldError[], form: Form) {
    return {
      ...c,
      engagement: c.engagement.map((a) => {
        const mine = form.activityId === a.id;
        return {
          ...a,
          respond: {
            open: mine,
            youSaid: mine ? (form.youSaid ?? '') : '',
            weDid: mine ? (form.weDid ?? '') : '',
            changedYes: mine && form.changed === 'yes',
            changedNo: mine && form.changed === 'no',
            areas: DECISION_AREAS.map((d) => ({ value: d, text: label(d), selected: mine && form.decisionArea === d })),
            errors: Object.fromEntries(['youSaid', 'changed', 'decisionArea', 'weDid'].map((f) => [f, errorFor(errors, `${f}-${a.id}`)])),
          },
        };
      }),
    };
  }

  private newPage(form: Form, errors: FieldError[]) {
    const fields = ['reference', 'title', 'serviceCategory', 'purpose', 'accountability', 'success', 'needsAssessment', 'reviewBy'];
    return {
      title: errors.length ? 'Error: Start a commissioning cycle' : 'Start a commissioning cycle',
      form,
      errors,
      fieldErrors: Object.fromEntries(fields.map((f) => [f, errorFor(errors, f)])),
    };
  }

  private async showPage(c: CycleView, principal: Principal, errors: FieldError[], form: Form, notice: string | null) {
    const [review, openedBy] = await Promise.all([this.reviews.find(c.id), this.reviews.reviewOpening(c.id)]);
    const outcomeStatement = new Map(c.outcomes.map((o) => [o.id, o.statement]));
    return {
      review: review && {
        ...review,
        decisionLabel: label(review.decision),
        findings: review.outcomes.map((o) => ({
          statement: outcomeStatement.get(o.outcomeId) ?? o.outcomeId,
          finding: label(o.finding),
          evidence: o.evidence,
        })),
      },
      openedBy: openedBy && { cycleId: openedBy.cycleId, reference: (await this.cycles.summary(openedBy.cycleId))?.reference ?? 'the cycle before' },
      title: `${errors.length ? 'Error: ' : ''}${c.title}`,
      cycle: this.withResponseForms(present(c), errors, form),
      notice,
      errors,
      form,
      isCommissioner: principal.roles.includes('commissioner'),
      sources: OUTCOME_SOURCES.map((s) => ({ value: s, text: label(s), checked: form.source === s })),
      kinds: OUTCOME_KINDS.map((k) => ({ value: k, text: label(k), checked: form.kind === k })),

      fieldErrors: Object.fromEntries(['statement', 'source', 'kind', 'indicators', 'outputsOnlyReason'].map((f) => [f, errorFor(errors, f)])),
      outputsOnly: c.outcomes.length > 0 && !c.outcomes.some((o) => o.kind === 'outcome'),
      outputsOnlyReasonDraft: form.outputsOnlyReason ?? c.outputsOnlyReason ?? '',
    };
  }
}
