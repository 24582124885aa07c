import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { FormValues } from '../../lib/request-body.ts';
import { formString, readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { hasForbiddenChars } from '../../lib/validation.ts';
import { handleForm } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { locateQuery, locationLabel } from '../geo/locate.ts';
import { normalizePostcode } from '../geo/territories.ts';
import { getPlaceDetail } from '../places/places.service.ts';
import * as skills from '../skills/skills.service.ts';
import { notifyFollowers, sendMessage } from '../social/social.service.ts';
import { memberPageData } from './people.page.service.ts';
import { MEMBER_FACETS, type MemberFacet, type MemberRow, type MemberSearch } from './people.repo.ts';
import * as people from './people.service.ts';
import {
  AffiliationInput,
  DeclareSkillInput,
  LINK_COUNT,
  MessageInput,
  PhotoInput,
  ProfileFormInput,
  SkillLevelInput,
} from './people.validation.ts';
import { MemberPage, MySkillsPage, PhotoPage, ProfileEditPage, VouchersPage } from './views/member.view.tsx';
import { DISTANCES, type DirectoryQuery, MemberDirectoryPage } from './views/member-directory.view.tsx';

/** The directory's query string → a search; "près de" is a commune name, with a postcode if needed. */
async function directoryQuery(c: Context<AppEnv>): Promise<DirectoryQuery> {
  const list = (key: string) => (c.req.queries(key) ?? []).filter((v) => v.length <= 80 && /^[\w-]+$/.test(v)).slice(0, 20);
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  const nearText = (c.req.query('pres') ?? '').trim().slice(0, 100);
  const km = DISTANCES.includes((c.req.query('km') ?? '') as (typeof DISTANCES)[number]) ? (c.req.query('km') as string) : '50';
  if (hasForbiddenChars(q) || hasForbiddenChars(nearText)) {
    throw new AppError('BAD_REQUEST', { message: 'invalid characters', userMessage: 'errors.badEncoding' });
  }
  const filters = Object.fromEntries(MEMBER_FACETS.map((f) => [f, list(f)])) as Record<MemberFacet, string[]>;
  const page = Math.min(Math.max(1, Number(c.req.query('page')) || 1), 500);
  const search: MemberSearch = { q, filters, page, ...(c.req.query('transmet') === '1' ? { transmit: true } : {}) };
  let nearError: string | undefined;
  if (nearText) {
    const postcode = /\b(\d{5})\b/.exec(nearText)?.[1];
    const commune = nearText
      .replace(/\b\d{5}\b/, '')
      .replace(/[(),]/g, ' ')
      .trim();
    try {
      const where = people.resolveTerritory({
        commune: commune || undefined,
        postcode: postcode ? (normalizePostcode(postcode) ?? undefined) : undefined,
      });
      if (where?.latitude !== null && where?.latitude !== undefined && where.longitude !== null) {
        search.near = { lat: where.latitude, lng: where.longitude, km: Number(km) };
      } else {
        nearError = c.get('t')('people.near.unknown');
      }
    } catch {
      nearError = c.get('t')('people.near.unknown');
    }
  }
  // No "près de" but a town in the words ("découpe laser Vitré"): the search is around that town.
  let located: DirectoryQuery['located'];
  if (!nearText && q) {
    const { location, rest } = locateQuery(q);
    if (location?.kind === 'commune' && location.lat !== undefined && location.lng !== undefined) {
      search.q = rest.join(' ');
      search.near = { lat: location.lat, lng: location.lng, km: Number(km) };
      located = { name: location.name, label: locationLabel(location), rest: search.q };
    }
  }
  // A first visit: the "près de" field starts with one's own commune (applied once submitted).
  const nearField = nearText || (new URL(c.req.url).search ? '' : await people.viewerCommune(c.get('deps'), c.get('viewer')));
  const skillNames = Object.fromEntries((await skills.listSkills(c.get('deps'))).map((s) => [s.slug, s.name]));
  return { search, nearText, nearField, km, nearError, skillNames, located };
}

function profileValues(member: MemberRow): FormValues {
  const values: FormValues = {
    displayName: member.displayName,
    bio: member.bio,
    networkRoles: member.networkRoles,
    teachingDiscipline: member.teachingDiscipline ?? '',
    teachingLevel: member.teachingLevel ?? '',
    commune: member.communeName ?? '',
    postcode: '',
    openTo: member.openTo,
    digest: member.digest,
  };
  for (let i = 0; i < LINK_COUNT; i++) {
    values[`link${i + 1}Label`] = member.links[i]?.label ?? '';
    values[`link${i + 1}Url`] = member.links[i]?.url ?? '';
  }
  for (const [field, vis] of Object.entries(member.visibility)) {
    values[`vis_${field}`] = vis;
  }
  return values;
}

async function renderMember(c: Context<AppEnv>, slug: string, message: FormState = emptyForm(), status: 200 | 400 | 403 | 404 | 429 = 200) {
  const deps = c.get('deps');
  const viewer = c.get('viewer');
  const { member: view, follow, sections } = await memberPageData(deps, viewer, await people.getMember(deps, slug));
  c.header('Cache-Control', 'private, no-store');
  return renderPage(
    c,
    <MemberPage member={view as Parameters<typeof MemberPage>[0]['member']} follow={follow} message={message} sections={sections} />,
    status,
  );
}

async function renderMySkills(
  c: Context<AppEnv>,
  state: FormState = emptyForm({ level: '2' }),
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 = 200,
  typed?: string,
) {
  const viewer = requireViewer(c);
  const deps = c.get('deps');
  // "Chercher une compétence" (a GET, or names typed that we did not know): matching skills to tick.
  const q = (typed ?? c.req.query('q') ?? '').trim().slice(0, 100);
  const [mine, all, found] = await Promise.all([
    skills.listMemberSkills(deps, viewer.id, viewer),
    skills.listSkills(deps),
    q && !hasForbiddenChars(q) ? skills.searchSkills(deps, q) : Promise.resolve([]),
  ]);
  const declared = new Set(mine.map((s) => s.slug));
  const choices = all.filter((s) => !declared.has(s.slug)).map((s) => ({ slug: s.slug, name: s.name, family: s.family }));
  const suggestions = found.filter((s) => !declared.has(s.slug)).map((s) => ({ slug: s.slug, name: s.name, family: s.family }));
  return renderPage(c, <MySkillsPage skills={mine} state={state} choices={choices} q={q} suggestions={suggestions} />, status);
}

export function mountPeoplePages(app: Hono<AppEnv>) {
  app.get('/membres', (c) =>
    renderPublicPage(c, [people.PEOPLE_TOPIC, skills.SKILLS_TOPIC], async () => {
      const query = await directoryQuery(c);
      const result = await people.searchMembers(c.get('deps'), c.get('viewer'), query.search);
      return <MemberDirectoryPage query={query} result={result} perPage={people.MEMBERS_PER_PAGE} />;
    }),
  );

  app.get('/membres/:slug', (c) => renderMember(c, slugOr404(c.req.param('slug'), 'slug')));

  app.get('/membres/:slug/photo', async (c) => {
    const photo = await people.readMemberPhoto(c.get('deps'), c.get('viewer'), slugOr404(c.req.param('slug'), 'slug'));
    c.header('Content-Type', 'image/webp');
    c.header('Content-Disposition', 'inline; filename="portrait.webp"');
    // The URL changes with the picture (?v=); only a public portrait may sit in shared caches.
    c.header('Cache-Control', `${photo.public ? 'public' : 'private'}, max-age=86400`);
    return c.body(new Uint8Array(photo.bytes));
  });

  app.get('/profil/photo', async (c) => {
    const viewer = requireViewer(c);
    const member = await people.getMemberById(c.get('deps'), viewer.id);
    return renderPage(c, <PhotoPage member={member} state={emptyForm()} maxMb={c.get('deps').config.uploadMaxBytes / 1024 / 1024} />);
  });
  app.post('/profil/photo', async (c) => {
    const viewer = requireViewer(c);
    const deps = c.get('deps');
    const { values, files } = await readForm(c);
    const member = await people.getMemberById(deps, viewer.id);
    const render = (state: FormState, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429) =>
      renderPage(c, <PhotoPage member={member} state={state} maxMb={deps.config.uploadMaxBytes / 1024 / 1024} />, status);
    return handleForm(c, values, PhotoInput, render, async () => {
      const file = files.photo?.[0];
      if (!file || file.size === 0) {
        throw new AppError('VALIDATION_FAILED', { message: 'no file', details: { photo: ['people.photo.missing'] } });
      }
      try {
        await people.setMyPhoto(deps, viewer, Buffer.from(await file.arrayBuffer()));
      } catch (err) {
        if (err instanceof AppError && (err.code === 'UNSUPPORTED_MEDIA_TYPE' || err.code === 'PAYLOAD_TOO_LARGE')) {
          throw new AppError(err.code, { message: err.message, details: { photo: [err.userMessage ?? 'errors.notAnImage'] } });
        }
        throw err;
      }
      return redirectWithFlash(c, '/profil/photo', 'people.photo.saved');
    });
  });
  app.post('/profil/photo/retirer', async (c) => {
    await people.removeMyPhoto(c.get('deps'), requireViewer(c));
    return redirectWithFlash(c, '/profil/photo', 'people.photo.removed');
  });

  app.post('/membres/:slug/message', async (c) => {
    const viewer = requireViewer(c);
    const slug = slugOr404(c.req.param('slug'), 'slug');
    const member = await people.getMember(c.get('deps'), slug);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      MessageInput,
      (state, status) => renderMember(c, slug, state, status as 400),
      async ({ body }) => {
        await sendMessage(c.get('deps'), viewer, member.userId, body);
        return redirectWithFlash(c, `/membres/${member.slug}`, 'people.message.sent');
      },
    );
  });

  app.get('/membres/:slug/competences/:skill', async (c) => {
    const deps = c.get('deps');
    const viewer = c.get('viewer');
    const member = await people.getMember(deps, slugOr404(c.req.param('slug'), 'slug'));
    const { skill } = await skills.getSkill(deps, slugOr404(c.req.param('skill'), 'skill'));
    const view = await people.getMemberView(deps, viewer, member, []);
    if (!view.skills) {
      throw notFound('skill'); // the member's skills are not visible to this viewer
    }
    const vouchers = await skills.listVouchers(deps, member.userId, skill.id);
    return renderPage(
      c,
      <VouchersPage
        member={{ slug: member.slug, displayName: member.displayName, isSelf: view.isSelf }}
        skill={skill}
        vouchers={vouchers}
      />,
    );
  });

  app.post('/membres/:slug/competences/:skill/confirmer', async (c) => {
    const viewer = requireViewer(c);
    const deps = c.get('deps');
    const member = await people.getMember(deps, slugOr404(c.req.param('slug'), 'slug'));
    const { skill } = await skills.getSkill(deps, slugOr404(c.req.param('skill'), 'skill'));
    await skills.vouch(deps, viewer, { userId: member.userId, skillsVisibility: member.visibility.skills }, skill.id);
    return redirectWithFlash(c, `/membres/${member.slug}`, 'skills.vouch.done');
  });

  app.post('/membres/:slug/competences/:skill/retirer-confirmation', async (c) => {
    const viewer = requireViewer(c);
    const deps = c.get('deps');
    const member = await people.getMember(deps, slugOr404(c.req.param('slug'), 'slug'));
    const { skill } = await skills.getSkill(deps, slugOr404(c.req.param('skill'), 'skill'));
    const { values } = await readForm(c);
    // The holder names the vouch to remove; a voucher removes their own.
    const voucherId = viewer.id === member.userId ? formString(values, 'voucher') : viewer.id;
    if (!/^[0-9a-f-]{36}$/i.test(voucherId)) {
      throw notFound('vouch');
    }
    await skills.removeVouch(deps, viewer, { userId: member.userId, skillId: skill.id, voucherId });
    return redirectWithFlash(c, `/membres/${member.slug}`, 'skills.vouch.removed');
  });

  app.get('/profil', async (c) => {
    const viewer = requireViewer(c);
    const member = await people.getMemberById(c.get('deps'), viewer.id);
    return renderPage(c, <ProfileEditPage state={emptyForm(profileValues(member))} />);
  });
  app.post('/profil', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ProfileFormInput,
      (state, status) => renderPage(c, <ProfileEditPage state={state} />, status),
      async (data) => {
        await people.updateMyProfile(c.get('deps'), viewer, data);
        const member = await people.getMemberById(c.get('deps'), viewer.id);
        return redirectWithFlash(c, `/membres/${member.slug}`, 'form.saved');
      },
    );
  });

  app.get('/profil/competences', (c) => renderMySkills(c));
  app.post('/profil/competences', async (c) => {
    const viewer = requireViewer(c);
    const deps = c.get('deps');
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      DeclareSkillInput,
      (state, status) => renderMySkills(c, state, status),
      async (input) => {
        const chosen = await skills.getSkillsBySlugs(deps, input.skill);
        const { skills: typed, unknown } = input.skills ? await skills.resolveSkillNames(deps, input.skills) : { skills: [], unknown: [] };
        if (unknown.length > 0) {
          return renderMySkills(
            c,
            { values, errors: { skill: [c.get('t')('people.mySkills.unknown', { names: unknown.join(', ') })] } },
            400,
            unknown.join(' '),
          );
        }
        for (const skill of [...chosen, ...typed]) {
          await skills.declareSkill(deps, viewer, skill.id, input.level, async (tx) => {
            await people.refreshMemberSearch(tx, viewer.id);
            await notifyFollowers(tx, 'member', viewer.id, {
              kind: 'member.skill',
              subjectType: 'skill',
              subjectId: skill.id,
              actorId: viewer.id,
            });
          });
        }
        return redirectWithFlash(c, '/profil/competences', 'people.mySkills.added');
      },
    );
  });
  // Change a skill's level where it is listed (one small form per skill).
  app.post('/profil/competences/:skill/niveau', async (c) => {
    const viewer = requireViewer(c);
    const deps = c.get('deps');
    const { skill } = await skills.getSkill(deps, slugOr404(c.req.param('skill'), 'skill'));
    const { values } = await readForm(c);
    const parsed = SkillLevelInput.safeParse(values);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid level', userMessage: 'errors.validation' });
    }
    await skills.declareSkill(deps, viewer, skill.id, parsed.data.level, (tx) => people.refreshMemberSearch(tx, viewer.id));
    return redirectWithFlash(c, `/profil/competences#competence-${skill.slug}`, 'people.mySkills.levelChanged');
  });
  app.post('/profil/competences/:skill/retirer', async (c) => {
    const viewer = requireViewer(c);
    const deps = c.get('deps');
    const { skill } = await skills.getSkill(deps, slugOr404(c.req.param('skill'), 'skill'));
    await skills.removeDeclaredSkill(deps, viewer, skill.id, (tx) => people.refreshMemberSearch(tx, viewer.id));
    return redirectWithFlash(c, '/profil/competences', 'people.mySkills.removed');
  });

  app.post('/lieux/:slug/participer', async (c) => {
    const viewer = requireViewer(c);
    const place = await getPlaceDetail(c.get('deps'), viewer, { slug: slugOr404(c.req.param('slug'), 'slug') });
    const { values } = await readForm(c);
    const parsed = AffiliationInput.safeParse(values);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid role', userMessage: 'errors.validation' });
    }
    await people.affiliate(c.get('deps'), viewer, place.id, parsed.data.role);
    return redirectWithFlash(c, `/lieux/${place.slug}`, 'people.affiliation.saved');
  });
  app.post('/lieux/:slug/quitter', async (c) => {
    const viewer = requireViewer(c);
    const place = await getPlaceDetail(c.get('deps'), viewer, { slug: slugOr404(c.req.param('slug'), 'slug') });
    await people.leavePlace(c.get('deps'), viewer, place.id);
    return redirectWithFlash(c, `/lieux/${place.slug}`, 'people.affiliation.left');
  });
}
