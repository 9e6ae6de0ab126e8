import { Module } from '@nestjs/common';
import { BidsModule } from '#bids';
import { EvaluationModule } from '#evaluation';
import { PublicCharacterModule } from '#public-character';
import { TenderingModule } from '#tendering';
import { ContractExpiryJob } from './contract/contract-expiry.job.js';
import { ContractsController, ProviderContractsController } from './contract/contracts.controller.js';
import { Contracts } from './contract/contracts.service.js';
import { ContractPagesController, ProviderContractPagesController } from './pages/contract-pages.controller.js';
import { CommitmentReviewRemindersJob } from './commitments/commitment-review-reminders.job.js';
import { CommitmentReviews } from './commitments/commitment-reviews.service.js';
import { CommitmentsController, ProviderCommitmentsController } from './commitments/commitments.controller.js';
import { Commitments } from './commitments/commitments.service.js';
import { DeliveryController, ProviderDeliveryController } from './delivery/delivery.controller.js';
import { Deliveries } from './delivery/delivery.service.js';
import { CommitmentPagesController } from './pages/commitment-pages.controller.js';
import { CommitmentExtensions } from './pages/commitments-table.extension.js';
import { ContractManagerDashboard } from './pages/contract-manager-dashboard.extension.js';
import { DeliveryPagesController } from './pages/delivery-pages.controller.js';
import { OutcomeMetrics } from './outcomes/outcome-metrics.service.js';
import { OutcomeReports } from './outcomes/outcome-reports.service.js';
import { OutcomeReviewsController, OutcomesController, ProviderOutcomesController } from './outcomes/outcomes.controller.js';
import { OutcomeReviews } from './reviews/outcome-reviews.service.js';
import { PaymentsController, ProviderPaymentsController } from './payments/payments.controller.js';
import { Payments } from './payments/payments.service.js';
import { KpisController, ProviderKpisController } from './kpis/kpis.controller.js';
import { Kpis } from './kpis/kpis.service.js';
import { ContractPage } from './pages/contract-page.service.js';
import { ContractForms } from './pages/contract-forms.service.js';
import { ChangesController, ProviderChangesController } from './changes/changes.controller.js';
import { ContractChanges } from './changes/contract-changes.service.js';
import { PolicyModule } from '#policy';
import { AssessmentRemindersJob } from './assessments/assessment-reminders.job.js';
import { AssessmentsController, ProviderAssessmentsController } from './assessments/assessments.controller.js';
import { PerformanceAssessments } from './assessments/performance-assessments.service.js';
import { ChangePagesController } from './pages/change-pages.controller.js';
import { AssessmentPagesController, ProviderAssessmentPagesController } from './pages/assessment-pages.controller.js';
import { ContractDashboards } from './pages/contract-dashboards.extension.js';
import { OutcomePagesController, ProviderOutcomePagesController } from './pages/outcome-pages.controller.js';

const SERVICES = [
  Contracts,
  Payments,
  OutcomeMetrics,
  OutcomeReports,
  OutcomeReviews,
  Kpis,
  PerformanceAssessments,
  AssessmentRemindersJob,
  ContractChanges,
  ContractExpiryJob,
  Commitments,
  CommitmentReviews,
  Deliveries,
  CommitmentReviewRemindersJob,
];

/** After the award: the contract itself (terms, signature, termination), its outcomes read in context and its payment schedule, its commitments (public character and social value), their yearly reviews and delivery reports (API and pages). */
@Module({
  imports: [TenderingModule, BidsModule, EvaluationModule, PublicCharacterModule, PolicyModule],
  controllers: [
    ContractsController,
    ProviderContractsController,
    KpisController,
    ProviderKpisController,
    AssessmentsController,
    ProviderAssessmentsController,
    ChangesController,
    ProviderChangesController,
    OutcomesController,
    OutcomeReviewsController,
    ProviderOutcomesController,
    PaymentsController,
    ProviderPaymentsController,
    ContractPagesController,
    ProviderContractPagesController,
    OutcomePagesController,
    ProviderOutcomePagesController,
    AssessmentPagesController,
    ChangePagesController,
    ProviderAssessmentPagesController,
    CommitmentsController,
    ProviderCommitmentsController,
    DeliveryController,
    ProviderDeliveryController,
    CommitmentPagesController,
    DeliveryPagesController,
  ],
  providers: [...SERVICES, ContractPage, ContractForms, ContractManagerDashboard, ContractDashboards, CommitmentExtensions],
  exports: SERVICES,
})
export class ContractsModule {}
