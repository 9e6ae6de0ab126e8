import { Platform1795365705673 } from './1795365705673-Platform.js';
import { JobsAndWeb1795450000000 } from './1795450000000-JobsAndWeb.js';
import { PolicyPacks1795460000000 } from './1795460000000-PolicyPacks.js';
import { TenderModels1795470000000 } from './1795470000000-TenderModels.js';
import { PublishedTenders1795480000000 } from './1795480000000-PublishedTenders.js';
import { Clarifications1795490000000 } from './1795490000000-Clarifications.js';
import { Documents1795500000000 } from './1795500000000-Documents.js';
import { SealedBids1795510000000 } from './1795510000000-SealedBids.js';
import { CommissioningCycles1795520000000 } from './1795520000000-CommissioningCycles.js';
import { BidDocuments1795530000000 } from './1795530000000-BidDocuments.js';
import { ProviderAccounts1795540000000 } from './1795540000000-ProviderAccounts.js';
import { Evaluations1795550000000 } from './1795550000000-Evaluations.js';
import { SocialValueCatalogue1795560000000 } from './1795560000000-SocialValueCatalogue.js';
import { PublicCharacterFramework1795570000000 } from './1795570000000-PublicCharacterFramework.js';
import { PublicCharacterEvidence1795580000000 } from './1795580000000-PublicCharacterEvidence.js';
import { ContractCommitments1795590000000 } from './1795590000000-ContractCommitments.js';
import { SocialValueCommitments1795600000000 } from './1795600000000-SocialValueCommitments.js';
import { DeliveryReports1795610000000 } from './1795610000000-DeliveryReports.js';
import { ProviderEvents1795620000000 } from './1795620000000-ProviderEvents.js';
import { EvaluatorWithdrawal1795630000000 } from './1795630000000-EvaluatorWithdrawal.js';
import { CommitmentReviews1795640000000 } from './1795640000000-CommitmentReviews.js';
import { TenantLeadingKeys1795650000000 } from './1795650000000-TenantLeadingKeys.js';
import { Contracts1795660000000 } from './1795660000000-Contracts.js';
import { ContractOutcomes1795670000000 } from './1795670000000-ContractOutcomes.js';
import { OutcomeReviews1795680000000 } from './1795680000000-OutcomeReviews.js';
import { ContractKpis1795690000000 } from './1795690000000-ContractKpis.js';
import { PerformanceAssessments1795700000000 } from './1795700000000-PerformanceAssessments.js';
import { ContractChanges1795710000000 } from './1795710000000-ContractChanges.js';
import { IdempotencyExpiry1795720000000 } from './1795720000000-IdempotencyExpiry.js';
import { ChangeFees1795730000000 } from './1795730000000-ChangeFees.js';
import { CostLedger1795740000000 } from './1795740000000-CostLedger.js';
import { Coproduction1795750000000 } from './1795750000000-Coproduction.js';
import { CostTotals1795760000000 } from './1795760000000-CostTotals.js';
import { AuditChain1795770000000 } from './1795770000000-AuditChain.js';
import { ServiceReviews1795780000000 } from './1795780000000-ServiceReviews.js';
import { OcdsReleases1795790000000 } from './1795790000000-OcdsReleases.js';
import { AuditPublishedHeads1795800000000 } from './1795800000000-AuditPublishedHeads.js';
import { OcdsImplementation1795810000000 } from './1795810000000-OcdsImplementation.js';
import { Scrutiny1795820000000 } from './1795820000000-Scrutiny.js';
import { PublicationWithholdings1795830000000 } from './1795830000000-PublicationWithholdings.js';
import { OcdsMilestones1795840000000 } from './1795840000000-OcdsMilestones.js';
import { MarksSecrecy1795850000000 } from './1795850000000-MarksSecrecy.js';
import { StaffAccounts1795860000000 } from './1795860000000-StaffAccounts.js';
import { BidReceiptContent1795870000000 } from './1795870000000-BidReceiptContent.js';
import { MalwareScanning1795880000000 } from './1795880000000-MalwareScanning.js';
import { SingleSignOn1795890000000 } from './1795890000000-SingleSignOn.js';
import { OutboxTraceParent1795900000000 } from './1795900000000-OutboxTraceParent.js';
import { SsoIdentities1795910000000 } from './1795910000000-SsoIdentities.js';
import { StoredDocumentScans1795920000000 } from './1795920000000-StoredDocumentScans.js';

/** Every migration, oldest first. One file per change; add new ones at the end. */
export const allMigrations = [
  Platform1795365705673,
  JobsAndWeb1795450000000,
  PolicyPacks1795460000000,
  TenderModels1795470000000,
  PublishedTenders1795480000000,
  Clarifications1795490000000,
  Documents1795500000000,
  SealedBids1795510000000,
  CommissioningCycles1795520000000,
  BidDocuments1795530000000,
  ProviderAccounts1795540000000,
  Evaluations1795550000000,
  SocialValueCatalogue1795560000000,
  PublicCharacterFramework1795570000000,
  PublicCharacterEvidence1795580000000,
  ContractCommitments1795590000000,
  SocialValueCommitments1795600000000,
  DeliveryReports1795610000000,
  ProviderEvents1795620000000,
  EvaluatorWithdrawal1795630000000,
  CommitmentReviews1795640000000,
  TenantLeadingKeys1795650000000,
  Contracts1795660000000,
  ContractOutcomes1795670000000,
  OutcomeReviews1795680000000,
  ContractKpis1795690000000,
  PerformanceAssessments1795700000000,
  ContractChanges1795710000000,
  IdempotencyExpiry1795720000000,
  ChangeFees1795730000000,
  CostLedger1795740000000,
  Coproduction1795750000000,
  CostTotals1795760000000,
  AuditChain1795770000000,
  ServiceReviews1795780000000,
  OcdsReleases1795790000000,
  AuditPublishedHeads1795800000000,
  OcdsImplementation1795810000000,
  Scrutiny1795820000000,
  PublicationWithholdings1795830000000,
  OcdsMilestones1795840000000,
  MarksSecrecy1795850000000,
  StaffAccounts1795860000000,
  BidReceiptContent1795870000000,
  MalwareScanning1795880000000,
  SingleSignOn1795890000000,
  OutboxTraceParent1795900000000,
  SsoIdentities1795910000000,
  StoredDocumentScans1795920000000,
];
