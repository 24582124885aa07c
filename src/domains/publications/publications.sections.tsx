import { formatDate } from '../../lib/i18n.ts';
import { useView } from '../../views/context.ts';
import { Icon } from '../../views/icons.tsx';
import { registerCommunitySection } from '../communities/communities.sections.ts';
import { registerPlaceSection } from '../places/places.sections.ts';
import { latestOfCommunity, latestOfPlace, PUBLICATIONS_TOPIC } from './publications.service.ts';
import { FeedLinks, publicationPicture } from './publications.views.tsx';

interface LatestRow {
  slug: string;
  title: string;
  summary: string;
  publishedAt: string;
  authorName: string | null;
  coverKey: string | null;
}

/** "Dernières publications" of a place or a community, with its feeds and where to write one. */
function Latest({ rows, kind, slug, name }: { rows: LatestRow[]; kind: 'lieu' | 'communaute'; slug: string; name: string }) {
  const { t, locale, viewer } = useView();
  const path = kind === 'lieu' ? `/lieux/${slug}/publications` : `/communautes/${slug}/publications`;
  if (rows.length === 0 && kind === 'lieu') {
    return null;
  }
  return (
    <section aria-labelledby="dernieres-publications">
      <h2 id="dernieres-publications">{t('publications.latest', { name })}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t('publications.noneYet')}</p>
      ) : (
        <ul class="card-list">
          {rows.map((p) => (
            <li class="place-card">
              <img src={publicationPicture(p)} alt="" width={160} height={120} loading="lazy" decoding="async" />
              <div class="place-card-body">
                <h3>
                  <a href={`/publications/${p.slug}`}>{p.title}</a>
                </h3>
                <p class="muted">{formatDate(locale, p.publishedAt)}</p>
                {p.summary && <p>{p.summary}</p>}
              </div>
            </li>
          ))}
        </ul>
      )}
      <FeedLinks path={path} />
      {viewer && (
        <p>
          <a href={`/publications/nouvelle?editeur=${kind}:${slug}`}>
            <Icon name="pencil" />
            {t('publications.writeFor', { name })}
          </a>
        </p>
      )}
    </section>
  );
}

// The seed's "Dernières publications" on a community's page, and the same on a place's.
registerCommunitySection<LatestRow>({
  key: 'publications',
  topic: PUBLICATIONS_TOPIC,
  part: latestOfCommunity,
  render: (rows, c) => <Latest rows={rows} kind="communaute" slug={c.slug} name={c.name} />,
});
registerPlaceSection<LatestRow>({
  key: 'publications',
  topic: PUBLICATIONS_TOPIC,
  part: latestOfPlace,
  render: (rows, p) => <Latest rows={rows} kind="lieu" slug={p.slug} name={p.name} />,
});
