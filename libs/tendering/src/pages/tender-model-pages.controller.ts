import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsNull, Not } from 'typeorm';
import { Access, isUuid, notFound, OwnTransactions, type Principal, RequestDb, uuidParam, validationProblem } from '#platform';
import { SCALES } from '#policy';
import { CATEGORIES, type Category, PRICE_METHODS, TIE_BREAKS } from '#scoring';
import { errorFor, type FieldError, fixableErrors, label, PageInterceptor, PageRenderer, PageWork } from '#web';
import { type Criterion, type EvaluationModel, LOT_CAP_ORDERS, type ModelProblem } from '../model/evaluation-model.js';
import {
  addCriterion,
  addLot,
  categoriesTaken,
  changeCriterion,
  changeLot,
  findCriterion,
  inSocialValue,
  moveCriterion,
  removeCriterion,
  removeLot,
  setLotCap,
  startingBands,
} from '../model/model-edits.js';
import { Tender } from '../tenders/tender.entity.js';
import { TenderAuthoring } from '../tenders/tender-authoring.service.js';
import { tenderOr404 } from '../tenders/tender-lookup.query.js';
import { BAND_ROWS, WEIGHT, criterionForm, criterionFromForm, type Form, type FormProblem, lotCapFromForm, lotForm, lotFromForm } from './model-forms.js';

type PageRequest = Request & { principal: Principal };
const KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const keyParam = (key: string) => {
  if (!KEY.test(key)) throw notFound('Criterion');
  return key;
};

/** A draft's evaluation model as a tree of rows: each criterion indented under its parent, with what can be done to it. */
function treeRows(list: Criterion[], depth = 0, parent: Criterion | null = null): Record<string, unknown>[] {
  return list.flatMap((c, i) => [
    {
      key: c.key,
      title: c.title,
      weight: c.weight,
      category: c.category ? label(c.category) : parent ? `Under ${parent.title}` : '',
      marking: c.children
        ? `${c.children.length} sub-criteri${c.children.length === 1 ? 'on' : 'a'}`
        : c.category === 'price'
          ? 'By price method'
          : c.scale
            ? `${c.committedValue ? 'From value committed, ' : ''}0 to ${c.scale.split('-')[1]}`
            : 'Not set',
      indent: depth ? `govuk-!-padding-left-${Math.min(depth * 6, 9)}` : '',
      canAddBelow: c.category !== 'price',
      canMoveUp: i > 0,
      canMoveDown: i < list.length - 1,
    },
    ...treeRows(c.children ?? [], depth + 1, c),
  ]);
}

/** Problems as the page lists them: the message, linked to the part of the model to change. */
function problemList(model: EvaluationModel, problems: ModelProblem[], base: string) {
  return problems.map((p) => {
    // criteria.1.children.0.bands: the criterion at that path; lots.2.benchmark: that lot.
    const path = p.field.replace(/^model\./, '').split('.');
    let href = `${base}#criteria`;
    if (path[0] === 'lotCap') href = `${base}#lot-cap`;
    else if (path[0] === 'lots' && path[1] !== undefined && model.lots[Number(path[1])]) href = `${base}/lots/${model.lots[Number(path[1])].key}`;
    else if (path[0] === 'criteria') {
      let list = model.criteria;
      let found: Criterion | undefined;
      for (let i = 1; i < path.length; i += 2) {
        const at = list?.[Number(path[i])];
        if (!at) break;
        found = at;
        if (path[i + 1] !== 'children') break;
        list = at.children ?? [];
      }
      if (found && p.rule !== 'weights-sum-100') href = `${base}/criteria/${found.key}`;
    }
    return { text: p.message, href };
  });
}

/**
 * The evaluation model of a draft, built wholly in the pages: criteria and sub-criteria added, changed,
 * moved and removed; each marked criterion's question, guidance, word limit, scale with a descriptor per
 * band and minimum acceptable mark; the lots and their price methods; the tie-break. Each change is saved
 * as it is made, however incomplete the model still is, and the page lists every problem left, against the
 * policy pack in force, before publication (which refuses a model with any).
 */
