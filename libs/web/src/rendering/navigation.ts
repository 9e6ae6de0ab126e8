import { AUTHORITY_ROLES, type Role } from '#platform';

export interface NavItem {
  href: string;
  text: string;
  current: boolean;
}

const ITEMS: { href: string; text: string; roles: readonly Role[] | 'all' }[] = [
  { href: '/dashboard', text: 'Dashboard', roles: 'all' },
  { href: '/tenders', text: 'Find a tender', roles: ['provider'] },
  { href: '/public-character', text: 'Public character', roles: ['provider'] },
  { href: '/my-bids', text: 'Your bids', roles: ['provider'] },
  { href: '/my-contracts', text: 'Your contracts', roles: ['provider'] },
  { href: '/team', text: 'Your team', roles: ['provider'] },
  { href: '/cycles', text: 'Commissioning cycles', roles: AUTHORITY_ROLES },
  { href: '/authority/tenders', text: 'Tenders', roles: AUTHORITY_ROLES },
  { href: '/contracts', text: 'Contracts', roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'] },
  { href: '/costs', text: 'Whole-life cost', roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'] },
  { href: '/audit', text: 'Audit log', roles: ['auditor'] },
  { href: '/scrutiny', text: 'Scrutiny cases', roles: ['scrutiny_member'] },
  { href: '/social-value/catalogue', text: 'Social value', roles: AUTHORITY_ROLES },
  { href: '/public-character/framework', text: 'Public character', roles: AUTHORITY_ROLES },
  { href: '/authorities/new', text: 'Set up an authority', roles: ['platform_operator'] },
  { href: '/staff', text: 'Staff', roles: ['authority_admin'] },
  { href: '/api-keys', text: 'API keys', roles: ['authority_admin'] },
  { href: '/policy-pack', text: 'Policy pack', roles: ['authority_admin'] },
  { href: '/admin/emails', text: 'E-mails sent', roles: ['authority_admin'] },
  { href: '/admin/jobs', text: 'Failed jobs', roles: ['authority_admin'] },
  { href: '/admin/malware', text: 'Malware scanning', roles: ['authority_admin', 'platform_operator'] },
];

/** The service navigation a person sees: only what their roles let them open. Pure. */
export function navigationFor(roles: readonly Role[], path: string): NavItem[] {
  return ITEMS.filter((i) => i.roles === 'all' || i.roles.some((r) => roles.includes(r))).map((i) => ({
    href: i.href,
    text: i.text,
    current: path === i.href || path.startsWith(`${i.href}/`),
  }));
}

export const ROLE_NAMES: Record<Role, string> = {
  authority_admin: 'Authority admin',
  commissioner: 'Commissioner',
  evaluator: 'Evaluator',
  contract_manager: 'Contract manager',
  auditor: 'Auditor',
  scrutiny_member: 'Scrutiny member',
  provider: 'Provider',
  platform_operator: 'Platform operator',
};

const withArticle = (name: string) => `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name.toLowerCase()}`;
const either = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]);
const both = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]);

/** Why a page refused someone, in words: who may open it and what they are signed in as (never role codes). Pure. */
export function refusalInWords(needed: readonly Role[], held: readonly Role[]): string {
  const who = `Only ${either(needed.map((r) => withArticle(ROLE_NAMES[r] ?? r)))} can open this page.`;
  return held.length ? `${who} You are signed in as ${both(held.map((r) => withArticle(ROLE_NAMES[r] ?? r)))}.` : who;
}
