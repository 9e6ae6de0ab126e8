export { CommitmentReviewRemindersJob } from './commitments/commitment-review-reminders.job.js';
export { CommitmentReview, ContractCommitment } from './commitments/commitment.entity.js';
export { publicCharacterCommitments, socialValueCommitments } from './commitments/commitments.js';
export { DeliveryReport, DeliveryReportReview } from './delivery/delivery.entities.js';
export { ContractsModule } from './contracts.module.js';
import { CommitmentReview, ContractCommitment } from './commitments/commitment.entity.js';
import { DeliveryReport, DeliveryReportReview } from './delivery/delivery.entities.js';
import { Contract } from './contract/contract.entity.js';
import { OutcomeMetric, OutcomeReport, OutcomeValidation } from './outcomes/outcome.entities.js';
import { ContractPayment } from './payments/payment.entity.js';
import { OutcomeReview, OutcomeReviewExplanation } from './reviews/review.entities.js';
import { ContractKpi, KpiMeasurement } from './kpis/kpi.entities.js';
import { PerformanceAssessment } from './assessments/assessment.entity.js';
import { ContractChange } from './changes/contract-change.entity.js';
export const CONTRACTS_ENTITIES = [
  Contract,
  ContractCommitment,
  CommitmentReview,
  DeliveryReport,
  DeliveryReportReview,
  OutcomeMetric,
  OutcomeReport,
  OutcomeValidation,
  ContractPayment,
  OutcomeReview,
  OutcomeReviewExplanation,
  ContractKpi,
  KpiMeasurement,
  PerformanceAssessment,
  ContractChange,
];
export { Contract } from './contract/contract.entity.js';
export { contractRow, Contracts } from './contract/contracts.service.js';
export { termEnd, termsAtAward } from './contract/contract-rules.js';
export { ContractExpiryJob } from './contract/contract-expiry.job.js';
export { ContractPayment } from './payments/payment.entity.js';
export { OutcomeMetric, OutcomeReport, OutcomeValidation } from './outcomes/outcome.entities.js';
export { OutcomeReview, OutcomeReviewExplanation } from './reviews/review.entities.js';
export { contractOutcomeCap, targetFor } from './outcomes/outcome-metric-rules.js';
export { expectedResult, resultRate } from './outcomes/context-adjustment.js';
export { outcomePayment } from './outcomes/outcome-payment.js';
export { fixedFeeInstalments, periods } from './outcomes/reporting-periods.js';
export { scheduleLine } from './payments/payments.service.js';
export { fixedFee } from './payments/payment-rules.js';
export { reviewRow } from './reviews/outcome-reviews.service.js';
export { ContractKpi, KpiMeasurement } from './kpis/kpi.entities.js';
export { KPI_RATINGS, kpiRating, type KpiRating, OCDS_RATING, RATING_NAMES } from './kpis/kpi-rules.js';
export { PerformanceAssessment } from './assessments/assessment.entity.js';
export { AssessmentRemindersJob } from './assessments/assessment-reminders.job.js';
export { derivedRating, kpiResults } from './assessments/assessment-rules.js';
export { ContractChange } from './changes/contract-change.entity.js';
export { costImpact, extendedEnd } from './changes/change-rules.js';
export { ContractLedger } from './ledger/contract-ledger.port.js';
export { requirePerson } from './contract/person-required.problem.js';
