import { zipSync } from 'fflate';
import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { translator } from '../../i18n/index.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import { AppError, isUniqueViolation, validationFailed } from '../../lib/errors.ts';
import type { Locale } from '../../lib/i18n.ts';
import { exportPersonalData, personalFileKeys, registerPersonalData, removeContributions } from '../../lib/personal-data.ts';
import type { Role, Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { createProfileFor } from '../people/people.service.ts';
import { canChangeRole, canListMembersAsAdmin } from './accounts.policy.ts';
import * as repo from './accounts.repo.ts';
import { burnPasswordCheck, checkPassword, hashPassword, verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';
import * as throttle from './throttle.service.ts';

const HOUR = 3600_000;
const TOKEN_TTL = { verify_email: 48 * HOUR, reset_password: 1 * HOUR, change_email: 24 * HOUR } as const;

interface RequestMeta {
  ip: string;
  locale: Locale;
  userAgent?: string;
}

function link(deps: Deps, path: string, token: string): string {
  return `${deps.config.publicUrl}${path}?token=${encodeURIComponent(token)}`;
}

async function issueToken(deps: Deps, userId: string, purpose: keyof typeof TOKEN_TTL, newEmail?: string): Promise<string> {
  const token = randomToken();
  await repo.invalidateTokens(deps.db, userId, purpose);
  await repo.insertToken(deps.db, { id: sha256(token), userId, purpose, expiresAt: new Date(Date.now() + TOKEN_TTL[purpose]), newEmail });
  return token;
}

async function sendMail(deps: Deps, to: string, locale: Locale, key: string, params: Record<string, string>) {
  const t = translator(locale);
  await deps.mailer.send({
    to,
    subject: t(`mail.${key}.subject`, params),
    text: t(`mail.${key}.body`, { ...params, site: deps.config.publicUrl }),
  });
}

/** Per-account mail throttle: a person cannot be flooded with links. */
async function mailAllowed(deps: Deps, userId: string): Promise<boolean> {
  const state = await throttle.hit(deps.db, `mail:${userId}`, throttle.LIMITS.mailPerAccount);
  return state.count <= throttle.LIMITS.mailPerAccount.max;
}

/**
 * Create an account and send the verification link. An address already registered gets a
 * notice instead, and the caller sees the same answer (no account enumeration).
 */
export async function signUp(
  deps: Deps,
  input: { displayName: string; email: string; password: string },
  meta: RequestMeta,
): Promise<void> {
  await throttle.enforce(deps.db, throttle.addressKey('signup', meta.ip), throttle.LIMITS.signUpPerIp);
  const problem = checkPassword(input.password, input.email);
  if (problem) {
    throw validationFailed({ password: [problem] }, 'weak password');
  }
  const existing = await repo.findUserByEmail(deps.db, input.email);
  if (existing) {
    if (await mailAllowed(deps, existing.id)) {
      await sendMail(deps, existing.email, existing.locale, 'alreadyRegistered', {
        name: existing.displayName,
        link: `${deps.config.publicUrl}/mot-de-passe-oublie`,
      });
    }
    return;
  }
  const passwordHash = await hashPassword(input.password);
  let token: string;
  try {
    token = await deps.db.transaction(async (tx) => {
      const user = await repo.insertUser(tx, { email: input.email, displayName: input.displayName, passwordHash, locale: meta.locale });
      await createProfileFor(tx, user);
      const raw = randomToken();
      await repo.insertToken(tx, {
        id: sha256(raw),
        userId: user.id,
        purpose: 'verify_email',
        expiresAt: new Date(Date.now() + TOKEN_TTL.verify_email),
      });
      await recordEvent(tx, { actorId: user.id, action: 'account.created', subjectType: 'user', subjectId: user.id });
      return raw;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      return; // signed up twice at the same moment: the first one won
    }
    throw err;
  }
  await sendMail(deps, input.email, meta.locale, 'verify', { name: input.displayName, link: link(deps, '/verifier-email', token) });
}

/** Confirm an address from the link in the e-mail. */
export async function verifyEmail(deps: Deps, token: string): Promise<{ userId: string }> {
  const row = await repo.consumeToken(deps.db, sha256(token), 'verify_email');
  if (!row) {
    throw new AppError('BAD_REQUEST', { message: 'invalid or expired token', userMessage: 'accounts.tokenInvalid' });
  }
  await repo.updateUser(deps.db, row.userId, { emailVerifiedAt: new Date() });
  await recordEvent(deps.db, { actorId: row.userId, action: 'account.verified', subjectType: 'user', subjectId: row.userId });
  return { userId: row.userId };
}

/**
 * Confirm an address and open a session: the single-use link proves that its reader holds the
 * mailbox, as a password would. Returns the session cookie value.
 */
export async function verifyEmailAndSignIn(deps: Deps, token: string, meta: RequestMeta): Promise<{ cookieValue: string; userId: string }> {
  const { userId } = await verifyEmail(deps, token);
  return { cookieValue: await openSession(deps, userId, meta, { by: 'verification link' }), userId };
}

/** A new session for someone who proved who they are: recorded, and the sign-in date kept. Returns the cookie value. */
async function openSession(deps: Deps, userId: string, meta: RequestMeta, payload?: Record<string, string>): Promise<string> {
  const cookieValue = await createSession(deps.db, userId, meta.userAgent);
  await repo.updateUser(deps.db, userId, { lastSignInAt: new Date() });
  await recordEvent(deps.db, { actorId: userId, action: 'account.signed_in', subjectType: 'user', subjectId: userId, payload });
  return cookieValue;
}

/** Send a fresh verification link; silent when there is nothing to do. */
export async function resendVerification(deps: Deps, email: string): Promise<void> {
  const user = await repo.findUserByEmail(deps.db, email);
  if (!user || user.emailVerifiedAt || !(await mailAllowed(deps, user.id))) {
    return;
  }
  const token = await issueToken(deps, user.id, 'verify_email');
  await sendMail(deps, user.email, user.locale, 'verify', { name: user.displayName, link: link(deps, '/verifier-email', token) });
}

/**
 * Check credentials under two throttles (per IP, per account) and open a new session.
 * Returns the session cookie value.
 */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<{ cookieValue: string; userId: string }> {
  const ipState = await throttle.hit(deps.db, throttle.addressKey('signin', meta.ip), throttle.LIMITS.signInPerIp);
  if (ipState.count > throttle.LIMITS.signInPerIp.max) {
    // Logged once per address and window: a flood of refusals must not become a flood of logs.
    if (!ipState.known) {
      deps.logger.warn({ event: 'signin.throttled', scope: 'ip' }, 'sign-in throttled');
    }
    throw throttle.rateLimited(ipState.retryAfterSeconds, 'accounts.tooManyAttempts');
  }
  // Taken before the password is checked, in one statement: of 50 simultaneous tries, only the
  // first `max` are checked. A right password closes the window.
  const accountKey = `signin-fail:${sha256(input.email)}`;
  const accountState = await throttle.hit(deps.db, accountKey, throttle.LIMITS.signInFailuresPerAccount);
  if (accountState.count > throttle.LIMITS.signInFailuresPerAccount.max) {
    deps.logger.warn({ event: 'signin.throttled', scope: 'account' }, 'sign-in throttled');
    throw throttle.rateLimited(accountState.retryAfterSeconds, 'accounts.accountLocked');
  }
  const user = await repo.findUserByEmail(deps.db, input.email);
  let ok = false;
  if (user) {
    ok = await verifyPassword(user.passwordHash, input.password);
  } else {
    await burnPasswordCheck(input.password); // same time spent whether the account exists or not
  }
  if (!user || !ok) {
    deps.logger.info({ event: 'signin.failed' }, 'sign-in failed');
    throw new AppError('UNAUTHENTICATED', { message: 'wrong e-mail or password', userMessage: 'accounts.badCredentials' });
  }
  await throttle.reset(deps.db, accountKey);
  if (!user.emailVerifiedAt) {
    await resendVerification(deps, user.email);
    throw new AppError('FORBIDDEN', { message: 'e-mail address not verified yet', userMessage: 'accounts.notVerified' });
  }
  return { cookieValue: await openSession(deps, user.id, meta), userId: user.id };
}

/** Sign-out ends every session of the account (a forgotten school computer is signed out too). */
export async function signOutEverywhere(deps: Deps, userId: string): Promise<void> {
  await repo.deleteUserSessions(deps.db, userId);
  await recordEvent(deps.db, { actorId: userId, action: 'account.signed_out', subjectType: 'user', subjectId: userId });
}

/** Mail a reset link if the account exists; the answer is the same either way. */
export async function requestPasswordReset(deps: Deps, email: string): Promise<void> {
  const user = await repo.findUserByEmail(deps.db, email);
  if (!user || !(await mailAllowed(deps, user.id))) {
    return;
  }
  const token = await issueToken(deps, user.id, 'reset_password');
  await sendMail(deps, user.email, user.locale, 'reset', { name: user.displayName, link: link(deps, '/reinitialiser', token) });
}

export async function isResetTokenUsable(deps: Deps, token: string): Promise<boolean> {
  return !!(await repo.findUsableToken(deps.db, sha256(token), 'reset_password'));
}

/** Set a new password from a reset link: ends every session, lifts the sign-in lock, confirms the address. */
export async function resetPassword(deps: Deps, input: { token: string; password: string }): Promise<void> {
  const pending = await repo.findUsableToken(deps.db, sha256(input.token), 'reset_password');
  if (!pending) {
    throw new AppError('BAD_REQUEST', { message: 'invalid or expired token', userMessage: 'accounts.tokenInvalid' });
  }
  const user = await repo.findUserById(deps.db, pending.userId);
  if (!user) {
    throw new AppError('BAD_REQUEST', { message: 'invalid or expired token', userMessage: 'accounts.tokenInvalid' });
  }
  const problem = checkPassword(input.password, user.email);
  if (problem) {
    throw validationFailed({ password: [problem] }, 'weak password');
  }
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction(async (tx) => {
    const row = await repo.consumeToken(tx, sha256(input.token), 'reset_password');
    if (!row) {
      throw new AppError('BAD_REQUEST', { message: 'invalid or expired token', userMessage: 'accounts.tokenInvalid' });
    }
    // Following the link proves the person reads this mailbox.
    await repo.updateUser(tx, user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() });
    await repo.deleteUserSessions(tx, user.id);
    await throttle.reset(tx, `signin-fail:${sha256(user.email)}`);
    await recordEvent(tx, { actorId: user.id, action: 'account.password_reset', subjectType: 'user', subjectId: user.id });
  });
}

async function requireCurrentPassword(deps: Deps, userId: string, password: string) {
  const user = await repo.findUserById(deps.db, userId);
  if (!user) {
    throw new AppError('UNAUTHENTICATED', { message: 'account gone' });
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw validationFailed({ currentPassword: ['accounts.wrongPassword'] }, 'wrong current password');
  }
  return user;
}

/** Change password: every session ends, then a fresh one is opened for this browser. */
export async function changePassword(
  deps: Deps,
  viewer: Viewer,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<{ cookieValue: string }> {
  const user = await requireCurrentPassword(deps, viewer.id, input.currentPassword);
  const problem = checkPassword(input.newPassword, user.email);
  if (problem) {
    throw validationFailed({ newPassword: [problem] }, 'weak password');
  }
  const passwordHash = await hashPassword(input.newPassword);
  const cookieValue = await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { passwordHash });
    await repo.deleteUserSessions(tx, user.id);
    await recordEvent(tx, { actorId: user.id, action: 'account.password_changed', subjectType: 'user', subjectId: user.id });
    return createSession(tx, user.id, meta.userAgent);
  });
  await sendMail(deps, user.email, user.locale, 'passwordChanged', { name: user.displayName });
  return { cookieValue };
}

