import { HttpStatus } from '@nestjs/common';
import argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import { ContextRunner, type DbContext, newId, notFound, type Principal, ProblemException, validationProblem } from '#platform';
import { User } from '../entities/user.entity.js';
import { sha256 } from '../tokens/opaque-token.js';
import { createPerson } from './person.js';

/**
 * What every invitation shares, a provider's team or an authority's staff:
 * the e-mailed link carries a 256-bit token (only its hash is stored), works
 * once, for seven days, and is accepted either by the invited address signed
 * in or by making a new account for it.
 */
export const INVITATION_DAYS = 7;
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const invitationExpiry = (from = Date.now()) => new Date(from + INVITATION_DAYS * 86_400_000);

interface InvitationState {
  acceptedAt: Date | null;
  expiresAt: Date;
  revokedAt?: Date | null;
}

/** The invitation a link opens, or the reason it opens none (never which of "unknown" or "malformed"). */
export function openInvitation<T extends InvitationState>(inv: T | null, withdrawnBy = 'your colleague'): T {
  if (!inv || inv.revokedAt) throw notFound('Invitation');
  if (inv.acceptedAt) throw invitationUsed();
  if (inv.expiresAt <= new Date())
    throw new ProblemException(HttpStatus.GONE, 'invitation-expired', 'The invitation has expired', `Ask ${withdrawnBy} to invite you again`);
  return inv;
}

export const invitationUsed = () =>
  new ProblemException(HttpStatus.GONE, 'invitation-used', 'The invitation has been used', 'Sign in with the account that accepted it');

export interface JoiningPerson {
  userId: string;
  /** Set when the person has no account yet: the hash of the password they chose. */
  passwordHash?: string;
}

/**
 * Who is accepting: the signed-in person, if they are the address invited;
 * otherwise a new account with the password given (hashed here, outside any
 * transaction, since argon2 is slow on purpose).
 */
export async function joiningPerson(
  runner: ContextRunner,
  principal: Principal | undefined,
  invitedEmail: string,
  password: string | undefined,
): Promise<JoiningPerson> {
  if (principal?.userId) {
    const userId = principal.userId;
    const me = await runner.run({ userId }, (em) => em.findOneByOrFail(User, { id: userId }));
    if (me.email !== invitedEmail) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'invitation-for-someone-else',
        'This invitation is for another address',
        `It was sent to ${invitedEmail}; you are signed in as ${me.email}`,
      );
    }
    return { userId };
  }
  if (!password)
    throw validationProblem([
      { field: 'password', rule: 'required', message: 'Choose a password for your new account, or sign in first if you already have one' },
    ]);
  return { userId: newId(), passwordHash: await argon2.hash(password) };
}

/**
 * Makes the new account, inside the accepting transaction. An address that
 * already has one must sign in first (409), so nobody can attach an existing
 * account they cannot sign in to.
 */
export async function createInvitedPerson(em: EntityManager, person: JoiningPerson, email: string, name: string): Promise<void> {
  if (!person.passwordHash) return;
  try {
    await createPerson(em, { id: person.userId, name, email, passwordHash: person.passwordHash }, 'email');
  } catch (err) {
    if ((err as ProblemException).getStatus?.() === HttpStatus.CONFLICT) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'account-exists',
        'You already have an account',
        `Sign in as ${email}, then open the invitation link again to join`,
      );
    }
    throw err;
  }
}

/**
 * Accepting any invitation: look at it by its token, settle who is joining (outside a transaction), then in
 * one transaction open it again (it may have been used or withdrawn meanwhile), make the new account if
 * there is one, and `join` (the membership, and marking the invitation used, which `join` must do with a
 * condition so that of two accepts at once one rolls back).
 */
export async function acceptInvitation<I extends { email: string; displayName: string }, R>(a: {
  runner: ContextRunner;
  token: string;
  principal: Principal | undefined;
  dto: { password?: string; name?: string };
  open: (em: EntityManager) => Promise<I>;
  context: (inv: I, userId: string) => DbContext;
  join: (em: EntityManager, inv: I, person: JoiningPerson) => Promise<R>;
}): Promise<R> {
  const invitationTokenHash = sha256(a.token);
  const peek = await a.runner.run({ invitationTokenHash }, a.open);
  const person = await joiningPerson(a.runner, a.principal, peek.email, a.dto.password);
  return a.runner.run({ ...a.context(peek, person.userId), invitationTokenHash }, async (em) => {
    const inv = await a.open(em);
    await createInvitedPerson(em, person, inv.email, a.dto.name?.trim() || inv.displayName);
    return a.join(em, inv, person);
  });
}
