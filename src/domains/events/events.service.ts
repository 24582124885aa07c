import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { randomToken } from '../../lib/crypto.ts';
import { AppError, forbidden, notFound, nullIfNotFound, validationFailed } from '../../lib/errors.ts';
import { processPhoto, thumbKeyOf } from '../../lib/images.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { firstFreeSlug, slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { addDays, zonedToUtc } from '../../lib/zoned-time.ts';
import { findMemberByEmail } from '../accounts/accounts.service.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { getCommunity, listCommunitiesReferredBy } from '../communities/communities.service.ts';
import { listProjectsOf } from '../documents/documents.service.ts';
import { resolveTerritory } from '../people/people.service.ts';
import { getPlaceDetail, listMyPlaces } from '../places/places.service.ts';
import { indexWords, registerSearchTopic } from '../search/search.service.ts';
import { resolveSkillNames } from '../skills/skills.service.ts';
import { notifyFollowers, notifyUsers, registerNotificationKind } from '../social/social.service.ts';
import { mailRegistrants, sendRegistrationMail } from './events.mail.ts';
import { canCancelRegistration, canCreateEvent, canOrganise, canOrganiseFor, canRegister, type EventAccess } from './events.policy.ts';
import * as repo from './events.repo.ts';
import type { EventStatus } from './events.schema.ts';
import type { EventDetails, SessionPlan } from './events.validation.ts';
import { timeZoneOfDepartment } from './events.validation.ts';
import { expandRule, MAX_SESSIONS } from './recurrence.ts';

/**
 * Published when what a place's page shows of its events changes (titles, dates, status) — not
 * on registrations, which would renew every cached place page for a count those pages do not show.
 */
export const EVENTS_TOPIC = 'events';
registerSearchTopic(EVENTS_TOPIC);

/** Published when registrations change: the places left that cached agenda pages show. */
export const REGISTRATIONS_TOPIC = 'event-registrations';
/** Published every quarter of an hour: cached agenda pages drop the sessions that have ended. */
export const AGENDA_CLOCK_TOPIC = 'agenda-clock';

/** The agenda's own pages: no event takes their address. */
const RESERVED_SLUGS = new Set(['nouveau', 'mois', 'carte', 'mes-inscriptions', 'flux', 'annulation', 'inscriptions']);

const conflict = (userMessage: string, message: string) => new AppError('CONFLICT', { message, userMessage });

/** An event with what its rules need: who organises it. */
export async function loadEvent(deps: Deps, ref: { slug: string } | { id: string }) {
  const event = await repo.findEvent(deps.db, ref);
  if (!event) {
    throw notFound('event');
  }
  const place = event.placeId ? await nullIfNotFound(getPlaceDetail(deps, null, { id: event.placeId })) : null;
  const access: EventAccess = {
    createdBy: event.createdBy,
    organiserIds: event.organiserIds,
    placeTeamIds: place?.managerIds ?? [],
    status: event.status,
  };
  return { event, access, place };
}

export type LoadedEvent = Awaited<ReturnType<typeof loadEvent>>;

async function requireOrganiser(deps: Deps, viewer: Viewer | null, ref: { slug: string } | { id: string }) {
  const loaded = await loadEvent(deps, ref);
  if (!viewer || !canOrganise(viewer, loaded.access)) {
    throw forbidden('organisers only');
  }
  return { ...loaded, viewer };
}