/** Start an address change: the new address gets a confirmation link, the old one a notice. */
export async function requestEmailChange(deps: Deps, viewer: Viewer, input: { newEmail: string; currentPassword: string }): Promise<void> {
  const user = await requireCurrentPassword(deps, viewer.id, input.currentPassword);
  if (input.newEmail === user.email) {
    throw validationFailed({ newEmail: ['accounts.sameEmail'] });
  }
  if (!(await mailAllowed(deps, user.id))) {
    throw throttle.rateLimited(600);
  }
  const taken = await repo.findUserByEmail(deps.db, input.newEmail);
  if (taken) {
    // Same answer as a free address; the owner of that address is told instead.
    await sendMail(deps, taken.email, taken.locale, 'alreadyRegistered', {
      name: taken.displayName,
      link: `${deps.config.publicUrl}/mot-de-passe-oublie`,
    });
    return;
  }
  const token = await issueToken(deps, user.id, 'change_email', input.newEmail);
  await sendMail(deps, input.newEmail, user.locale, 'confirmEmailChange', {
    name: user.displayName,
    link: link(deps, '/confirmer-email', token),
  });
  await sendMail(deps, user.email, user.locale, 'emailChangeRequested', { name: user.displayName });
}

export async function confirmEmailChange(deps: Deps, token: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await repo.consumeToken(tx, sha256(token), 'change_email');
    if (!row?.newEmail) {
      throw new AppError('BAD_REQUEST', { message: 'invalid or expired token', userMessage: 'accounts.tokenInvalid' });
    }
    try {
      await repo.updateUser(tx, row.userId, { email: row.newEmail, emailVerifiedAt: new Date() });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('CONFLICT', { message: 'address taken meanwhile', userMessage: 'accounts.tokenInvalid' });
      }
      throw err;
    }
    await recordEvent(tx, { actorId: row.userId, action: 'account.email_changed', subjectType: 'user', subjectId: row.userId });
  });
}

