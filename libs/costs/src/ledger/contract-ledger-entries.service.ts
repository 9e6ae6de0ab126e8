import { Injectable } from '@nestjs/common';
import { type Contract, type ContractChange, ContractLedger, type ContractPayment } from '#contracts';
import { changeEntry, paymentEntry, signatureEntry } from '../core/event-entries.js';
import { Ledgers } from './ledgers.service.js';

/** The ledger's side of a contract's events (contracts' ContractLedger port), each written in the event's transaction. */
@Injectable()
export class ContractLedgerEntries extends ContractLedger {
  constructor(private readonly ledgers: Ledgers) {
    super();
  }

  async paymentPaid(c: Contract, p: ContractPayment): Promise<void> {
    await this.ledgers.fromEvent(c.id, paymentEntry(p, p.paidOn!), 'payment', { paymentId: p.id });
  }

  async contractSigned(c: Contract, signedOn: string): Promise<void> {
    await this.ledgers.fromEvent(c.id, signatureEntry(c, signedOn), 'signature');
  }

  async changeSigned(c: Contract, ch: ContractChange): Promise<void> {
    const entry = changeEntry(c, {
      kind: ch.kind,
      sequence: ch.sequence,
      signedOn: ch.signedOn!,
      valueChange: ch.valueChange,
      valueBefore: ch.valueBefore!,
      valueAfter: ch.valueAfter!,
    });
    await this.ledgers.fromEvent(c.id, entry, 'change', { changeId: ch.id });
  }
}
