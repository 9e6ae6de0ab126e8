import { Module } from '@nestjs/common';
import { AuthorityBidsController, ProviderBidsController } from './bids/bids.controller.js';
import { Bids } from './bids/bids.service.js';
import { BidDocuments } from './bids/bid-documents.service.js';
import { ClarificationsController, PublicClarificationsController } from './clarifications/clarifications.controller.js';
import { Clarifications } from './clarifications/clarifications.service.js';
import { DOCUMENT_STORAGE, LocalDiskStorage } from './documents/document-storage.js';
import { DocumentsController, PublicDocumentsController } from './documents/documents.controller.js';
import { DocumentUpload } from './documents/document-upload.guard.js';
import { Documents } from './documents/documents.service.js';
import { DeadlineRemindersJob } from './reminders/deadline-reminders.job.js';
import { APP_CONFIG, type AppConfig } from '#platform';
import { PolicyPacksController } from './policy/policy-packs.controller.js';
import { PolicyPacks } from './policy/policy-packs.service.js';
import { PublicTendersController } from './public/public-tenders.controller.js';
import { PublishedTenders } from './public/published-tenders.service.js';
import { TenderAuthoringController } from './tenders/tender-authoring.controller.js';
import { TenderAuthoring } from './tenders/tender-authoring.service.js';
import { TendersController } from './tenders/tenders.controller.js';
import { CycleReader } from './cycles/cycle-reader.service.js';
import { Cycles } from './cycles/cycles.service.js';
import { CyclesController } from './cycles/cycles.controller.js';
import { AssessmentSummaries } from './evaluation/assessment-summaries.service.js';
import { AssessmentSummaryController } from './evaluation/assessment-summary.controller.js';
import { Awards } from './evaluation/awards.service.js';
import { EvaluationContexts } from './evaluation/evaluation-context.service.js';
import { EvaluationController } from './evaluation/evaluation.controller.js';
import { EvaluationSetup } from './evaluation/evaluation-setup.service.js';
import { Moderation } from './evaluation/moderation.service.js';
import { Scoring } from './evaluation/scoring.service.js';
import { PublicSocialValueController, SocialValueController } from './social-value/social-value.controller.js';
import { PublicCharacterController } from './public-character/public-character.controller.js';
import { PublicCharacterFrameworks } from './public-character/frameworks.service.js';
import { EvidenceLibrary } from './public-character/evidence-library.service.js';
import { SelfAssessments } from './public-character/self-assessments.service.js';
import { Verifications } from './public-character/verifications.service.js';
import { PublicCharacterEvidence } from './public-character/public-character-evidence.service.js';
import { PublicCharacterEvaluation } from './public-character/public-character-evaluation.service.js';
import { Commitments } from './public-character/commitments.service.js';
import { Deliveries } from './delivery/delivery.service.js';
import { ProviderEvents } from './provider-events/provider-events.service.js';
import { CommitmentReviews } from './public-character/commitment-reviews.service.js';
import { CommitmentReviewRemindersJob } from './reminders/commitment-review-reminders.job.js';
import { DeliveryController, ProviderDeliveryController } from './delivery/delivery.controller.js';
import { ProviderEvidenceController, SelfAssessmentController } from './public-character/provider-evidence.controller.js';
import { ProviderPublicCharacterController, VerificationController } from './public-character/verification.controller.js';
import { SocialValueCatalogues } from './social-value/social-value-catalogues.service.js';

@Module({ controllers: [TendersController, TenderAuthoringController, PolicyPacksController, PublicTendersController, PublicClarificationsController, ClarificationsController, DocumentsController, PublicDocumentsController, ProviderBidsController, AuthorityBidsController, CyclesController, EvaluationController, AssessmentSummaryController, SocialValueController, PublicSocialValueController, PublicCharacterController, ProviderEvidenceController, SelfAssessmentController, VerificationController, ProviderPublicCharacterController, DeliveryController, ProviderDeliveryController], providers: [
    DeadlineRemindersJob, PolicyPacks, TenderAuthoring, Clarifications, Documents, DocumentUpload, PublishedTenders, Bids, BidDocuments, Cycles, CycleReader,
    EvaluationContexts, EvaluationSetup, Scoring, Moderation, Awards, AssessmentSummaries, SocialValueCatalogues, PublicCharacterFrameworks,
    EvidenceLibrary, SelfAssessments, Verifications, PublicCharacterEvidence, PublicCharacterEvaluation, Commitments, Deliveries, ProviderEvents, CommitmentReviews, CommitmentReviewRemindersJob,
    { provide: DOCUMENT_STORAGE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new LocalDiskStorage(c.documentsDir) },
  ], exports: [DeadlineRemindersJob, PublishedTenders, CycleReader, Cycles, PolicyPacks, Clarifications, Documents, Bids, BidDocuments, TenderAuthoring, DocumentUpload, EvaluationContexts, EvaluationSetup, Scoring, Moderation, Awards, AssessmentSummaries, SocialValueCatalogues, PublicCharacterFrameworks, EvidenceLibrary, SelfAssessments, Verifications, PublicCharacterEvidence, Commitments, Deliveries, CommitmentReviews, CommitmentReviewRemindersJob] })
export class TenderingModule {}
