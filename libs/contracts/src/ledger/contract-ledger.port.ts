import type { ContractChange } from '../changes/contract-change.entity.js';
import type { Contract } from '../contract/contract.entity.js';
import type { ContractPayment } from '../payments/payment.entity.js';

/**
 * What a contract's events tell its whole-life cost ledger (issue 15, item 2), called in the event's own
 * transaction so an entry is never missing nor written by a later sync. libs/costs, which comes after
 * contracts, implements it and provides it to every module (its CostsModule is global): contracts names
 * what it needs without depending on costs, and the application cannot start without an implementation,
 * so no event can go unrecorded.
 */
export abstract class ContractLedger {
  /** A fixed-fee or change-fee instalment, an outcome payment or a deduction, recorded paid. */
  abstract paymentPaid(c: Contract, payment: ContractPayment): Promise<void>;
  /** The contract signed (activated): its value at award committed. */
  abstract contractSigned(c: Contract, signedOn: string): Promise<void>;
  /** A variation or an extension signed: its value change committed. */
  abstract changeSigned(c: Contract, change: ContractChange): Promise<void>;
}
