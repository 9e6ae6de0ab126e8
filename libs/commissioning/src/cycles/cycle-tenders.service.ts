import { Injectable } from '@nestjs/common';

/** A tender made from a cycle, as the cycle shows it; `procuring` once it is out (published or later, not cancelled). */
export interface CycleTender {
  id: string;
  reference: string;
  title: string;
  status: string;
  procuring: boolean;
}

/** What tendering answers about the tenders made from cycles (tendering registers it; commissioning never imports tendering). */
export interface CycleTendersSource {
  of(cycleId: string): Promise<CycleTender[]>;
  /** The cycles with a tender out, for the list's stages in one query. */
  procuringCycleIds(): Promise<Set<string>>;
}

/**
 * The cycle's view of its tenders. Tendering sits above commissioning (a tender is made from a cycle and
 * checks the cycle is ready), so the cycle asks through this port, which the tendering module fills when
 * it starts. Without it a cycle's page would silently show no tenders: it fails instead.
 */
@Injectable()
export class CycleTenders implements CycleTendersSource {
  private source: CycleTendersSource | null = null;

  provide(source: CycleTendersSource): void {
    if (this.source) throw new Error('the tenders of cycles are provided twice');
    this.source = source;
  }

  of(cycleId: string): Promise<CycleTender[]> {
    return this.required().of(cycleId);
  }

  procuringCycleIds(): Promise<Set<string>> {
    return this.required().procuringCycleIds();
  }

  private required(): CycleTendersSource {
    if (!this.source) throw new Error('no module provides the tenders of cycles (TenderingModule registers them)');
    return this.source;
  }
}
