import { useView } from '../../views/context.ts';
import { Icon } from '../../views/icons.tsx';
import { registerPlaceSection } from '../places/places.sections.ts';
import { placeOffersPart } from './services.repo.ts';
import { SERVICES_TOPIC } from './services.service.ts';

interface PlaceOfferRow {
  slug: string;
  title: string;
  kind: string;
  free: boolean;
  price: string | null;
  duration: string | null;
}

function PlaceOffers({ rows, place }: { rows: PlaceOfferRow[]; place: { slug: string } }) {
  const { t } = useView();
  if (rows.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="services-du-lieu">
      <h2 id="services-du-lieu">{t('services.place.title')}</h2>
      <ul class="request-list">
        {rows.map((r) => (
          <li>
            <a href={`/services/${r.slug}`}>{r.title}</a>
            <p class="muted">
              {[t(`services.kind.${r.kind}`), r.free ? t('services.free') : r.price, r.duration].filter(Boolean).join(' · ')}
            </p>
          </li>
        ))}
      </ul>
      <p class="actions">
        <a href={`/services?lieu=${place.slug}`}>
          <Icon name="heart-handshake" />
          {t('services.place.all')}
        </a>
      </p>
    </section>
  );
}

// A place's page lists what it offers; each offer links to its request form.
registerPlaceSection<PlaceOfferRow>({
  key: 'services',
  topic: SERVICES_TOPIC,
  part: placeOffersPart,
  render: (rows, place) => <PlaceOffers rows={rows} place={place} />,
});
