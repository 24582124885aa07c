import { raw } from 'hono/html';
import { formatDate } from '../../lib/i18n.ts';
import { thumbKeyOf } from '../../lib/images.ts';
import { useView } from '../../views/context.ts';
import { ErrorSummary, Form, type FormState, ImageField, Select, SubmitButton, TextArea, TextField } from '../../views/forms.tsx';
import { Icon } from '../../views/icons.tsx';
import { illustrationUrl } from '../../views/illustration.ts';
import { Layout } from '../../views/layout.tsx';
import { Pagination } from '../../views/pagination.tsx';
import { EmptyState } from '../../views/search-ui.tsx';
import type { PublicationListRow } from './publications.repo.ts';
import type { getPublication, listPublications } from './publications.service.ts';

type Listing = Awaited<ReturnType<typeof listPublications>>;
type Article = Awaited<ReturnType<typeof getPublication>>;

export const publicationPicture = (p: { slug: string; coverKey: string | null }) =>
  p.coverKey ? `/uploads/${thumbKeyOf(p.coverKey)}` : illustrationUrl(p.slug, ['speakerphone']);

/** Who it speaks for: a place, a community, or its author alone. */
export function PublisherLine({
  p,
}: {
  p: Pick<PublicationListRow, 'placeSlug' | 'placeName' | 'communitySlug' | 'communityName' | 'authorName' | 'authorSlug' | 'publishedAt'>;
}) {
  const { t, locale } = useView();
  const who = p.placeSlug ? (
    <a href={`/lieux/${p.placeSlug}`}>{p.placeName}</a>
  ) : p.communitySlug ? (
    <a href={`/communautes/${p.communitySlug}`}>{p.communityName}</a>
  ) : p.authorSlug ? (
    <a href={`/membres/${p.authorSlug}`}>{p.authorName}</a>
  ) : (
    (p.authorName ?? t('people.formerMember'))
  );
  return (
    <p class="muted">
      {who} · {formatDate(locale, p.publishedAt)}
    </p>
  );
}

function PublicationCard({ p }: { p: PublicationListRow }) {
  return (
    <li class="place-card">
      <img src={publicationPicture(p)} alt="" width={160} height={120} loading="lazy" decoding="async" />
      <div class="place-card-body">
        <h3>
          <a href={`/publications/${p.slug}`}>{p.title}</a>
        </h3>
        <PublisherLine p={p} />
        {p.summary && <p>{p.summary}</p>}
        {p.tags.length > 0 && (
          <p class="tags-line">
            {p.tags.map((tag) => (
              <a class="tag" href={`/publications?etiquette=${tag}`}>
                {tag}
              </a>
            ))}
          </p>
        )}
      </div>
    </li>
  );
}

/** Links to a list's feeds in the three formats. */
export function FeedLinks({ path }: { path: string }) {
  const { t } = useView();
  return (
    <p class="feed-links">
      {t('publications.feeds')}{' '}
      <a href={`${path}.atom`} type="application/atom+xml">
        Atom
      </a>
      {' · '}
      <a href={`${path}.rss`} type="application/rss+xml">
        RSS
      </a>
      {' · '}
      <a href={`${path}.json`} type="application/feed+json">
        JSON Feed
      </a>
    </p>
  );
}