/** Where it happens and in which zone, from the organising place or what was typed. */
async function resolveWhere(deps: Deps, viewer: Viewer, d: EventDetails) {
  let place: Awaited<ReturnType<typeof getPlaceDetail>> | null = null;
  if (d.placeSlug) {
    place = await nullIfNotFound(getPlaceDetail(deps, viewer, { slug: d.placeSlug }));
    if (!place || !canOrganiseFor(viewer, place.managerIds)) {
      throw validationFailed({ placeSlug: ['events.notYourPlace'] }, 'only its team names a place as organiser');
    }
  }
  const online = d.attendanceMode === 'online';
  let where: {
    venueName: string | null;
    address: string | null;
    postcode: string | null;
    commune: string | null;
    inseeCode: string | null;
    departmentCode: string | null;
    regionCode: string | null;
    latitude: number | null;
    longitude: number | null;
  } = {
    venueName: null,
    address: null,
    postcode: null,
    commune: null,
    inseeCode: null,
    departmentCode: null,
    regionCode: null,
    latitude: null,
    longitude: null,
  };
  if (!online && d.atPlace && place) {
    where = {
      venueName: place.name,
      address: place.address ?? null,
      postcode: place.postcode ?? null,
      commune: place.commune ?? null,
      inseeCode: place.inseeCode ?? null,
      departmentCode: place.departmentCode ?? null,
      regionCode: place.regionCode ?? null,
      latitude: place.latitude ?? null,
      longitude: place.longitude ?? null,
    };
  } else if (!online) {
    const territory = resolveTerritory({ commune: d.commune, postcode: d.postcode });
    where = {
      venueName: d.venueName ?? null,
      address: d.address ?? null,
      postcode: d.postcode ?? null,
      commune: territory?.communeName ?? d.commune ?? null,
      inseeCode: territory?.communeInsee ?? null,
      departmentCode: territory?.departmentCode ?? null,
      regionCode: territory?.regionCode ?? null,
      latitude: territory?.latitude ?? null,
      longitude: territory?.longitude ?? null,
    };
  } else if (place) {
    // Online, but organised by a place: its region still says whose event it is.
    where = { ...where, departmentCode: place.departmentCode ?? null, regionCode: place.regionCode ?? null };
  }
  const timeZone = d.timeZone ?? timeZoneOfDepartment(where.departmentCode ?? place?.departmentCode);
  return { place, where, timeZone };
}

async function skillIdsOf(deps: Deps, text: string): Promise<string[]> {
  if (!text.trim()) {
    return [];
  }
  const { skills, unknown } = await resolveSkillNames(deps, text);
  if (unknown.length > 0) {
    throw validationFailed({ skills: [`events.unknownSkills?names=${encodeURIComponent(unknown.join(', '))}`] }, 'unknown skills');
  }
  return skills.map((s) => s.id);
}

/**
 * The projects ticked: among the viewer's own (a project is linked by one of its authors); links
 * to others' projects made earlier by another organiser are kept.
 */
async function projectIdsOf(deps: Deps, viewer: Viewer, slugs: string[], kept: Array<{ id: string; slug: string }> = []) {
  const mine = await listProjectsOf(deps, viewer.id);
  const mineIds = new Set(mine.map((p) => p.id));
  const chosen = mine.filter((p) => slugs.includes(p.slug)).map((p) => p.id);
  const unknown = slugs.filter((slug) => !mine.some((p) => p.slug === slug) && !kept.some((k) => k.slug === slug));
  if (unknown.length > 0) {
    throw validationFailed({ projects: ['events.notYourProject'] }, 'only a project’s authors link it');
  }
  return [...chosen, ...kept.filter((k) => !mineIds.has(k.id) && slugs.includes(k.slug)).map((k) => k.id)];
}

/** A cover photo as sent: checked by content, re-encoded to WebP (metadata dropped), with its thumbnail. */
export interface CoverUpload {
  bytes: Buffer;
}

async function storeCover(deps: Deps, cover: CoverUpload | undefined, alt: string | undefined) {
  if (!cover) {
    return null;
  }
  if (!alt) {
    throw validationFailed({ coverAlt: ['events.coverAltNeeded'] }, 'a cover needs its description');
  }
  let image: Awaited<ReturnType<typeof processPhoto>>;
  try {
    image = await processPhoto(cover.bytes, deps.config.uploadMaxBytes);
  } catch (err) {
    if (err instanceof AppError) {
      throw validationFailed({ cover: [err.userMessage ?? 'errors.notAnImage'] }, err.message);
    }
    throw err;
  }
  const key = await deps.uploads.put(image.full, '.webp');
  await deps.uploads.putAs(thumbKeyOf(key), image.thumb);
  return key;
}

async function dropCover(deps: Deps, key: string | null) {
  if (key) {
    await deps.uploads.remove(key);
    await deps.uploads.remove(thumbKeyOf(key));
  }
}

/** The community named as organiser, if the viewer refers it (or moderates). */
async function resolveCommunity(deps: Deps, viewer: Viewer, slug: string | undefined) {
  if (!slug) {
    return null;
  }
  const community = await nullIfNotFound(getCommunity(deps, slug));
  if (!community || !canOrganiseFor(viewer, community.referentIds)) {
    throw validationFailed({ communitySlug: ['events.notYourCommunity'] }, 'only its referents name a community as organiser');
  }
  return community.community;
}

