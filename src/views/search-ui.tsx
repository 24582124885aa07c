import type { Child } from 'hono/jsx';
import { useView } from './context.ts';
import { Icon } from './icons.tsx';

/**
 * The filters of a search page. On a phone they fold into "Filtres (n)" — closed by default, so
 * results start right under the search box — and the active ones show as chips above the
 * results. On a wide screen they stand open beside the results. A <details>: no JavaScript.
 */
export function FilterPanel({ active, children, applyLabel }: { active: number; children: Child; applyLabel?: string }) {
  const { t } = useView();
  return (
    <details class="filter-panel">
      <summary>
        <Icon name="adjustments-horizontal" />
        <span>{t('search.filters')}</span>
        {active > 0 && <span class="badge">{active}</span>}
      </summary>
      <div class="filter-panel-body">
        {children}
        <button type="submit" class="button button-secondary">
          {applyLabel ?? t('places.list.applyFilters')}
        </button>
      </div>
    </details>
  );
}

export interface Chip {
  label: string;
  /** The same search without this filter. */
  href: string;
}

/** The active filters as removable chips (plain links), and "clear all" when there are several. */
export function ActiveFilters({ chips, clearHref }: { chips: Chip[]; clearHref?: string }) {
  const { t } = useView();
  if (chips.length === 0) {
    return null;
  }
  return (
    <div class="active-filters">
      <ul class="chips" aria-label={t('search.activeFilters')}>
        {chips.map((c) => (
          <li>
            <a href={c.href} class="chip">
              <span>{c.label}</span>
              <Icon name="x" />
              <span class="visually-hidden">{t('search.removeFilter')}</span>
            </a>
          </li>
        ))}
      </ul>
      {clearHref && chips.length > 1 && (
        <a href={clearHref} class="clear-filters">
          {t('places.list.clearFilters')}
        </a>
      )}
    </div>
  );
}

export interface NextStep {
  href: string;
  label: string;
  primary?: boolean;
}

/** An empty result that says why and what to do next: widen, drop a filter, ask the network. */
export function EmptyState({ title, reason, steps, children }: { title: string; reason?: string; steps: NextStep[]; children?: Child }) {
  return (
    <section class="empty-state" aria-live="polite">
      <Icon name="compass" class="empty-icon" />
      <h2>{title}</h2>
      {reason && <p>{reason}</p>}
      {children}
      {steps.length > 0 && (
        <ul class="next-steps">
          {steps.map((s) => (
            <li>
              <a href={s.href} class={s.primary ? 'button' : 'button button-secondary'}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "près de … à moins de … km": a commune (or postcode) field and a distance, for places and members. */
export function NearFields({ near, km, choices, id }: { near: string; km: number; choices: readonly number[]; id: string }) {
  const { t } = useView();
  return (
    <div class="near-fields">
      <div class="near-place">
        <label for={`${id}-pres`}>{t('search.near')}</label>
        <input
          type="text"
          id={`${id}-pres`}
          name="pres"
          value={near}
          placeholder={t('search.nearPlaceholder')}
          maxlength={100}
          autocomplete="address-level2"
        />
      </div>
      <div class="near-km">
        <label for={`${id}-km`}>{t('search.within')}</label>
        <select id={`${id}-km`} name="km">
          {choices.map((c) => (
            <option value={String(c)} selected={c === km}>
              {t('search.km', { count: c })}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
