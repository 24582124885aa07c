import { formatDate } from '../../lib/i18n.ts';
import { useView } from '../../views/context.ts';
import { Icon } from '../../views/icons.tsx';
import { registerPlaceSection } from '../places/places.sections.ts';
import { type PlaceListeningRow, placeListeningPart } from './listening.repo.ts';
import { LISTENING_TOPIC } from './listening.service.ts';

/** On a place's page: what its users said and what the team did about it, and where to give one's opinion. */
function PlaceListening({ rows }: { rows: PlaceListeningRow[] }) {
  const { t, locale } = useView();
  const notes = rows.filter((r) => r.kind === 'note');
  const open = rows.filter((r) => r.kind === 'questionnaire');
  if (rows.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="ecoute-du-lieu">
      <h2 id="ecoute-du-lieu">{t('listening.place.title')}</h2>
      {notes.length > 0 && (
        <ul class="said-did">
          {notes.map((n) => (
            <li>
              <p>
                <strong>{t('listening.note.youSaidShort')}</strong> {n.youSaid}
              </p>
              <p>
                <strong>{t('listening.note.weDidShort')}</strong> {n.weDid}
              </p>
              <p class="muted">{formatDate(locale, n.createdAt)}</p>
            </li>
          ))}
        </ul>
      )}
      {open.length > 0 && (
        <ul class="inline-list actions">
          {open.map((q) => (
            <li>
              <a class="button button-secondary" href={`/avis/${q.code}`}>
                <Icon name="ear" />
                {t('listening.place.answer', { title: q.title ?? '' })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// A place's page shows its "vous nous avez dit / nous avons fait" notes and its open questionnaires.
registerPlaceSection<PlaceListeningRow>({
  key: 'listening',
  topic: LISTENING_TOPIC,
  part: placeListeningPart,
  render: (rows) => <PlaceListening rows={rows} />,
});