export async function setLocale(deps: Deps, viewer: Viewer, locale: Locale): Promise<void> {
  await repo.updateUser(deps.db, viewer.id, { locale });
}

/**
 * Delete one's own account: sessions, tokens, profile, skills and memberships go with it.
 * Contributions (calls, answers, publications, places) stay, credited to "ancien membre",
 * unless the person asks for them to be removed too.
 */
export async function deleteAccount(
  deps: Deps,
  viewer: Viewer,
  input: { currentPassword: string; removeContributions?: 'on' },
): Promise<void> {
  const user = await requireCurrentPassword(deps, viewer.id, input.currentPassword);
  const files = await personalFileKeys(deps.db, user.id);
  await deps.db.transaction(async (tx) => {
    if (input.removeContributions === 'on') {
      await removeContributions(tx, user.id);
    }
    await repo.deleteUser(tx, user.id);
    await recordEvent(tx, { actorId: null, action: 'account.deleted', subjectType: 'user', subjectId: user.id });
  });
  for (const key of files) {
    await deps.uploads.remove(key);
  }
  await sendMail(deps, user.email, user.locale, 'accountDeleted', { name: user.displayName });
}

export async function getAccount(deps: Deps, viewer: Viewer) {
  const user = await repo.findUserById(deps.db, viewer.id);
  if (!user) {
    throw new AppError('UNAUTHENTICATED', { message: 'account gone' });
  }
  return { email: user.email, displayName: user.displayName, createdAt: user.createdAt, locale: user.locale, role: user.role };
}

