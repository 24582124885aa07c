import { useView } from './context.ts';

/** Previous / next and a few page numbers, as links (no JavaScript needed). */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useView();
  if (pages <= 1) {
    return null;
  }
  const around = [1, page - 2, page - 1, page, page + 1, page + 2, pages].filter(
    (p, i, all) => p >= 1 && p <= pages && all.indexOf(p) === i,
  );
  around.sort((a, b) => a - b);
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      <ul>
        {page > 1 && (
          <li>
            <a href={href(page - 1)} rel="prev">
              {t('pagination.previous')}
            </a>
          </li>
        )}
        {around.map((p, i) => (
          <>
            {i > 0 && p - (around[i - 1] ?? p) > 1 && (
              <li aria-hidden="true" class="ellipsis">
                …
              </li>
            )}
            <li>
              {p === page ? (
                <span aria-current="page">{t('pagination.page', { page: p })}</span>
              ) : (
                <a href={href(p)} aria-label={t('pagination.page', { page: p })}>
                  {String(p)}
                </a>
              )}
            </li>
          </>
        ))}
        {page < pages && (
          <li>
            <a href={href(page + 1)} rel="next">
              {t('pagination.next')}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
