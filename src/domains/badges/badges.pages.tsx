import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { uuidOr404 } from '../../lib/validation.ts';
import { isModerator } from '../../lib/viewer.ts';
import { handleForm } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { privatePage, redirectWithFlash, renderPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { registerMemberSection } from '../people/people.sections.ts';
import { listMyPlaces } from '../places/places.service.ts';
import { badgePng } from './badge-image.ts';
import * as badges from './badges.service.ts';
import { memberBadgesPart } from './badges.service.ts';
import { AwardInput, BadgeInput, EndorseInput, MAX_CREDENTIAL_BYTES, RevokeInput } from './badges.validation.ts';
import {
  AwardPage,
  BadgeListPage,
  BadgePage,
  MemberBadgesPage,
  MemberBadgesSection,
  NewBadgePage,
  VerifyAwardPage,
  VerifyPage,
} from './badges.views.tsx';
import { bakePng } from './baking.ts';

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

const idOr404 = (id: string | undefined) => uuidOr404(id, 'award');

/** Drawn badge pictures, once per badge and process (25 KB each). */
const drawn = new Map<string, Promise<Buffer>>();
/** A badge's picture: the one its makers sent, else one drawn from its address. */
async function pictureOf(
  deps: AppEnv['Variables']['deps'],
  b: { slug: string; placeBadge: boolean; imageKey: string | null },
): Promise<Buffer> {
  if (b.imageKey) {
    const uploaded = await deps.uploads.read(b.imageKey);
    if (uploaded) {
      return uploaded;
    }
  }
  let png = drawn.get(b.slug);
  if (!png) {
    png = badgePng(b.slug, b.placeBadge);
    drawn.set(b.slug, png);
  }
  return png;
}

// A member's page shows their badges, read in the page's one statement.
registerMemberSection<{ id: string; slug: string; name: string }>({
  key: 'badges',
  part: memberBadgesPart,
  render: (rows, member) => <MemberBadgesSection rows={rows} member={member} />,
});

export function mountBadgePages(app: Hono<AppEnv>) {
  // The instance's DID document (did:web): the public key that signs its badges.
  app.get('/.well-known/did.json', async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await badges.didDocumentOf(c.get('deps')));
  });

  app.get('/badges', async (c) => {
    const viewer = c.get('viewer');
    const deps = c.get('deps');
    const canCreate = !!viewer?.emailVerified && (isModerator(viewer) || (await listMyPlaces(deps, viewer)).length > 0);
    if (viewer) {
      privatePage(c);
    }
    return renderPage(c, <BadgeListPage badges={await badges.listBadges(deps)} canCreate={canCreate} />);
  });

  const renderNew = async (c: Context<AppEnv>, state: FormState, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const places = (await listMyPlaces(c.get('deps'), viewer)).map((p) => ({ slug: p.slug, name: p.name }));
    return renderPage(c, <NewBadgePage state={state} places={places} network={isModerator(viewer)} />, status);
  };
  app.get('/badges/nouveau', (c) => renderNew(c, emptyForm({ awardMode: 'manual', ruleKind: '', ruleMetric: '' })));
  app.post('/badges/nouveau', async (c) => {
    const viewer = requireViewer(c);
    const { values, files } = await readForm(c);
    return handleForm(
      c,
      values,
      BadgeInput,
      (state, status) => renderNew(c, state, status),
      async (data) => {
        const deps = c.get('deps');
        const imageKey = await badges.storeBadgeImage(deps, files.image?.[0]);
        try {
          const { slug } = await badges.createBadge(deps, viewer, data, imageKey);
          return redirectWithFlash(c, `/badges/${slug}`, 'badges.new.done');
        } catch (err) {
          if (imageKey) {
            await deps.uploads.remove(imageKey);
          }
          throw err;
        }
      },
    );
  });

  const renderEdit = async (c: Context<AppEnv>, slug: string, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const page = await badges.getBadgePage(c.get('deps'), viewer, slug);
    if (!page.canAward) {
      throw forbidden('those who manage this badge');
    }
    return renderPage(
      c,
      <NewBadgePage
        state={state ?? emptyForm(badges.badgeFormValues(page.badge))}
        places={[]}
        network={false}
        editing={{ slug: page.badge.slug, name: page.badge.name }}
      />,
      status,
    );
  };
  app.get('/badges/:slug/modifier', (c) => renderEdit(c, slugOr404(c.req.param('slug'), 'badge'), null));
  app.post('/badges/:slug/modifier', async (c) => {
    const viewer = requireViewer(c);
    const slug = slugOr404(c.req.param('slug'), 'badge');
    const { values, files } = await readForm(c);
    return handleForm(
      c,
      values,
      BadgeInput,
      (state, status) => renderEdit(c, slug, state, status),
      async (data) => {
        const deps = c.get('deps');
        const imageKey = await badges.storeBadgeImage(deps, files.image?.[0]);
        try {
          await badges.updateBadge(deps, viewer, slug, data, imageKey);
        } catch (err) {
          if (imageKey) {
            await deps.uploads.remove(imageKey);
          }
          throw err;
        }
        return redirectWithFlash(c, `/badges/${slug}`, 'badges.edit.done');
      },
    );
  });

  // Verify a credential: paste its JSON or send its file. Junk of any size gets a verdict.
  app.get('/badges/verifier', (c) => renderPage(c, <VerifyPage state={emptyForm()} verdict={null} />));
  app.post('/badges/verifier', async (c) => {
    const { values, files } = await readForm(c);
    const file = files.file?.[0];
    const pasted = typeof values.credential === 'string' ? values.credential : '';
    if (!file && !pasted.trim()) {
      return renderPage(
        c,
        <VerifyPage state={{ values, errors: { credential: [c.get('t')('badges.verify.empty')] } }} verdict={null} />,
        400,
      );
    }
    const deps = c.get('deps');
    const verdict =
      file && file.size > MAX_CREDENTIAL_BYTES
        ? ({ state: 'too_large' } as const)
        : await badges.verifyCredentialText(deps, file ? await file.text() : pasted);
    // What was pasted stays in the field (up to the size a badge can have).
    const kept = pasted.length <= MAX_CREDENTIAL_BYTES ? pasted : '';
    return renderPage(c, <VerifyPage state={{ values: { credential: kept }, errors: {} }} verdict={verdict} />);
  });
  app.get('/badges/verifier/:id', async (c) => {
    const { award, verdict } = await badges.verifyAward(c.get('deps'), idOr404(c.req.param('id')));
    c.header('Cache-Control', 'no-store');
    return renderPage(c, <VerifyAwardPage award={award} verdict={verdict} />);
  });

  // The revocation list (W3C Bitstring Status List), signed.
  app.get('/badges/statut/1', async (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(await badges.statusListCredential(c.get('deps')));
  });

  const renderAward = async (
    c: Context<AppEnv>,
    id: string,
    forms: { revoke?: FormState; endorse?: FormState } = {},
    status: Status = 200,
  ) => {
    privatePage(c);
    const page = await badges.getAwardPage(c.get('deps'), c.get('viewer'), id);
    return renderPage(c, <AwardPage {...page} revoke={forms.revoke ?? emptyForm()} endorse={forms.endorse ?? emptyForm()} />, status);
  };
  app.post('/badges/attributions/:id/recommander', async (c) => {
    const viewer = requireViewer(c);
    const id = idOr404(c.req.param('id'));
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      EndorseInput,
      (state, status) => renderAward(c, id, { endorse: state }, status),
      async ({ comment }) => {
        await badges.endorseAward(c.get('deps'), viewer, id, comment);
        return redirectWithFlash(c, `/badges/attributions/${id}`, 'badges.endorse.done');
      },
    );
  });
  app.get('/badges/recommandations/:file', async (c) => {
    const id = idOr404(c.req.param('file').replace(/\.json$/, ''));
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await badges.getEndorsementCredential(c.get('deps'), id));
  });
  app.get('/badges/attributions/:id', (c) => renderAward(c, idOr404(c.req.param('id'))));
  app.get('/badges/attributions/:id/badge.json', async (c) => {
    const viewer = requireViewer(c);
    const award = await badges.getAward(c.get('deps'), idOr404(c.req.param('id')));
    if (award.recipientId !== viewer.id) {
      throw notFound('award');
    }
    privatePage(c);
    c.header('Content-Disposition', `attachment; filename="badge-${award.badgeSlug}.json"`);
    return c.body(JSON.stringify(award.credential, null, 2), 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
  // The badge's picture with the credential baked in (Open Badges 3.0 baking): one file a
  // wallet or a backpack can import.
  app.get('/badges/attributions/:id/badge.png', async (c) => {
    const viewer = requireViewer(c);
    const award = await badges.getAward(c.get('deps'), idOr404(c.req.param('id')));
    if (award.recipientId !== viewer.id) {
      throw notFound('award');
    }
    privatePage(c);
    c.header('Content-Disposition', `attachment; filename="badge-${award.badgeSlug}.png"`);
    const picture = await pictureOf(c.get('deps'), {
      slug: award.badgeSlug,
      placeBadge: !!award.badgePlaceId,
      imageKey: award.badgeImageKey,
    });
    const png = bakePng(picture, JSON.stringify(award.credential));
    return c.body(new Uint8Array(png), 200, { 'Content-Type': 'image/png' });
  });
  app.post('/badges/attributions/:id/revoquer', async (c) => {
    const viewer = requireViewer(c);
    const id = idOr404(c.req.param('id'));
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      RevokeInput,
      (state, status) => renderAward(c, id, { revoke: state }, status),
      async ({ reason }) => {
        await badges.revokeAward(c.get('deps'), viewer, id, reason);
        return redirectWithFlash(c, `/badges/attributions/${id}`, 'badges.revoke.done');
      },
    );
  });
  for (const [path, hidden] of [
    ['masquer', true],
    ['afficher', false],
  ] as const) {
    app.post(`/badges/attributions/:id/${path}`, async (c) => {
      const viewer = requireViewer(c);
      const id = idOr404(c.req.param('id'));
      await readForm(c);
      await badges.setAwardHidden(c.get('deps'), viewer, id, hidden);
      return redirectWithFlash(c, `/badges/attributions/${id}`, hidden ? 'badges.award.hiddenDone' : 'badges.award.shownDone');
    });
  }

  app.get('/membres/:slug/badges', async (c) => {
    const page = await badges.listMemberBadges(c.get('deps'), c.get('viewer'), slugOr404(c.req.param('slug'), 'member'));
    privatePage(c);
    return renderPage(c, <MemberBadgesPage {...page} />);
  });

  app.get('/badges/:slug/image.png', async (c) => {
    const badge = await badges.getBadge(c.get('deps'), slugOr404(c.req.param('slug'), 'badge'));
    c.header('Cache-Control', 'public, max-age=86400');
    const picture = await pictureOf(c.get('deps'), { slug: badge.slug, placeBadge: !!badge.placeId, imageKey: badge.imageKey });
    return c.body(new Uint8Array(picture), 200, { 'Content-Type': 'image/png' });
  });

  const renderBadge = async (c: Context<AppEnv>, slug: string, award: FormState = emptyForm(), status: Status = 200) => {
    if (c.get('viewer')) {
      privatePage(c);
    }
    const page = await badges.getBadgePage(c.get('deps'), c.get('viewer'), slug);
    return renderPage(c, <BadgePage {...page} award={award} />, status);
  };
  app.get('/badges/:slug', (c) => renderBadge(c, slugOr404(c.req.param('slug'), 'badge')));
  app.post('/badges/:slug/attribuer', async (c) => {
    const viewer = requireViewer(c);
    const slug = slugOr404(c.req.param('slug'), 'badge');
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      AwardInput,
      (state, status) => renderBadge(c, slug, state, status),
      async ({ recipientSlug }) => {
        const id = await badges.awardBadge(c.get('deps'), viewer, slug, recipientSlug);
        return redirectWithFlash(c, `/badges/attributions/${id}`, 'badges.award.done');
      },
    );
  });
}
