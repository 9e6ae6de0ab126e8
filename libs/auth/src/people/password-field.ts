import { Length } from 'class-validator';

/** A password a person chooses: long rather than clever (NCSC: three random words). */
export const PASSWORD_RULE = { min: 12, max: 200 };
export const PasswordField = () =>
  Length(PASSWORD_RULE.min, PASSWORD_RULE.max, {
    message: `password must be ${PASSWORD_RULE.min} to ${PASSWORD_RULE.max} characters; three random words work well`,
  });
