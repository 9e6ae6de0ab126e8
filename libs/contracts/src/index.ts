export { CommitmentReviewRemindersJob } from './commitments/commitment-review-reminders.job.js';
export { CommitmentReview, ContractCommitment } from './commitments/commitment.entity.js';
export { publicCharacterCommitments, socialValueCommitments } from './commitments/commitments.js';
export { DeliveryReport, DeliveryReportReview } from './delivery/delivery.entities.js';
export { ContractsModule } from './contracts.module.js';
import { CommitmentReview, ContractCommitment } from './commitments/commitment.entity.js';
import { DeliveryReport, DeliveryReportReview } from './delivery/delivery.entities.js';
export const CONTRACTS_ENTITIES = [ContractCommitment, CommitmentReview, DeliveryReport, DeliveryReportReview];