function detailColumns(d: EventDetails, descriptionHtml: string) {
  return {
    title: d.title,
    descriptionMd: d.description,
    descriptionHtml,
    kind: d.kind,
    attendanceMode: d.attendanceMode,
    onlineUrl: d.attendanceMode === 'onsite' ? null : (d.onlineUrl ?? null),
    audiences: d.audiences,
    ageMin: d.ageMin,
    ageMax: d.ageMax,
    accessibility: d.accessibility,
    free: d.free,
    price: d.free ? null : (d.price ?? null),
    conditions: d.conditions ?? null,
    registration: d.registration,
    registrationUrl: d.registration === 'external' ? (d.registrationUrl ?? null) : null,
    questions: d.registration === 'here' ? d.questions : [],
  };
}

/**
 * The sessions a plan gives, as instants: each date at its local times in the event's zone (a
 * workshop at 14:00 stays at 14:00 across the clock changes). Refused, with the reason, when the
 * rule gives too many, none, or only dates already past.
 */
export function planSessions(plan: SessionPlan, timeZone: string, now: Date) {
  const outcome = expandRule({
    firstDate: plan.firstDate,
    repeat: plan.repeat,
    until: plan.until,
    skipPublicHolidays: plan.skipPublicHolidays,
    except: plan.except,
  });
  if (!outcome.ok) {
    throw validationFailed(
      outcome.reason === 'tooMany'
        ? { until: [`events.tooManySessions?count=${outcome.count}&max=${MAX_SESSIONS}`] }
        : outcome.reason === 'tooLong'
          ? { until: ['events.ruleTooLong'] }
          : { except: ['events.noSessionLeft'] },
      'recurrence refused',
    );
  }
  const span = plan.lastDay ? Math.round((Date.parse(plan.lastDay) - Date.parse(plan.firstDate)) / 86_400_000) : 0;
  const sessions = outcome.dates.map((date) => ({
    startsAt: zonedToUtc(date, plan.startTime, timeZone),
    endsAt: zonedToUtc(addDays(date, span), plan.endTime, timeZone),
  }));
  if (sessions[0] && sessions[0].startsAt.getTime() <= now.getTime()) {
    throw validationFailed({ firstDate: ['events.sessionInPast'] }, 'a session in the past');
  }
  return sessions.map((s) => ({
    ...s,
    capacity: plan.capacity,
    reserved: plan.capacity === null ? 0 : plan.reserved,
    waitlist: plan.waitlist,
  }));
}

/** Publish an event and its sessions; followers of its place, community and skills are told. */
export async function createEvent(
  deps: Deps,
  viewer: Viewer | null,
  input: { details: EventDetails; plan: SessionPlan; cover?: CoverUpload },
  now = new Date(),
) {
  if (!viewer || !canCreateEvent(viewer)) {
    throw forbidden('confirmed members only');
  }
  const { details, plan } = input;
  const { place, where, timeZone } = await resolveWhere(deps, viewer, details);
  const community = await resolveCommunity(deps, viewer, details.communitySlug);
  const sessions = planSessions(plan, timeZone, now);
  const skillIds = await skillIdsOf(deps, details.skills);
  const projectIds = await projectIdsOf(deps, viewer, details.projects);
  const slug = await firstFreeSlug(slugify(details.title, 70), (s) => repo.slugExists(deps.db, s), RESERVED_SLUGS);
  const descriptionHtml = await renderMarkdown(details.description);
  const coverKey = await storeCover(deps, input.cover, details.coverAlt);
  const event = await deps.db
    .transaction(async (tx) => {
      const row = await repo.insertEvent(
        tx,
        {
          coverKey,
          coverAlt: coverKey ? (details.coverAlt ?? null) : null,
          slug,
          ...detailColumns(details, descriptionHtml),
          ...where,
          placeId: place?.id ?? null,
          communityId: community?.id ?? null,
          createdBy: viewer.id,
          timeZone,
        },
        { organiserIds: [viewer.id], skillIds },
      );
      await repo.insertSessions(
        tx,
        sessions.map((s) => ({ ...s, eventId: row.id })),
      );
      await repo.setProjects(tx, row.id, projectIds);
      const notice = { kind: 'event.new', subjectType: 'event', subjectId: row.id, actorId: viewer.id };
      await notifyFollowers(tx, 'member', viewer.id, notice);
      if (place) {
        await notifyFollowers(tx, 'place', place.id, notice);
      }
      if (community) {
        await notifyFollowers(tx, 'community', community.id, notice);
      }
      await indexWords(tx, details.title, details.description);
      await recordEvent(tx, {
        actorId: viewer.id,
        action: 'event.created',
        subjectType: 'event',
        subjectId: row.id,
        payload: { sessions: sessions.length },
      });
      return row;
    })
    .catch(async (err) => {
      await dropCover(deps, coverKey);
      throw err;
    });
  await deps.changes.publish(EVENTS_TOPIC);
  return { event, sessions: sessions.length };
}

