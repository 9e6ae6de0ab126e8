import { Injectable } from '@nestjs/common';

/** What an award made: the tender and the bids that won it (one per lot), at the moment it was made. */
export interface AwardMade {
  tenderId: string;
  winningBidIds: string[];
  at: Date;
}

export type AwardHook = (award: AwardMade) => Promise<void>;

/**
 * What must happen when a contract is awarded, registered by the contexts above evaluation (contracts
 * turns the winners' commitments into contract terms). Each hook runs in the award's own transaction
 * (the request's EntityManager travels in the context), so an award and its contract terms commit or
 * fail together; evaluation never imports the contexts that listen to it.
 */
@Injectable()
export class AwardHooks {
  private readonly hooks: { name: string; hook: AwardHook }[] = [];

  register(name: string, hook: AwardHook): void {
    if (this.hooks.some((h) => h.name === name)) throw new Error(`award hook ${name} registered twice`);
    this.hooks.push({ name, hook });
  }

  async awarded(award: AwardMade): Promise<void> {
    for (const { hook } of this.hooks) await hook(award);
  }
}