/** The orders a limit on lots per supplier awards lots in, as the commissioner reads them (the engine's LotCap). */
const CAP_ORDERS: Record<(typeof LOT_CAP_ORDERS)[number], string> = {
  model_order: 'In the order the lots are listed here',
  highest_value_first: 'Highest estimated value first (every lot needs its estimated value)',
};

/** Which page a refused change comes back to: the model, or the criterion's or lot's form (for a removal, as saved). */
type Refused = { on: 'model' } | { on: 'criterion' | 'lot'; key?: string; removal?: boolean };

@ApiExcludeController()
@Controller('authority/tenders/:id/model')
export class TenderModelPagesController {
  constructor(
    private readonly db: RequestDb,
    private readonly authoring: TenderAuthoring,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access('commissioner')
  @Render('authority-tenders/model')
  @UseInterceptors(PageInterceptor)
  async modelForm(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    const saved = (req.query as Record<string, string>).saved;
    return this.modelPage(await this.draft(id), {}, [], saved ? `${saved} saved.` : null);
  }

  /**
   * The weights at every level, each lot's price method, the limit on lots per supplier and the
   * tie-break, saved together; a move
   * button (`action` = `up:<key>` or `down:<key>`) saves them and moves that criterion one place.
   */
  @Post()
  @Access('commissioner')
  @OwnTransactions()
  async saveModel(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.change(req, res, id, form, 'Weights and price methods', async (t) => {
      let model = structuredClone(t.evaluationModel!);
      const problems: FormProblem[] = [];
      const reweigh = (list: Criterion[]) =>
        list.forEach((c) => {
          const w = (form[`weight-${c.key}`] ?? c.weight).trim().replace(/%$/, '');
          if (!WEIGHT.test(w) || Number(w) > 100)
            problems.push({
              field: `weight-${c.key}`,
              rule: 'percentage',
              message: `Enter the weight of “${c.title}” as a percentage from 0 to 100, for example 12.5`,
            });
          else c.weight = w;
          if (c.children) reweigh(c.children);
        });
      reweigh(model.criteria);
      // The limit is on the page only when there are lots to limit; a form without it leaves it as it is.
      if (form.lotCapMax !== undefined && model.lots.length > 1) {
        const { cap, problems: capProblems } = lotCapFromForm(form, model.lots.length);
        problems.push(...capProblems);
        model = setLotCap(model, cap);
      }
      if (problems.length) throw validationProblem(problems);
      model.lots.forEach((l) => {
        const m = form[`method-${l.key}`];
        if (m && (PRICE_METHODS as readonly string[]).includes(m)) l.priceMethod = m as typeof l.priceMethod;
      });
      const order = TIE_BREAKS.filter((b) => form[`tie-${b}`]).sort((a, b) => Number(form[`tie-${a}`]) - Number(form[`tie-${b}`]));
      model.tieBreak = order.length ? order : model.tieBreak;
      const [direction, key] = (form.action ?? '').split(':');
      if ((direction === 'up' || direction === 'down') && key && findCriterion(model, key)) model = moveCriterion(model, key, direction);
      return { model, change: direction === 'up' || direction === 'down' ? `moved ${key} ${direction}` : 'weights', anchor: key ? `row-${key}` : 'criteria' };
    });
  }

  /**
   * Starts the draft from another of the authority's tenders' models (at any stage: a service tendered
   * before is the usual start), replacing every criterion, lot, limit and tie-break; each is then
   * changed here as any other. Row-level security keeps the choice to the authority's own tenders.
   */
  @Post('copy')
  @Access('commissioner')
  @OwnTransactions()
  async copyModel(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.change(req, res, id, form, 'The copied model', async () => {
      const from = (form.from ?? '').trim();
      const source = isUuid(from) && from !== id ? await this.db.manager.findOne(Tender, { where: { id: from } }) : null;
      if (!source?.evaluationModel)
        throw validationProblem([{ field: 'from', rule: 'required', message: 'Choose the tender whose evaluation model to start from' }]);
      return { model: structuredClone(source.evaluationModel), change: `copied from ${source.reference}`, anchor: 'criteria' };
    });
  }

  @Get('criteria/new')
  @Access('commissioner')
  @Render('authority-tenders/criterion')
  @UseInterceptors(PageInterceptor)
  async newCriterion(@Param('id', uuidParam()) id: string, @Query('under') under?: string) {
    const t = await this.draft(id);
    const parent = under ? this.criterionOr404(t, keyParam(under)).criterion : null;
    // A sub-criterion added under a marked one takes its marking with it: the form starts from there.
    const start =
      parent && !parent.children && parent.scale ? { scale: parent.scale, bands: parent.bands ?? [] } : { scale: '0-5' as const, bands: startingBands('0-5') };
    return this.criterionPage(t, null, parent, criterionForm({ scale: start.scale }, start.bands), []);
  }

  @Post('criteria')
  @Access('commissioner')
  @OwnTransactions()
  async addCriterion(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.change(
      req,
      res,
      id,
      form,
      'The new criterion',
      async (t) => {
        const model = t.evaluationModel!;
        const parent = form.under ? this.criterionOr404(t, keyParam(form.under)).criterion : null;
        const { fields, problems } = criterionFromForm(form, {
          top: !parent,
          price: false,
          parent: false,
          usedCategories: categoriesTaken(model),
          socialValue: !!parent && inSocialValue(model, parent.key),
        });
        if (problems.length) throw validationProblem(problems);
        const added = addCriterion(model, parent?.key ?? null, fields);
        return { model: added.model, change: `added ${added.key}`, anchor: `row-${added.key}` };
      },
      { on: 'criterion' },
    );
  }

  @Get('criteria/:key')
  @Access('commissioner')
  @Render('authority-tenders/criterion')
  @UseInterceptors(PageInterceptor)
  async criterion(@Param('id', uuidParam()) id: string, @Param('key') key: string) {
    const t = await this.draft(id);
    const { criterion, parent } = this.criterionOr404(t, keyParam(key));
    const bands = criterion.bands ?? startingBands(criterion.scale ?? '0-5');
    return this.criterionPage(t, criterion, parent, criterionForm(criterion, bands), []);
  }

  @Post('criteria/:key')
  @Access('commissioner')
  @OwnTransactions()
  async changeCriterion(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Param('key') key: string, @Body() form: Form) {
    await this.change(
      req,
      res,
      id,
      form,
      'The criterion',
      async (t) => {
        const model = t.evaluationModel!;
        const { criterion, parent } = this.criterionOr404(t, keyParam(key));
        const { fields, problems } = criterionFromForm(form, {
          top: !parent,
          price: criterion.category === 'price',
          parent: !!criterion.children,
          usedCategories: categoriesTaken(model, criterion),
          socialValue: inSocialValue(model, key),
        });
        if (problems.length) throw validationProblem(problems);
        return { model: changeCriterion(model, key, fields), change: `changed ${key}`, anchor: `row-${key}` };
      },
      { on: 'criterion', key },
    );
  }

  @Post('criteria/:key/remove')
  @Access('commissioner')
  @OwnTransactions()
  async removeCriterion(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Param('key') key: string, @Body() form: Form) {
    await this.change(
      req,
      res,
      id,
      form,
      'The removal',
      async (t) => {
        const { criterion } = this.criterionOr404(t, keyParam(key));
        const model = t.evaluationModel!;
        if (model.criteria.length === 1 && model.criteria[0] === criterion)
          throw validationProblem([
            { field: 'remove', rule: 'one-criterion', message: 'A model keeps at least one criterion: add another before removing this one' },
          ]);
        return { model: removeCriterion(model, key), change: `removed ${key}`, anchor: 'criteria' };
      },
      { on: 'criterion', key, removal: true },
    );
  }

  @Get('lots/new')
  @Access('commissioner')
  @Render('authority-tenders/lot')
  @UseInterceptors(PageInterceptor)
  async newLot(@Param('id', uuidParam()) id: string) {
    return this.lotPage(await this.draft(id), null, lotForm({ priceMethod: 'relative_to_lowest' }), []);
  }

  @Post('lots')
  @Access('commissioner')
  @OwnTransactions()
  async addLot(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.change(
      req,
      res,
      id,
      form,
      'The new lot',
      async (t) => {
        const { fields, problems } = lotFromForm(form);
        if (problems.length) throw validationProblem(problems);
        const added = addLot(t.evaluationModel!, fields);
        return { model: added.model, change: `added lot ${added.key}`, anchor: 'lots' };
      },
      { on: 'lot' },
    );
  }

  @Get('lots/:key')
  @Access('commissioner')
  @Render('authority-tenders/lot')
  @UseInterceptors(PageInterceptor)
  async lot(@Param('id', uuidParam()) id: string, @Param('key') key: string) {
    const t = await this.draft(id);
    const lot = this.lotOr404(t, keyParam(key));
    return this.lotPage(t, lot.key, lotForm(lot), []);
  }

  @Post('lots/:key')
  @Access('commissioner')
  @OwnTransactions()
  async changeLot(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Param('key') key: string, @Body() form: Form) {
    await this.change(
      req,
      res,
      id,
      form,
      'The lot',
      async (t) => {
        this.lotOr404(t, keyParam(key));
        const { fields, problems } = lotFromForm(form);
        if (problems.length) throw validationProblem(problems);
        return { model: changeLot(t.evaluationModel!, key, fields), change: `changed lot ${key}`, anchor: 'lots' };
      },
      { on: 'lot', key },
    );
  }

  @Post('lots/:key/remove')
  @Access('commissioner')
  @OwnTransactions()
  async removeLot(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Param('key') key: string, @Body() form: Form) {
    await this.change(
      req,
      res,
      id,
      form,
      'The removal',
      async (t) => {
        this.lotOr404(t, keyParam(key));
        if (t.evaluationModel!.lots.length === 1)
          throw validationProblem([{ field: 'remove', rule: 'one-lot', message: 'A tender keeps at least one lot: add another before removing this one' }]);
        return { model: removeLot(t.evaluationModel!, key), change: `removed lot ${key}`, anchor: 'lots' };
      },
      { on: 'lot', key, removal: true },
    );
  }

  /**
   * One change to the draft's model, saved in its own transaction at the version the form was read at,
   * then back to the model with its problems; refused, the same form comes back with every problem
   * beside its field and nothing saved.
   */
  private async change(
    req: PageRequest,
    res: Response,
    id: string,
    form: Form,
    what: string,
    edit: (t: Tender) => Promise<{ model: EvaluationModel; change: string; anchor: string }>,
    refused: Refused = { on: 'model' },
  ) {
    try {
      const anchor = await this.work.commit(req.principal, async () => {
        const t = await this.draft(id);
        const { model, change, anchor } = await edit(t);
        await this.authoring.saveDraftModel(id, Number(form.version) || 0, model, change);
        return anchor;
      });
      res.redirect(303, `/authority/tenders/${id}/model?saved=${encodeURIComponent(what)}#${anchor}`);
    } catch (err) {
      const errors = fixableErrors(err);
      const view = `authority-tenders/${refused.on}`;
      const page = await this.work.commit(req.principal, async () => {
        const t = await this.draft(id);
        if (refused.on === 'model') return this.modelPage(t, form, errors, null);
        const { key, removal = false } = refused;
        // A removal refused comes back to the page as saved; a form refused, as it was typed.
        if (refused.on === 'lot') {
          const lot = key ? t.evaluationModel!.lots.find((l) => l.key === key) : undefined;
          return this.lotPage(t, lot?.key ?? null, removal && lot ? lotForm(lot) : form, errors);
        }
        const found = key ? findCriterion(t.evaluationModel!, key) : null;
        const parent = found ? found.parent : form.under ? (findCriterion(t.evaluationModel!, form.under)?.criterion ?? null) : null;
        const typed = removal && found ? criterionForm(found.criterion, found.criterion.bands ?? startingBands(found.criterion.scale ?? '0-5')) : form;
        return this.criterionPage(t, found?.criterion ?? null, parent, typed, errors);
      });
      this.pages.sendRefused(req, res, view, page);
    }
  }

  /** A draft with a model: anything else has no model to edit here (a published model is fixed). */
  private async draft(id: string): Promise<Tender> {
    const t = await tenderOr404(this.db.manager, id);
    if (t.status !== 'draft' || !t.evaluationModel) throw notFound('Draft evaluation model');
    return t;
  }

  private criterionOr404(t: Tender, key: string) {
    const found = findCriterion(t.evaluationModel!, key);
    if (!found) throw notFound('Criterion');
    return found;
  }

  private lotOr404(t: Tender, key: string) {
    const lot = t.evaluationModel!.lots.find((l) => l.key === key);
    if (!lot) throw notFound('Lot');
    return lot;
  }

  private tenderView(t: Tender) {
    return { id: t.id, title: t.title, reference: t.reference, version: t.version };
  }

  private async modelPage(t: Tender, form: Form, errors: FieldError[], notice: string | null) {
    const model = t.evaluationModel!;
    const problems = await this.authoring.problemsBeforePublishing(model);
    const usedCategories = new Set(categoriesTaken(model));
    const capOrder = form.lotCapOrder ?? model.lotCap?.order ?? 'model_order';
    const others = await this.db.manager.find(Tender, {
      select: { id: true, reference: true, title: true },
      where: { id: Not(t.id), evaluationModel: Not(IsNull()) },
      order: { createdAt: 'DESC' },
      take: 200,
    });
    return {
      title: `${errors.length ? 'Error: ' : ''}Evaluation model: ${t.title}`,
      notice,
      tender: this.tenderView(t),
      errors,
      problems: problemList(model, problems, `/authority/tenders/${t.id}/model`),
      criteria: treeRows(model.criteria).map((r) => ({
        ...r,
        weight: form[`weight-${r.key as string}`] ?? r.weight,
        error: errorFor(errors, `weight-${r.key as string}`),
      })),
      canAddTop: CATEGORIES.some((c) => !usedCategories.has(c)),
      lots: model.lots.map((l) => ({
        key: l.key,
        title: l.title,
        method: label(l.priceMethod),
        methods: PRICE_METHODS.map((m) => ({ value: m, text: label(m), selected: (form[`method-${l.key}`] ?? l.priceMethod) === m })),
      })),
      lotCap:
        model.lots.length > 1
          ? {
              max: form.lotCapMax ?? String(model.lotCap?.maxLotsPerSupplier ?? ''),
              error: errorFor(errors, 'lotCapMax'),
              orders: LOT_CAP_ORDERS.map((o) => ({ value: o, text: CAP_ORDERS[o], checked: capOrder === o })),
              orderError: errorFor(errors, 'lotCapOrder'),
            }
          : null,
      copy: others.length
        ? {
            sources: [
              { value: '', text: 'Choose a tender', selected: !form.from },
              ...others.map((o) => ({ value: o.id, text: `${o.reference}: ${o.title}`, selected: form.from === o.id })),
            ],
            error: errorFor(errors, 'from'),
          }
        : null,
      tieBreaks: TIE_BREAKS.map((b) => {
        const at = model.tieBreak.indexOf(b);
        const value = form[`tie-${b}`] ?? (at >= 0 ? String(at + 1) : '');
        return {
          value: b,
          text: label(b),
          options: ['', '1', '2', '3', '4'].map((o) => ({ value: o, text: o === '' ? 'Not used' : `${o}`, selected: o === value })),
        };
      }),
    };
  }

  private criterionPage(t: Tender, criterion: Criterion | null, parent: Criterion | null, form: Form, errors: FieldError[]) {
    const model = t.evaluationModel!;
    const top = !parent;
    const used = categoriesTaken(model, criterion ?? undefined);
    const price = criterion?.category === 'price' || (top && form.category === 'price');
    const isParent = !!criterion?.children;
    const errorOf = (field: string) => errorFor(errors, field);
    const heading = criterion ? criterion.title : parent ? `Add a sub-criterion to ${parent.title}` : 'Add a criterion';
    return {
      title: `${errors.length ? 'Error: ' : ''}${heading}`,
      heading,
      tender: this.tenderView(t),
      errors,
      action: criterion ? `/authority/tenders/${t.id}/model/criteria/${criterion.key}` : `/authority/tenders/${t.id}/model/criteria`,
      removeAction: criterion ? `/authority/tenders/${t.id}/model/criteria/${criterion.key}/remove` : null,
      under: parent?.key ?? '',
      parentTitle: parent?.title ?? null,
      hasChildren: isParent ? criterion!.children!.length : 0,
      // A top-level criterion being added chooses what it scores; one already made keeps it.
      categories:
        top && !criterion
          ? CATEGORIES.filter((c) => !used.includes(c as Category)).map((c) => ({ value: c, text: label(c), checked: form.category === c }))
          : null,
      categoryText: criterion?.category ? label(criterion.category) : null,
      marked: !price && !isParent,
      // Social value may be marked from the value each bid commits; a new top-level criterion may become social value.
      markedBy:
        !price && !isParent && ((top && !criterion) || inSocialValue(model, (criterion ?? parent)!.key))
          ? [
              { value: 'evaluators', text: 'By evaluators, against the bands below', checked: (form.markedBy ?? 'evaluators') === 'evaluators' },
              {
                value: 'relative_to_highest',
                text: 'From the social value each bid commits: the top mark times its committed value over the highest committed in its lot',
                checked: form.markedBy === 'relative_to_highest',
              },
            ]
          : null,
      titleLabel: !price && !isParent ? 'Question' : 'Title',
      titleHint: !price && !isParent ? 'What bidders answer, for example How will you keep the people you support safe?' : '',
      form,
      scales: SCALES.map((s) => ({ value: s, text: `0 to ${s.split('-')[1]}`, checked: form.scale === s })),
      bandRows: Array.from({ length: BAND_ROWS }, (_, i) => ({
        i,
        n: i + 1,
        min: form[`band-${i}-min`] ?? '',
        max: form[`band-${i}-max`] ?? '',
        descriptor: form[`band-${i}-descriptor`] ?? '',
        error: errorOf(`band-${i}-min`) ?? errorOf(`band-${i}-descriptor`),
      })),
      fieldErrors: Object.fromEntries(
        ['title', 'weight', 'category', 'guidance', 'wordLimit', 'scale', 'markedBy', 'minimumScore', 'remove'].map((f) => [f, errorOf(f)]),
      ),
    };
  }

  private lotPage(t: Tender, key: string | null, form: Form, errors: FieldError[]) {
    const errorOf = (field: string) => errorFor(errors, field);
    const lot = key ? t.evaluationModel!.lots.find((l) => l.key === key) : null;
    const heading = lot ? lot.title : 'Add a lot';
    return {
      title: `${errors.length ? 'Error: ' : ''}${heading}`,
      heading,
      tender: this.tenderView(t),
      errors,
      action: lot ? `/authority/tenders/${t.id}/model/lots/${lot.key}` : `/authority/tenders/${t.id}/model/lots`,
      removeAction: lot && t.evaluationModel!.lots.length > 1 ? `/authority/tenders/${t.id}/model/lots/${lot.key}/remove` : null,
      form: { title: form.title ?? '', estimatedValue: form.estimatedValue ?? '', floor: form.floor ?? '', ceiling: form.ceiling ?? '' },
      methods: PRICE_METHODS.map((m) => ({ value: m, text: label(m), checked: form.priceMethod === m })),
      fieldErrors: Object.fromEntries(['title', 'priceMethod', 'estimatedValue', 'floor', 'ceiling', 'remove'].map((f) => [f, errorOf(f)])),
    };
  }
}