/** Change what an event is; calendars see a new SEQUENCE. Its dates change session by session. */
export async function updateEvent(deps: Deps, viewer: Viewer | null, slug: string, details: EventDetails, cover?: CoverUpload) {
  const { event, viewer: organiser } = await requireOrganiser(deps, viewer, { slug });
  const { place, where, timeZone } = await resolveWhere(deps, organiser, details);
  // A community already named stays (its referents may not be among the organisers); another needs its referents.
  const community =
    details.communitySlug && details.communitySlug === event.communitySlug
      ? { id: event.communityId as string }
      : await resolveCommunity(deps, organiser, details.communitySlug);
  const skillIds = await skillIdsOf(deps, details.skills);
  const projectIds = await projectIdsOf(deps, organiser, details.projects, event.projects);
  const descriptionHtml = await renderMarkdown(details.description);
  // A new photo replaces the old one; "remove" leaves the drawing of its kind; the description alone may change.
  const newCover = await storeCover(deps, cover, details.coverAlt ?? (cover ? undefined : (event.coverAlt ?? undefined)));
  const coverKey = newCover ?? (details.removeCover ? null : event.coverKey);
  const coverAlt = coverKey ? (details.coverAlt ?? event.coverAlt) : null;
  await deps.db
    .transaction(async (tx) => {
      // The zone of existing sessions is kept: their instants were chosen in it.
      await repo.updateEvent(tx, event.id, {
        coverKey,
        coverAlt,
        ...detailColumns(details, descriptionHtml),
        ...where,
        placeId: place?.id ?? null,
        communityId: community?.id ?? null,
      });
      await repo.bumpSequence(tx, event.id);
      await repo.setSkills(tx, event.id, skillIds);
      await repo.setProjects(tx, event.id, projectIds);
      await indexWords(tx, details.title, details.description);
      await recordEvent(tx, {
        actorId: organiser.id,
        action: 'event.updated',
        subjectType: 'event',
        subjectId: event.id,
        payload: { timeZone },
      });
    })
    .catch(async (err) => {
      await dropCover(deps, newCover);
      throw err;
    });
  if (event.coverKey && event.coverKey !== coverKey) {
    await dropCover(deps, event.coverKey);
  }
  await deps.changes.publish(EVENTS_TOPIC);
}

/** Add sessions to an event (the same plan as at creation), within the cap on sessions. */
export async function addSessions(deps: Deps, viewer: Viewer | null, slug: string, plan: SessionPlan, now = new Date()) {
  const { event } = await requireOrganiser(deps, viewer, { slug });
  const sessions = planSessions(plan, event.timeZone, now);
  await deps.db.transaction(async (tx) => {
    const existing = await repo.countSessions(tx, event.id);
    if (existing + sessions.length > MAX_SESSIONS) {
      throw validationFailed({ until: [`events.tooManySessions?count=${existing + sessions.length}&max=${MAX_SESSIONS}`] });
    }
    await repo.insertSessions(
      tx,
      sessions.map((s) => ({ ...s, eventId: event.id })),
    );
    await repo.bumpSequence(tx, event.id);
  });
  await deps.changes.publish(EVENTS_TOPIC);
  return sessions.length;
}

async function requireSessionOf(deps: Deps, event: { id: string }, sessionId: string) {
  const session = await repo.findSession(deps.db, sessionId);
  if (!session || session.eventId !== event.id) {
    throw notFound('session');
  }
  return session;
}

