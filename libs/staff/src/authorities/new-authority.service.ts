import { Injectable } from '@nestjs/common';
import { createAuthority, isUniqueViolation } from '#auth';
import { ContextRunner, newId, type Principal, validationProblem } from '#platform';
import { StaffInvitations } from '../invitations/staff-invitations.service.js';
import type { NewAuthorityDto } from '../staff.dto.js';

/**
 * The platform operator sets up an authority: the authority and an invitation
 * to its first admin, e-mailed as the authority's own message, in one
 * transaction (the authority's id is chosen first, so the transaction may act
 * in it). Nobody is given a password: the admin chooses one from the link.
 */
@Injectable()
export class NewAuthorities {
  constructor(
    private readonly runner: ContextRunner,
    private readonly invitations: StaffInvitations,
  ) {}

  async create(dto: NewAuthorityDto, principal: Principal) {
    const id = newId();
    try {
      return await this.runner.run({ platformOperator: true, tenantId: id, userId: principal.userId }, async (em) => {
        const { authority } = await createAuthority(em, { id, slug: dto.slug, name: dto.name.trim() }, principal.userId ?? null);
        const invitation = await this.invitations.invite({ email: dto.adminEmail, name: dto.adminName, roles: ['authority_admin'] }, principal, id);
        return { id: authority.id, slug: authority.slug, name: authority.name, invitation };
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw validationProblem([{ field: 'slug', rule: 'unique', message: `Another authority already has the short name ${dto.slug}: choose another` }]);
      throw err;
    }
  }
}
