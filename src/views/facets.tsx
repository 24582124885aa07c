import { formatNumber } from '../lib/i18n.ts';
import { useView } from './context.ts';

export interface FacetGroup {
  name: string;
  legend: string;
  open?: boolean;
  options: Array<{ value: string; label: string; count: number; checked: boolean }>;
}

/** Facet checkboxes with counts, for a GET search form (works without JavaScript). */
export function Facets({ groups }: { groups: FacetGroup[] }) {
  const { locale } = useView();
  return (
    <div class="facets">
      {groups
        .filter((g) => g.options.length > 0)
        .map((g) => {
          const selected = g.options.filter((o) => o.checked).length;
          return (
            <details open={g.open || selected > 0} class="facet">
              <summary>
                {g.legend}
                {selected > 0 && <span class="badge">{selected}</span>}
              </summary>
              <fieldset>
                <legend class="visually-hidden">{g.legend}</legend>
                <ul>
                  {g.options.map((o) => (
                    <li>
                      <label class="check">
                        <input type="checkbox" name={g.name} value={o.value} checked={o.checked} /> {o.label}{' '}
                        <span class="count">{formatNumber(locale, o.count)}</span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            </details>
          );
        })}
    </div>
  );
}

/** A follow / unfollow button with the number of followers (POST /suivre, back to this page). */
export function FollowButton({ type, id, following, followers }: { type: string; id: string; following: boolean; followers: number }) {
  const { t, viewer, csrfToken, currentUrl } = useView();
  if (!viewer) {
    return (
      <p class="follow">
        <a href={`/connexion?next=${encodeURIComponent(currentUrl)}`}>{t('social.followSignIn')}</a>{' '}
        <span class="muted">{t('social.followers', { count: followers })}</span>
      </p>
    );
  }
  return (
    <form method="post" action="/suivre" class="follow">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="next" value={currentUrl} />
      {following && <input type="hidden" name="stop" value="1" />}
      <button type="submit" class={`button${following ? ' button-secondary' : ''}`} aria-pressed={following ? 'true' : 'false'}>
        {following ? t('social.following') : t('social.follow')}
      </button>{' '}
      <span class="muted">{t('social.followers', { count: followers })}</span>
    </form>
  );
}