/**
 * Promote waiting registrations while places are free, in the order people joined (someone
 * asking for more places than are free is passed over, keeping their rank). Call with the
 * session locked.
 */
async function promoteWaiting(tx: DbOrTx, session: { id: string; capacity: number | null; reserved: number }) {
  const waiting = await repo.listWaiting(tx, session.id);
  let free =
    session.capacity === null ? Number.POSITIVE_INFINITY : session.capacity - session.reserved - (await repo.seatsTaken(tx, session.id));
  const promoted: repo.RegistrationRow[] = [];
  for (const w of waiting) {
    if (free <= 0) {
      break;
    }
    if (w.seats <= free) {
      await repo.setRegistrationStatus(tx, w.id, 'confirmed');
      free -= w.seats;
      promoted.push(w);
    }
  }
  return promoted;
}

/** Move a session (and change its capacity): registrants are told, and a larger room fills from the waiting list. */
export async function moveSession(
  deps: Deps,
  viewer: Viewer | null,
  slug: string,
  sessionId: string,
  input: { date: string; startTime: string; endTime: string; capacity: number | null; reserved: number | null },
  now = new Date(),
) {
  const { event } = await requireOrganiser(deps, viewer, { slug });
  const session = await requireSessionOf(deps, event, sessionId);
  const startsAt = zonedToUtc(input.date, input.startTime, event.timeZone);
  const endsAt = zonedToUtc(input.date, input.endTime, event.timeZone);
  if (startsAt.getTime() <= now.getTime()) {
    throw validationFailed({ date: ['events.sessionInPast'] });
  }
  const capacity = input.capacity;
  const reserved = capacity === null ? 0 : (input.reserved ?? 0);
  const promoted = await deps.db.transaction(async (tx) => {
    await repo.lockSession(tx, session.id);
    if (capacity !== null && capacity - reserved < (await repo.seatsTaken(tx, session.id))) {
      throw validationFailed({ capacity: ['events.capacityBelowTaken'] });
    }
    await repo.updateSession(tx, session.id, { startsAt, endsAt, capacity, reserved });
    await recordEvent(tx, {
      actorId: viewer?.id ?? null,
      action: 'event.session_moved',
      subjectType: 'event',
      subjectId: event.id,
      payload: { sessionId },
    });
    return promoteWaiting(tx, { id: session.id, capacity, reserved });
  });
  const moved = startsAt.getTime() !== session.startsAt.getTime() || endsAt.getTime() !== session.endsAt.getTime();
  if (moved) {
    await mailRegistrants(deps, event.id, session.id, 'moved', ['confirmed', 'waiting']);
  }
  for (const r of promoted) {
    await sendRegistrationMail(deps, r.id, 'promoted');
  }
  await deps.changes.publish(EVENTS_TOPIC);
}

/** Cancel one session: it stays on the agenda as cancelled, and its registrants are told. */
export async function cancelSession(deps: Deps, viewer: Viewer | null, slug: string, sessionId: string) {
  const { event } = await requireOrganiser(deps, viewer, { slug });
  const session = await requireSessionOf(deps, event, sessionId);
  if (session.status === 'cancelled') {
    throw conflict('events.alreadyCancelled', 'session already cancelled');
  }
  await deps.db.transaction(async (tx) => {
    await repo.updateSession(tx, session.id, { status: 'cancelled' });
    await recordEvent(tx, {
      actorId: viewer?.id ?? null,
      action: 'event.session_cancelled',
      subjectType: 'event',
      subjectId: event.id,
      payload: { sessionId },
    });
  });
  await mailRegistrants(deps, event.id, session.id, 'sessionCancelled', ['confirmed', 'waiting']);
  await deps.changes.publish(EVENTS_TOPIC);
}

/** Programmé, reporté or annulé: kept and shown either way; registrants of sessions to come are told. */
export async function setEventStatus(deps: Deps, viewer: Viewer | null, slug: string, status: EventStatus) {
  const { event } = await requireOrganiser(deps, viewer, { slug });
  if (event.status === status) {
    return;
  }
  await deps.db.transaction(async (tx) => {
    await repo.updateEvent(tx, event.id, { status });
    await repo.bumpSequence(tx, event.id);
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: `event.${status}`, subjectType: 'event', subjectId: event.id });
  });
  if (status !== 'scheduled') {
    await mailRegistrants(deps, event.id, null, status === 'cancelled' ? 'eventCancelled' : 'eventPostponed', ['confirmed', 'waiting']);
  }
  await deps.changes.publish(EVENTS_TOPIC);
}

