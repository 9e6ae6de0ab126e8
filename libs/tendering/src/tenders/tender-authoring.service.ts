import { HttpStatus, Injectable } from '@nestjs/common';
import { Publication } from '#jobs';
import { AuditLog, newId, type Principal, ProblemException, RequestDb, takenProblem, validationProblem, conflictProblem } from '#platform';
import { contentHash } from '#kernel';
import { type EvaluationModel, type ModelProblem, modelProblems, policyProblems, shapeProblems } from '../model/evaluation-model.js';
import { canTransition, TRANSITIONS } from '../model/tender-status.js';
import { PolicyPacks } from '#policy';
import { CommissioningCycle, Cycles } from '#commissioning';
import type { CreateTenderDto, TransitionDto, UpdateTenderDto } from './tender-authoring.dto.js';
import { PublicCharacterFrameworks } from '#public-character';
import { SocialValueCatalogues } from '#social-value';
import { Tender } from './tender.entity.js';
import { tenderOr404 } from './tender-lookup.query.js';

const prefixed = (problems: ModelProblem[]) => problems.map((p) => ({ ...p, field: `model.${p.field}` }));

const policyViolation = (problems: ModelProblem[]) =>
  new ProblemException(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'policy-violation',
    'The tender breaks your authority’s policy',
    problems.map((p) => p.message).join('; '),
    { errors: prefixed(problems) },
  );

/**
 * The draft's dates, refused when entered if they cannot work (rather than only at publication, a dead end):
 * each in the future, and questions closing at or before the deadline for bids.
 */
function checkedDeadlines(dto: CreateTenderDto, now = new Date()): { submissionDeadline: Date | null; clarificationDeadline: Date | null } {
  const submissionDeadline = dto.submissionDeadline ? new Date(dto.submissionDeadline) : null;
  const clarificationDeadline = dto.clarificationDeadline ? new Date(dto.clarificationDeadline) : null;
  const problems: { field: string; rule: string; message: string }[] = [];
  if (submissionDeadline && submissionDeadline <= now)
    problems.push({ field: 'submissionDeadline', rule: 'future', message: 'The deadline for bids must be in the future' });
  if (clarificationDeadline && clarificationDeadline <= now)
    problems.push({ field: 'clarificationDeadline', rule: 'future', message: 'The date questions close must be in the future' });
  else if (clarificationDeadline && submissionDeadline && clarificationDeadline > submissionDeadline)
    problems.push({ field: 'clarificationDeadline', rule: 'before-submission-deadline', message: 'Questions must close at or before the deadline for bids' });
  if (problems.length) throw validationProblem(problems);
  return { submissionDeadline, clarificationDeadline };
}

/** A draft's details, as the details form and the API's full edit send them (the model aside). */
export type DraftDetails = Omit<UpdateTenderDto, 'model'>;

/**
 * Drafting and the lifecycle of a tender. A model is checked whenever it is
 * saved (well formed: 400; against the policy pack in force: 422), and again at
 * publication, which also needs a future deadline and freezes the model with
 * its content hash and the policy pack version it was checked against.
 */
