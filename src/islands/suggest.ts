/**
 * Suggestions as one types, for search boxes marked `data-suggest`: titles from the API fill
 * the box's <datalist>, which the browser shows and lets one pick with the keyboard. Without
 * this script the box is a plain GET form and works the same, minus the suggestions.
 */
interface Suggestion {
  title: string;
  type: string;
}

for (const input of document.querySelectorAll<HTMLInputElement>('input[data-suggest]')) {
  const list = input.list;
  const endpoint = input.dataset.suggest;
  if (!list || !endpoint) {
    continue;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) {
      list.replaceChildren();
      return;
    }
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const res = await fetch(`${endpoint}?q=${encodeURIComponent(q)}`, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
        });
        if (!res.ok) {
          return;
        }
        const body = (await res.json()) as { items: Suggestion[] };
        list.replaceChildren(
          ...[...new Set(body.items.map((s) => s.title))].map((title) => {
            const option = document.createElement('option');
            option.value = title;
            return option;
          }),
        );
      } catch {
        // Offline or aborted by the next keystroke: the form still works without suggestions.
      }
    }, 150);
  });
}