/**
 * Register the viewer (and guests) to a session. The session's row is locked while places are
 * counted: of two people asking for the last place at once, exactly one gets it, the other
 * joins the waiting list (or is refused when the session has none).
 */
export async function register(
  deps: Deps,
  viewer: Viewer | null,
  sessionId: string,
  input: { guests: number; answers: string[] },
  now = new Date(),
) {
  const session = await repo.findSession(deps.db, sessionId);
  if (!session) {
    throw notFound('session');
  }
  const { event } = await loadEvent(deps, { id: session.eventId });
  const allowed = canRegister(viewer, event, session, now);
  if (allowed === 'signIn' || !viewer) {
    throw new AppError('UNAUTHENTICATED', { message: 'sign in to register', userMessage: 'events.signInToRegister' });
  }
  if (allowed !== 'ok') {
    throw conflict(`events.registration.${allowed}`, `registration ${allowed}`);
  }
  const seats = 1 + input.guests;
  const registration = await deps.db.transaction(async (tx) => {
    await repo.lockSession(tx, session.id);
    if (await repo.findActiveRegistration(tx, session.id, viewer.id)) {
      throw conflict('events.alreadyRegistered', 'already registered');
    }
    const offered = session.capacity === null ? Number.POSITIVE_INFINITY : session.capacity - session.reserved;
    if (seats > offered) {
      throw validationFailed({ guests: [`events.moreThanOffered?max=${offered}`] }, 'more places than the session offers');
    }
    const taken = await repo.seatsTaken(tx, session.id);
    const fits = taken + seats <= offered;
    if (!fits && !session.waitlist) {
      throw conflict('events.full', 'session full, no waiting list');
    }
    const row = await repo.insertRegistration(tx, {
      sessionId: session.id,
      userId: viewer.id,
      seats,
      answers: input.answers.slice(0, event.questions.length),
      status: fits ? 'confirmed' : 'waiting',
      cancelToken: randomToken(24),
    });
    await recordEvent(tx, {
      actorId: viewer.id,
      action: 'event.registered',
      subjectType: 'event',
      subjectId: event.id,
      payload: { sessionId, status: row.status },
    });
    return row;
  });
  await deps.changes.publish(REGISTRATIONS_TOPIC);
  await sendRegistrationMail(deps, registration.id, registration.status === 'confirmed' ? 'confirmed' : 'waiting');
  return registration;
}

/** Cancel a registration; its places go to the waiting list, in order, and the promoted are told. */
async function cancelRegistrationRow(deps: Deps, registration: repo.RegistrationRow, actorId: string | null) {
  if (registration.status === 'cancelled') {
    throw conflict('events.alreadyCancelledRegistration', 'registration already cancelled');
  }
  const session = await repo.findSession(deps.db, registration.sessionId);
  if (!session) {
    throw notFound('session');
  }
  const promoted = await deps.db.transaction(async (tx) => {
    await repo.lockSession(tx, session.id);
    const current = await repo.findRegistration(tx, { id: registration.id });
    if (!current || current.status === 'cancelled') {
      throw conflict('events.alreadyCancelledRegistration', 'registration already cancelled');
    }
    await repo.setRegistrationStatus(tx, registration.id, 'cancelled');
    await recordEvent(tx, {
      actorId,
      action: 'event.registration_cancelled',
      subjectType: 'event',
      subjectId: session.eventId,
      payload: { sessionId: session.id },
    });
    return current.status === 'confirmed' && session.status === 'scheduled' && session.startsAt.getTime() > Date.now()
      ? promoteWaiting(tx, session)
      : [];
  });
  await deps.changes.publish(REGISTRATIONS_TOPIC);
  await sendRegistrationMail(deps, registration.id, 'cancelled');
  for (const r of promoted) {
    await sendRegistrationMail(deps, r.id, 'promoted');
  }
  return { promoted: promoted.length };
}