/** A personal API token; the raw value is returned once and only its hash is kept. */
export async function createApiToken(deps: Deps, viewer: Viewer, name: string): Promise<string> {
  const raw = `tis_${randomToken(24)}`;
  await repo.insertApiToken(deps.db, { id: sha256(raw), userId: viewer.id, name, prefix: raw.slice(0, 8) });
  await recordEvent(deps.db, { actorId: viewer.id, action: 'api_token.created', subjectType: 'user', subjectId: viewer.id });
  return raw;
}

export const listApiTokens = (deps: Deps, viewer: Viewer) => repo.listApiTokens(deps.db, viewer.id);

export async function revokeApiToken(deps: Deps, viewer: Viewer, id: string): Promise<void> {
  if (!(await repo.deleteApiToken(deps.db, viewer.id, id))) {
    throw new AppError('NOT_FOUND', { message: 'token not found', userMessage: 'errors.notFound' });
  }
}

/** Everyone who moderates (moderators and administrators), to tell them what waits. */
export const listModeratorIds = (db: DbOrTx) => repo.listModeratorIds(db);

/** How to reach members by e-mail (for notices from other domains); addresses never leave the server. */

export async function getContactsOfUsers(deps: Deps, userIds: string[]) {
  const rows = await repo.findVerifiedUsersByIds(deps.db, userIds);
  const byId = new Map(rows.map((u) => [u.id, u]));
  // In the order asked (callers pair them with their own rows).
  return userIds.flatMap((id) => {
    const user = byId.get(id);
    return user ? [{ userId: user.id, email: user.email, displayName: user.displayName, locale: user.locale }] : [];
  });
}

/** A confirmed member found by e-mail address (adding someone to a team), or undefined. */
export async function findMemberByEmail(deps: Deps, email: string) {
  const user = await repo.findUserByEmail(deps.db, email.trim().toLowerCase());
  return user?.emailVerifiedAt ? { id: user.id, displayName: user.displayName, email: user.email, locale: user.locale } : undefined;
}