@Injectable()
export class TenderAuthoring {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly packs: PolicyPacks,
    private readonly cycles: Cycles,
    private readonly frameworks: PublicCharacterFrameworks,
    private readonly catalogues: SocialValueCatalogues,
    private readonly published: Publication,
  ) {}

  async create(dto: CreateTenderDto, principal: Principal): Promise<Tender> {
    const { version, model } = await this.checkedModel(dto.model);
    const cycleId = await this.checkedCycle(dto.cycleId);
    const { submissionDeadline, clarificationDeadline } = checkedDeadlines(dto);
    await this.referenceFree(dto.reference, null);
    const tender: Partial<Tender> = {
      id: newId(),
      tenantId: this.db.tenantId,
      reference: dto.reference,
      title: dto.title,
      description: dto.description ?? '',
      status: 'draft',
      estimatedValue: dto.estimatedValue ?? null,
      currency: 'GBP',
      publishedAt: null,
      submissionDeadline,
      clarificationDeadline,
      policyPackVersion: version,
      evaluationModel: model,
      modelHash: null,
      createdBy: principal.userId ?? null,
      cycleId,
    };
    await this.db.manager.insert(Tender, tender);
    await this.audit.record({ action: 'tender.created', entityType: 'tender', entityId: tender.id!, data: { reference: dto.reference } });
    return this.db.manager.findOneByOrFail(Tender, { id: tender.id! });
  }

  async update(id: string, dto: UpdateTenderDto): Promise<Tender> {
    await this.draftOr409(id);
    const { version, model } = await this.checkedModel(dto.model);
    return this.saveDetails(id, dto, { evaluationModel: model, policyPackVersion: version });
  }

  /** The draft's details alone (reference, title, value, cycle, dates), its model left as it is: the details page. */
  async updateDetails(id: string, dto: DraftDetails): Promise<Tender> {
    await this.draftOr409(id);
    return this.saveDetails(id, dto, {});
  }

  private async draftOr409(id: string): Promise<Tender> {
    const tender = await this.find(id);
    if (tender.status !== 'draft')
      throw conflictProblem('not-draft', 'Only a draft can be edited', `The tender is ${tender.status}; its published details and model are fixed`);
    return tender;
  }

  private async saveDetails(id: string, dto: DraftDetails, model: Partial<Tender>): Promise<Tender> {
    const cycleId = await this.checkedCycle(dto.cycleId);
    const { submissionDeadline, clarificationDeadline } = checkedDeadlines(dto);
    await this.referenceFree(dto.reference, id);
    const result = await this.db.manager
      .createQueryBuilder()
      .update(Tender)
      .set({
        reference: dto.reference,
        title: dto.title,
        description: dto.description ?? '',
        estimatedValue: dto.estimatedValue ?? null,
        submissionDeadline,
        clarificationDeadline,
        cycleId,
        ...model,
        version: () => 'version + 1',
      } as never)
      .where('id = :id AND version = :version AND status = :draft', { id, version: dto.version, draft: 'draft' })
      .execute();
    if (!result.affected) {
      const tender = await this.find(id);
      throw conflictProblem(
        'stale-version',
        'Someone changed the tender first',
        `You edited version ${dto.version}, but version ${tender.version} is now saved. Reload it and apply your changes again.`,
        { currentVersion: tender.version },
      );
    }
    await this.audit.record({ action: 'tender.updated', entityType: 'tender', entityId: id, data: { version: dto.version + 1 } });
    return this.find(id);
  }

  /**
   * A draft's model as the pages build it, one change at a time: saved whole if it has a model's shape,
   * however incomplete (weights that do not yet add up, a new criterion without its bands); everything
   * still wrong is listed by `problemsBeforePublishing` and publication refuses it. The version guards
   * against a change made meanwhile, as an edit through the API does.
   */
  async saveDraftModel(id: string, version: number, model: EvaluationModel, change: string): Promise<Tender> {
    const tender = await this.draftOr409(id);
    const shape = shapeProblems(model);
    if (shape.length) throw validationProblem(prefixed(shape));
    const result = await this.db.manager
      .createQueryBuilder()
      .update(Tender)
      .set({ evaluationModel: model, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version AND status = :draft', { id, version, draft: 'draft' })
      .execute();
    if (!result.affected) {
      throw conflictProblem(
        'stale-version',
        'Someone changed the tender first',
        `Someone else saved a change to this tender while you were editing it. Your change was not saved: check the model as it is now and make it again.`,
        { currentVersion: tender.version },
      );
    }
    await this.audit.record({ action: 'tender.model-edited', entityType: 'tender', entityId: id, data: { version: version + 1, change } });
    return this.find(id);
  }

  /** Everything that stops the model being published: as a model, then against the policy pack in force. */
  async problemsBeforePublishing(model: EvaluationModel): Promise<ModelProblem[]> {
    const structural = modelProblems(model);
    if (structural.length) return structural;
    const { pack } = await this.packs.inForce();
    return policyProblems(model, pack);
  }

  async transition(id: string, dto: TransitionDto): Promise<Tender> {
    const tender = await this.find(id);
    if (!canTransition(tender.status, dto.to)) {
      const allowed = TRANSITIONS[tender.status];
      throw conflictProblem(
        'illegal-transition',
        'The tender cannot move to that status',
        `A ${tender.status} tender can move to ${allowed.length ? allowed.join(' or ') : 'nothing: it has ended'}, not to ${dto.to}`,
        { from: tender.status, to: dto.to, allowed },
      );
    }
    const now = new Date();
    const changes: Partial<Tender> = { status: dto.to };
    if (dto.to === 'cancelled' && !dto.reason)
      throw validationProblem([{ field: 'reason', rule: 'required', message: 'Say why the tender is cancelled: bidders and auditors will see it' }]);
    if (dto.to === 'published') Object.assign(changes, await this.publication(tender, now));
    if (dto.to === 'closed' && tender.submissionDeadline && tender.submissionDeadline > now) {
      throw conflictProblem(
        'deadline-not-passed',
        'The deadline has not passed',
        `Bids can be sent until ${tender.submissionDeadline.toISOString()}; cancel the tender instead if it must stop`,
      );
    }
    const result = await this.db.manager
      .createQueryBuilder()
      .update(Tender)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND status = :from', { id, from: tender.status })
      .execute();
    if (!result.affected) throw conflictProblem('stale-version', 'Someone changed the tender first', 'Its status changed while you were deciding; reload it');
    await this.audit.record({
      action: `tender.${dto.to}`,
      entityType: 'tender',
      entityId: id,
      data: {
        from: tender.status,
        reason: dto.reason ?? null,
        ...(changes.modelHash ? { modelHash: changes.modelHash, policyPackVersion: changes.policyPackVersion } : {}),
      },
    });
    await this.published.processChanged(id);
    return this.find(id);
  }

  private async publication(tender: Tender, now: Date): Promise<Partial<Tender>> {
    const problems: { field: string; rule: string; message: string }[] = [];
    if (!tender.evaluationModel) problems.push({ field: 'model', rule: 'required', message: 'A tender needs its evaluation model before it is published' });
    if (!tender.submissionDeadline)
      problems.push({ field: 'submissionDeadline', rule: 'required', message: 'A tender needs a deadline for bids before it is published' });
    else if (tender.submissionDeadline <= now)
      problems.push({ field: 'submissionDeadline', rule: 'future', message: 'The deadline for bids has already passed' });
    if (problems.length) throw validationProblem(problems, 'The draft is not ready to publish');
    const notReady = tender.cycleId ? await this.cycles.notReady(tender.cycleId) : [];
    if (notReady.length) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'cycle-not-ready',
        'The commissioning cycle is not ready for tender',
        notReady.map((r) => r.message).join('; '),
        { errors: notReady.map((r) => ({ field: 'cycleId', ...r })) },
      );
    }
    const model = tender.evaluationModel!;
    const structural = modelProblems(model);
    if (structural.length) throw validationProblem(prefixed(structural), 'The evaluation model is not complete');
    const { version, pack } = await this.packs.inForce();
    const broken = policyProblems(model, pack);
    if (broken.length) throw policyViolation(broken);
    const { version: frameworkVersion } = await this.frameworks.inForce();
    const catalogueVersion = await this.catalogues.versionInForce();
    return {
      publishedAt: now,
      modelHash: contentHash(model),
      policyPackVersion: version,
      publicCharacterFrameworkVersion: frameworkVersion,
      socialValueCatalogueVersion: catalogueVersion,
    };
  }

  /**
   * A reference is the authority's own name for the tender, once: a second use is a conflict on that field
   * (the form keeps what was typed and says so beside it). The unique index still stops two at once.
   */
  private async referenceFree(reference: string, self: string | null): Promise<void> {
    const other = await this.db.manager.findOne(Tender, { where: { reference }, select: { id: true } });
    if (other && other.id !== self) {
      throw takenProblem(
        'duplicate-reference',
        'The reference is already used',
        'reference',
        `Another of your tenders already has the reference ${reference}: choose another`,
      );
    }
  }

  private async checkedCycle(cycleId: string | undefined): Promise<string | null> {
    if (!cycleId) return null;
    const exists = await this.db.manager.exists(CommissioningCycle, { where: { id: cycleId } });
    if (!exists) throw validationProblem([{ field: 'cycleId', rule: 'exists', message: 'Choose one of your authority’s commissioning cycles, or none' }]);
    return cycleId;
  }

  /** The model as saved, checked, with the policy pack version it was checked against. */
  private async checkedModel(input: Record<string, unknown> | undefined): Promise<{ version: number; model: EvaluationModel | null }> {
    const { version, pack } = await this.packs.inForce();
    if (input === undefined) return { version, model: null };
    const problems = modelProblems(input);
    if (problems.length) throw validationProblem(prefixed(problems));
    const model = input as unknown as EvaluationModel;
    const broken = policyProblems(model, pack);
    if (broken.length) throw policyViolation(broken);
    return { version, model };
  }

  private async find(id: string): Promise<Tender> {
    return tenderOr404(this.db.manager, id);
  }
}