export async function cancelRegistration(deps: Deps, viewer: Viewer | null, registrationId: string) {
  const registration = await repo.findRegistration(deps.db, { id: registrationId });
  if (!registration) {
    throw notFound('registration');
  }
  const session = await repo.findSession(deps.db, registration.sessionId);
  const { access } = await loadEvent(deps, { id: session?.eventId ?? '' });
  if (!canCancelRegistration(viewer, registration, access)) {
    throw forbidden('not your registration');
  }
  return cancelRegistrationRow(deps, registration, viewer?.id ?? null);
}

/** What the cancel link of an e-mail points at (no sign-in needed: the link is the key). */
export async function registrationByToken(deps: Deps, token: string) {
  const registration = token.length >= 20 ? await repo.findRegistration(deps.db, { token }) : undefined;
  if (!registration) {
    throw notFound('registration');
  }
  const session = await repo.findSession(deps.db, registration.sessionId);
  const { event } = await loadEvent(deps, { id: session?.eventId ?? '' });
  return { registration, session, event };
}

export async function cancelByToken(deps: Deps, token: string) {
  const { registration } = await registrationByToken(deps, token);
  return cancelRegistrationRow(deps, registration, registration.userId);
}

/** An event's page: the event, its sessions with their places left, and the viewer's registrations. */
export async function getEventPage(deps: Deps, viewer: Viewer | null, slug: string) {
  const loaded = await loadEvent(deps, { slug });
  const [sessions, mine] = await Promise.all([
    repo.listSessions(deps.db, loaded.event.id),
    viewer ? repo.listMyRegistrations(deps.db, viewer.id, { upcomingOnly: false, eventId: loaded.event.id }) : [],
  ]);
  return { ...loaded, sessions, mine, organisers: loaded.event.organisers, canOrganise: canOrganise(viewer, loaded.access) };
}

/** What the organisers see: every session and who registered (names, places, answers; never addresses). */
export async function getOrganiserView(deps: Deps, viewer: Viewer | null, slug: string) {
  const loaded = await requireOrganiser(deps, viewer, { slug });
  const [sessions, registrants] = await Promise.all([
    repo.listSessions(deps.db, loaded.event.id),
    repo.listRegistrants(deps.db, loaded.event.id, { statuses: ['confirmed', 'waiting'] }),
  ]);
  return { ...loaded, sessions, registrants, organisers: loaded.event.organisers };
}

/**
 * Add a member as co-organiser by their e-mail address. The answer does not say whether an
 * account exists (as for a place's team); the member is told by a notification.
 */
export async function addOrganiser(deps: Deps, viewer: Viewer | null, slug: string, email: string): Promise<void> {
  const { event, viewer: organiser } = await requireOrganiser(deps, viewer, { slug });
  const member = await findMemberByEmail(deps, email);
  if (!member || event.organiserIds.includes(member.id)) {
    return;
  }
  await deps.db.transaction(async (tx) => {
    await repo.addOrganiser(tx, event.id, member.id);
    await notifyUsers(tx, [member.id], { kind: 'event.organiser', subjectType: 'event', subjectId: event.id, actorId: organiser.id });
    await recordEvent(tx, {
      actorId: organiser.id,
      action: 'event.organiser_added',
      subjectType: 'event',
      subjectId: event.id,
      payload: { userId: member.id },
    });
  });
}

/** Remove a co-organiser (one may leave); an event always keeps one organiser, or its place's team. */
export async function removeOrganiser(deps: Deps, viewer: Viewer | null, slug: string, userId: string): Promise<void> {
  const { event, access, viewer: organiser } = await requireOrganiser(deps, viewer, { slug });
  if (event.organiserIds.length <= 1 && access.placeTeamIds.length === 0) {
    throw conflict('events.lastOrganiser', 'an event keeps one organiser');
  }
  await deps.db.transaction(async (tx) => {
    if (!(await repo.removeOrganiser(tx, event.id, userId))) {
      throw notFound('organiser');
    }
    await recordEvent(tx, {
      actorId: organiser.id,
      action: 'event.organiser_removed',
      subjectType: 'event',
      subjectId: event.id,
      payload: { userId },
    });
  });
}

/** Write to the registrants of an event (or of one session) without seeing their addresses. */
export async function messageRegistrants(
  deps: Deps,
  viewer: Viewer | null,
  slug: string,
  input: { subject: string; body: string; sessionId?: string },
) {
  const { event } = await requireOrganiser(deps, viewer, { slug });
  const sent = await mailRegistrants(deps, event.id, input.sessionId ?? null, 'message', ['confirmed', 'waiting'], {
    subject: input.subject,
    body: input.body,
    from: viewer?.displayName ?? '',
  });
  await deps.db.transaction((tx) =>
    recordEvent(tx, { actorId: viewer?.id ?? null, action: 'event.message', subjectType: 'event', subjectId: event.id, payload: { sent } }),
  );
  return sent;
}

