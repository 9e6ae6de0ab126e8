import { Module } from '@nestjs/common';
import { BidsModule } from '#bids';
import { CommissioningModule } from '#commissioning';
import { PolicyModule } from '#policy';
import { PublicCharacterModule } from '#public-character';
import { SocialValueModule } from '#social-value';
import { TenderingModule } from '#tendering';
import { AssessmentSummaries } from './assessment-summaries.service.js';
import { AssessmentSummaryController } from './assessment-summary.controller.js';
import { AwardHooks } from './award-hooks.service.js';
import { Awards } from './awards.service.js';
import { EvaluationContexts } from './evaluation-context.service.js';
import { EvaluationSetup } from './evaluation-setup.service.js';
import { EvaluationController } from './evaluation.controller.js';
import { Moderation } from './moderation.service.js';
import { AssessmentSummaryPageController } from './pages/assessment-summary-page.controller.js';
import { EvaluationPagesController } from './pages/evaluation-pages.controller.js';
import { EvaluatorDashboard } from './pages/evaluator-dashboard.extension.js';
import { SummaryLink } from './pages/summary-link.extension.js';
import { TenderAwardSection } from './pages/tender-award.extension.js';
import { BidOutcomes } from './pages/bid-outcomes.extension.js';
import { ScoringPagesController } from './pages/scoring-pages.controller.js';
import { VerificationPagesController } from './pages/verification-pages.controller.js';
import { PublicCharacterEvaluation } from './public-character/public-character-evaluation.service.js';
import { PublicCharacterEvidence } from './public-character/public-character-evidence.service.js';
import { ProviderPublicCharacterController, VerificationController } from './public-character/verification.controller.js';
import { Verifications } from './public-character/verifications.service.js';
import { Scoring } from './scoring.service.js';

const SERVICES = [
  EvaluationContexts,
  EvaluationSetup,
  Scoring,
  Moderation,
  Awards,
  AwardHooks,
  AssessmentSummaries,
  PublicCharacterEvaluation,
  PublicCharacterEvidence,
  Verifications,
];

/** The evaluation of a tender's bids: assignments, independent marks, moderation, verification of public character, award and summaries (API and pages). */
@Module({
  imports: [PolicyModule, CommissioningModule, PublicCharacterModule, SocialValueModule, TenderingModule, BidsModule],
  controllers: [
    EvaluationController,
    AssessmentSummaryController,
    VerificationController,
    ProviderPublicCharacterController,
    EvaluationPagesController,
    ScoringPagesController,
    AssessmentSummaryPageController,
    VerificationPagesController,
  ],
  providers: [...SERVICES, EvaluatorDashboard, SummaryLink, TenderAwardSection, BidOutcomes],
  exports: SERVICES,
})
export class EvaluationModule {}