export async function listMembersForAdmin(deps: Deps, viewer: Viewer | null, opts: { q?: string; page: number }) {
  if (!canListMembersAsAdmin(viewer)) {
    throw new AppError('FORBIDDEN', { message: 'admins only', userMessage: 'errors.forbidden' });
  }
  const perPage = 50;
  const { rows, total } = await repo.listUsers(deps.db, { q: opts.q, limit: perPage, offset: (opts.page - 1) * perPage });
  return { rows, total, perPage };
}

export async function changeRole(deps: Deps, viewer: Viewer | null, userId: string, role: Role): Promise<void> {
  if (!canChangeRole(viewer, userId, role)) {
    throw new AppError('FORBIDDEN', { message: 'admins only, not on themselves', userMessage: 'errors.forbidden' });
  }
  const target = await repo.findUserById(deps.db, userId);
  if (!target) {
    throw new AppError('NOT_FOUND', { message: 'member not found', userMessage: 'errors.notFound' });
  }
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, userId, { role });
    await recordEvent(tx, {
      actorId: viewer?.id ?? null,
      action: 'account.role_changed',
      subjectType: 'user',
      subjectId: userId,
      payload: { from: target.role, to: role },
    });
  });
}

/** Create (or promote) an administrator; used by `tisserin create-admin` and the demo data. */
export async function createAdmin(
  deps: Deps,
  input: { email: string; displayName: string; password: string },
): Promise<'created' | 'promoted'> {
  const email = input.email.trim().toLowerCase();
  const existing = await repo.findUserByEmail(deps.db, email);
  if (existing) {
    await repo.updateUser(deps.db, existing.id, { role: 'admin', emailVerifiedAt: existing.emailVerifiedAt ?? new Date() });
    await recordEvent(deps.db, {
      actorId: null,
      action: 'account.role_changed',
      subjectType: 'user',
      subjectId: existing.id,
      payload: { to: 'admin', by: 'cli' },
    });
    return 'promoted';
  }
  const problem = checkPassword(input.password, email);
  if (problem) {
    throw validationFailed({ password: [problem] }, `password refused: ${problem}`);
  }
  const passwordHash = await hashPassword(input.password);
  const user = await deps.db.transaction(async (tx) => {
    const created = await repo.insertUser(tx, {
      email,
      displayName: input.displayName,
      passwordHash,
      role: 'admin',
      emailVerifiedAt: new Date(),
    });
    await createProfileFor(tx, created);
    return created;
  });
  await recordEvent(deps.db, {
    actorId: null,
    action: 'account.created',
    subjectType: 'user',
    subjectId: user.id,
    payload: { role: 'admin', by: 'cli' },
  });
  return 'created';
}

registerPersonalData('account', repo.exportAccount);

/** Everything Tisserin holds about the viewer, as JSON (RGPD right of access and portability). */
export async function exportMyData(deps: Deps, viewer: Viewer) {
  return { exportedAt: new Date().toISOString(), site: deps.config.publicUrl, ...(await exportPersonalData(deps.db, viewer.id)) };
}

/**
 * A person's own archive: everything held about them (the JSON of exportMyData) and their files
 * (portrait, publication covers, evidence of contributions) in one ZIP, to keep or take elsewhere.
 */
export async function exportMyArchive(deps: Deps, viewer: Viewer): Promise<Uint8Array> {
  const data = await exportMyData(deps, viewer);
  const files: Record<string, Uint8Array> = { 'mes-donnees.json': new TextEncoder().encode(JSON.stringify(data, null, 2)) };
  for (const key of await personalFileKeys(deps.db, viewer.id)) {
    const bytes = await deps.uploads.read(key);
    if (bytes) {
      files[`fichiers/${key}`] = new Uint8Array(bytes);
    }
  }
  return zipSync(files, { level: 6 });
}

/**
 * Authors named in an open dump that is being restored: accounts with the dump's ids and shown
 * names, so that history pages credit them as the original site did. Nobody can sign in to
 * them: no password matches "!", and their address ends in .invalid (RFC 2606), which no mail
 * reaches. A person who wants theirs back asks an administrator.
 */
export async function restoreAuthors(tx: DbOrTx, authors: Array<{ id: string; displayName: string }>): Promise<number> {
  let created = 0;
  for (const a of authors) {
    if (await repo.findUserById(tx, a.id)) {
      continue;
    }
    const user = await repo.insertUser(tx, {
      id: a.id,
      email: `${a.id}@restaure.invalid`,
      displayName: a.displayName.slice(0, 80),
      passwordHash: '!',
    });
    await createProfileFor(tx, user);
    created++;
  }
  return created;
}