/** After it: how many came and what happened (it will feed the place's indicators). */
export async function writeReport(
  deps: Deps,
  viewer: Viewer | null,
  slug: string,
  input: { attendance: number; report: string },
  now = new Date(),
) {
  const { event } = await requireOrganiser(deps, viewer, { slug });
  const sessions = await repo.listSessions(deps.db, event.id);
  if (!sessions.some((s) => s.status === 'scheduled' && s.startsAt.getTime() < now.getTime())) {
    throw validationFailed({ report: ['events.reportTooEarly'] }, 'no session has begun');
  }
  const html = await renderMarkdown(input.report);
  await deps.db.transaction(async (tx) => {
    await repo.updateEvent(tx, event.id, { reportMd: input.report, reportHtml: html, reportAttendance: input.attendance, reportedAt: now });
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: 'event.reported', subjectType: 'event', subjectId: event.id });
  });
}

/** The viewer's registrations to come (and those of the past year with `all`). */
export const listMyRegistrations = (deps: Deps, viewer: Viewer, all = false) =>
  repo.listMyRegistrations(deps.db, viewer.id, { upcomingOnly: !all });

/** The secret address of one's own calendar: made on first use, replaced on demand. */
export async function feedToken(deps: Deps, viewer: Viewer, reset = false): Promise<string> {
  const existing = reset ? undefined : await repo.findFeedToken(deps.db, viewer.id);
  if (existing) {
    return existing;
  }
  const token = randomToken(24);
  await repo.saveFeedToken(deps.db, viewer.id, token);
  return token;
}

export const userOfFeedToken = (deps: Deps, token: string) => repo.findUserByFeedToken(deps.db, token);

/** The day-before reminders that are due (a scheduled job). */
export async function sendDueReminders(deps: Deps, now = new Date()): Promise<number> {
  // The same job keeps cached agenda pages to the quarter of an hour.
  await deps.changes.publish(AGENDA_CLOCK_TOPIC);
  let sent = 0;
  for (const s of await repo.listSessionsToRemind(deps.db, now)) {
    await repo.markReminded(deps.db, s.id);
    sent += await mailRegistrants(deps, s.eventId, s.id, 'reminder', ['confirmed']);
  }
  return sent;
}

/** Many events at once (the seeded network): no notifications, no checks beyond the database's. */
export const insertEventsBulk = (db: DbOrTx, rows: Array<Parameters<typeof repo.insertEvent>[1]>) => repo.insertEventsBulk(db, rows);
export const insertSessionsBulk = (db: DbOrTx, rows: Parameters<typeof repo.insertSessions>[1]) =>
  repo.insertSessionsBulkInBatches(db, rows);

/** The organiser's places, for the form's "organised by" list. */
export const placesFor = (deps: Deps, viewer: Viewer) => listMyPlaces(deps, viewer);

/** The projects a member may link an event to: those they author. */
export const projectsFor = (deps: Deps, viewer: Viewer) => listProjectsOf(deps, viewer.id);

/** The communities a member may name as organiser: those they refer. */
export const communitiesFor = (deps: Deps, viewer: Viewer) => listCommunitiesReferredBy(deps, viewer.id);

registerNotificationKind('event.organiser', async (deps, n, _reader, t) => {
  const event = await repo.findEvent(deps.db, { id: n.subjectId ?? '' });
  return event
    ? { text: t('events.notification.organiser', { actor: n.actorName ?? '', title: event.title }), href: `/agenda/${event.slug}/gerer` }
    : null;
});

registerNotificationKind('event.new', async (deps, n, _reader, t) => {
  const event = await repo.findEvent(deps.db, { id: n.subjectId ?? '' });
  return event
    ? { text: t('events.notification.new', { actor: n.actorName ?? '', title: event.title }), href: `/agenda/${event.slug}` }
    : null;
});

registerPersonalData('events', async (db, userId) => ({
  registrations: await repo.listMyRegistrations(db, userId, { upcomingOnly: false }),
}));