export function PublicationsPage({ data, tag }: { data: Listing; tag?: string }) {
  const { t, viewer } = useView();
  const feedPath = tag ? `/publications/etiquettes/${tag}` : '/publications';
  return (
    <Layout
      title={tag ? t('publications.list.tagTitle', { tag }) : t('publications.list.title')}
      head={<link rel="alternate" type="application/atom+xml" title={t('publications.list.title')} href={`${feedPath}.atom`} />}
    >
      <div class="page-head">
        <h1>{tag ? t('publications.list.tagTitle', { tag }) : t('publications.list.title')}</h1>
        <p class="lead">{t('publications.list.lead')}</p>
        <p class="actions">
          <a class="button" href={viewer ? '/publications/nouvelle' : '/connexion?next=/publications/nouvelle'}>
            <Icon name="pencil" />
            {t('publications.new.link')}
          </a>
        </p>
        <FeedLinks path={feedPath} />
      </div>
      {data.tags.length > 0 && (
        <nav aria-label={t('publications.tags')} class="tag-cloud">
          <ul class="inline-list">
            {tag && (
              <li>
                <a href="/publications">{t('publications.allTags')}</a>
              </li>
            )}
            {data.tags.map((x) => (
              <li>
                {x.tag === tag ? (
                  <span class="tag" aria-current="page">
                    {x.tag}
                  </span>
                ) : (
                  <a class="tag" href={`/publications?etiquette=${x.tag}`}>
                    {x.tag}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h2 class="visually-hidden">{t('publications.list.count', { count: data.total })}</h2>
      {data.rows.length === 0 ? (
        <EmptyState
          title={tag ? t('publications.list.noneTag', { tag }) : t('publications.list.none')}
          reason={t('publications.list.noneWhy')}
          steps={[
            { href: '/publications/nouvelle', label: t('publications.new.link'), primary: true },
            ...(tag ? [{ href: '/publications', label: t('publications.allTags') }] : []),
          ]}
        />
      ) : (
        <ul class="card-list">
          {data.rows.map((p) => (
            <PublicationCard p={p} />
          ))}
        </ul>
      )}
      <Pagination page={data.page} pages={data.pages} href={(n) => `/publications?${tag ? `etiquette=${tag}&` : ''}page=${n}`} />
    </Layout>
  );
}

export function PublicationPage({ data, baseUrl, hideForm }: { data: Article; baseUrl: string; hideForm?: FormState }) {
  const { t, locale } = useView();
  const p = data.publication;
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: p.title,
    ...(p.summary ? { description: p.summary } : {}),
    datePublished: p.publishedAt.toISOString(),
    dateModified: p.updatedAt.toISOString(),
    inLanguage: 'fr',
    url: `${baseUrl}/publications/${p.slug}`,
    ...(p.coverKey ? { image: `${baseUrl}/uploads/${p.coverKey}` } : {}),
    author: {
      '@type': p.placeName || p.communityName ? 'Organization' : 'Person',
      name: p.placeName ?? p.communityName ?? p.authorName ?? '',
    },
    keywords: p.tags.join(', '),
  }).replace(/</g, '\\u003c');
  return (
    <Layout
      title={p.title}
      description={p.summary || undefined}
      head={
        <>
          <link rel="canonical" href={`${baseUrl}/publications/${p.slug}`} />
          <script type="application/ld+json">{raw(jsonLd)}</script>
        </>
      }
    >
      {p.status === 'hidden' && <p class="notice notice-error">{t('publications.hiddenNotice', { note: p.moderationNote ?? '' })}</p>}
      <article class="publication">
        <div class="page-head">
          <p class="breadcrumb">
            <a href="/publications">{t('publications.list.title')}</a>
          </p>
          <h1>{p.title}</h1>
          <PublisherLine p={p} />
          {p.authorName && (p.placeName || p.communityName) && <p class="muted">{t('publications.writtenBy', { name: p.authorName })}</p>}
          {p.summary && <p class="lead">{p.summary}</p>}
        </div>
        {p.coverKey && <img class="hero-picture" src={`/uploads/${p.coverKey}`} alt={p.coverAlt ?? ''} />}
        <div class="prose">{raw(p.bodyHtml)}</div>
        {p.tags.length > 0 && (
          <p class="tags-line">
            {p.tags.map((tag) => (
              <a class="tag" href={`/publications?etiquette=${tag}`}>
                {tag}
              </a>
            ))}
          </p>
        )}
        {p.updatedAt.getTime() - p.publishedAt.getTime() > 60_000 && (
          <p class="muted">{t('publications.updatedOn', { date: formatDate(locale, p.updatedAt) })}</p>
        )}
      </article>
      {(data.canEdit || data.canModerate) && (
        <ul class="actions inline-list">
          {data.canEdit && (
            <li>
              <a class="button button-secondary" href={`/publications/${p.slug}/modifier`}>
                <Icon name="pencil" />
                {t('publications.edit.link')}
              </a>
            </li>
          )}
          {data.canModerate && p.status === 'hidden' && (
            <li>
              <Form action={`/publications/${p.slug}/afficher`}>
                <SubmitButton variant="secondary">{t('publications.show')}</SubmitButton>
              </Form>
            </li>
          )}
        </ul>
      )}
      {data.canModerate && p.status === 'published' && (
        <details class="card" open={hideForm ? true : undefined}>
          <summary>{t('publications.hide')}</summary>
          <ErrorSummary state={hideForm ?? { values: {}, errors: {} }} labels={{ note: t('publications.hideNote') }} />
          <Form action={`/publications/${p.slug}/masquer`}>
            <TextArea
              name="note"
              label={t('publications.hideNote')}
              state={hideForm ?? { values: {}, errors: {} }}
              required
              rows={3}
              maxlength={500}
            />
            <SubmitButton variant="danger">{t('publications.hide')}</SubmitButton>
          </Form>
        </details>
      )}
    </Layout>
  );
}

export interface Publishers {
  places: Array<{ slug: string; name: string }>;
  communities: Array<{ slug: string; name: string }>;
}

export function PublicationFormPage(p: {
  state: FormState;
  publishers?: Publishers;
  action: string;
  editing?: { title: string; slug: string };
  maxMb: number;
}) {
  const { t } = useView();
  const labels: Record<string, string> = {
    publisher: t('publications.field.publisher'),
    title: t('publications.field.title'),
    summary: t('publications.field.summary'),
    body: t('publications.field.body'),
    tags: t('publications.field.tags'),
    cover: t('publications.field.cover'),
    coverAlt: t('publications.field.coverAlt'),
  };
  const title = p.editing ? t('publications.edit.title', { title: p.editing.title }) : t('publications.new.title');
  return (
    <Layout title={title} withEditor>
      <div class="form-page">
        <h1>{title}</h1>
        {!p.editing && <p class="lead">{t('publications.new.lead')}</p>}
        <ErrorSummary state={p.state} labels={labels} />
        <Form action={p.action} multipart>
          {p.publishers && (
            <Select
              name="publisher"
              label={labels.publisher ?? ''}
              required
              state={p.state}
              options={[
                { value: 'moi', label: t('publications.field.me') },
                ...p.publishers.places.map((x) => ({ value: `lieu:${x.slug}`, label: x.name })),
                ...p.publishers.communities.map((x) => ({
                  value: `communaute:${x.slug}`,
                  label: t('publications.field.community', { name: x.name }),
                })),
              ]}
            />
          )}
          <TextField name="title" label={labels.title ?? ''} state={p.state} required maxlength={160} />
          <TextField
            name="summary"
            label={labels.summary ?? ''}
            hint={t('publications.field.summaryHint')}
            state={p.state}
            maxlength={300}
          />
          <TextArea
            name="body"
            label={labels.body ?? ''}
            hint={t('publications.field.bodyHint')}
            state={p.state}
            required
            rows={12}
            maxlength={40000}
          />
          <TextField name="tags" label={labels.tags ?? ''} hint={t('publications.field.tagsHint')} state={p.state} maxlength={400} />
          <fieldset class="field-group">
            <legend>{labels.cover}</legend>
            <ImageField
              name="cover"
              label={labels.cover ?? ''}
              hint={t('publications.field.coverHint', { max: p.maxMb })}
              state={p.state}
            />
            <TextField
              name="coverAlt"
              label={labels.coverAlt ?? ''}
              hint={t('publications.field.coverAltHint')}
              state={p.state}
              maxlength={200}
            />
          </fieldset>
          <SubmitButton>{p.editing ? t('publications.edit.submit') : t('publications.new.submit')}</SubmitButton>
        </Form>
      </div>
    </Layout>
  );
}
