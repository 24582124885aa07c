/**
 * The Markdown editor island, on forms marked `data-editor`: a toolbar over each Markdown area
 * (bold, italic, heading, list, link, code), a live preview rendered by the server's own
 * sanitising renderer, and a copy of what is typed in sessionStorage so that a reload, a crash
 * or a lost connection loses nothing (sessionStorage dies with the tab: nothing stays behind
 * on a shared school computer). Without JavaScript, the form and its "Aperçu" button work alone.
 */

interface Labels {
  bold: string;
  italic: string;
  heading: string;
  list: string;
  link: string;
  code: string;
  toolbar: string;
  preview: string;
  previewEmpty: string;
  restore: string;
  restored: string;
}

type Action = keyof Pick<Labels, 'bold' | 'italic' | 'heading' | 'list' | 'link' | 'code'>;

const ACTIONS: Action[] = ['bold', 'italic', 'heading', 'list', 'link', 'code'];
const ICONS: Record<Exclude<Action, 'link'>, string> = { bold: 'G', italic: 'I', heading: 'T', list: '•', code: '</>' };
/** The link button's picture (Tabler "link", MIT): no emoji, which school computers may lack. */
const LINK_SVG =
  '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9 15l6 -6"/><path d="M11 6l.463 -.536a5 5 0 0 1 7.071 7.072l-.534 .464"/><path d="M13 18l-.397 .534a5.068 5.068 0 0 1 -7.127 0a4.972 4.972 0 0 1 0 -7.071l.524 -.463"/></svg>';

/** Wrap the selection (or insert a placeholder) and keep the cursor where one expects it. */
function apply(area: HTMLTextAreaElement, action: Action): void {
  const { selectionStart: start, selectionEnd: end, value } = area;
  const selected = value.slice(start, end);
  const lineStart = value.lastIndexOf('\n', start - 1) + 1;
  let before = value.slice(0, start);
  let inserted = selected;
  let after = value.slice(end);
  let cursor: [number, number] = [end, end];
  const wrap = (mark: string, placeholder: string) => {
    inserted = `${mark}${selected || placeholder}${mark}`;
    cursor = [start + mark.length, start + mark.length + (selected || placeholder).length];
  };
  switch (action) {
    case 'bold':
      wrap('**', 'texte en gras');
      break;
    case 'italic':
      wrap('*', 'texte en italique');
      break;
    case 'code':
      if (selected.includes('\n')) {
        inserted = `\n\`\`\`\n${selected}\n\`\`\`\n`;
        cursor = [start + 5, start + 5 + selected.length];
      } else {
        wrap('`', 'code');
      }
      break;
    case 'link':
      inserted = `[${selected || 'texte du lien'}](https://)`;
      cursor = [start + inserted.length - 9, start + inserted.length - 1];
      break;
    case 'heading':
    case 'list': {
      const prefix = action === 'heading' ? '### ' : '- ';
      before = value.slice(0, lineStart);
      const lines = value.slice(lineStart, end);
      inserted = lines
        .split('\n')
        .map((l) => (l.startsWith(prefix) ? l : `${prefix}${l}`))
        .join('\n');
      after = value.slice(end);
      cursor = [lineStart + inserted.length, lineStart + inserted.length];
      break;
    }
  }
  area.value = `${before}${inserted}${after}`;
  area.focus();
  area.setSelectionRange(...cursor);
  area.dispatchEvent(new Event('input', { bubbles: true }));
}

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

/** The toolbar over one Markdown area. */
function setupToolbar(field: HTMLElement, labels: Labels): HTMLTextAreaElement | null {
  const area = field.querySelector('textarea');
  if (!area) {
    return null;
  }
  const toolbar = document.createElement('div');
  toolbar.className = 'md-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', labels.toolbar);
  toolbar.setAttribute('aria-controls', area.id);
  for (const action of ACTIONS) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `md-${action}`;
    if (action === 'link') {
      button.innerHTML = LINK_SVG;
    } else {
      button.textContent = ICONS[action];
    }
    button.title = labels[action];
    button.setAttribute('aria-label', labels[action]);
    button.addEventListener('click', () => apply(area, action));
    toolbar.append(button);
  }
  area.before(toolbar);
  // The server's preview (the "Aperçu" button without JavaScript) gives way to the live one.
  field.querySelector('.preview')?.remove();
  return area;
}

/**
 * One live preview for the whole form, under the area being written in: rendered by the
 * server's own sanitising renderer, shown only once there is something to show.
 */
function setupPreview(areas: HTMLTextAreaElement[], labels: Labels): void {
  const preview = document.createElement('div');
  preview.className = 'preview live-preview';
  preview.hidden = true;
  const caption = document.createElement('p');
  caption.className = 'preview-label';
  caption.textContent = labels.preview;
  const body = document.createElement('div');
  body.className = 'prose';
  preview.append(caption, body);

  let current: HTMLTextAreaElement | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  const render = async () => {
    controller?.abort();
    const area = current;
    if (!area?.value.trim()) {
      preview.hidden = true;
      return;
    }
    controller = new AbortController();
    try {
      const res = await fetch('/api/v1/markdown/preview', {
        method: 'POST',
        signal: controller.signal,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
        body: JSON.stringify({ text: area.value }),
      });
      if (res.ok && area === current) {
        // Sanitised by the server's renderer: the same HTML the saved page will show.
        body.innerHTML = ((await res.json()) as { html: string }).html;
        preview.hidden = false;
      }
    } catch {
      // Offline or superseded by the next keystroke: the preview waits for the next change.
    }
  };
  for (const area of areas) {
    area.addEventListener('focus', () => {
      if (current !== area) {
        current = area;
        area.after(preview);
        void render();
      }
    });
    area.addEventListener('input', () => {
      current = area;
      clearTimeout(timer);
      timer = setTimeout(render, 400);
    });
  }
}

/** Keep a copy of every text field in sessionStorage; offer it back if the page lost it. */
function setupBackup(form: HTMLFormElement, labels: Labels): void {
  const key = `tisserin:brouillon:${form.getAttribute('action') ?? location.pathname}`;
  const fields = () => [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('textarea[name], input[type="text"][name]')];
  const snapshot = () => fields().map((f) => [f.name, f.value] as const);
  const saved = sessionStorage.getItem(key);
  if (saved) {
    const values = JSON.parse(saved) as Array<[string, string]>;
    const current = snapshot();
    const differs = values.some(([, v], i) => v !== (current[i]?.[1] ?? ''));
    if (differs && values.some(([, v]) => v.trim())) {
      const notice = document.createElement('p');
      notice.className = 'notice notice-info';
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-secondary';
      button.textContent = labels.restore;
      button.addEventListener('click', () => {
        const list = fields();
        values.forEach(([name, v], i) => {
          const field = list[i];
          if (field && field.name === name) {
            field.value = v;
            field.dispatchEvent(new Event('input', { bubbles: true }));
          }
        });
        notice.textContent = labels.restored;
      });
      notice.append(button);
      form.prepend(notice);
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => sessionStorage.setItem(key, JSON.stringify(snapshot())), 300);
  });
  // Sent: the server either saves it or shows it back with the errors.
  form.addEventListener('submit', () => sessionStorage.removeItem(key));
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-editor]')) {
  const labels = JSON.parse(form.dataset.editor ?? '{}') as Labels;
  const areas = [...form.querySelectorAll<HTMLElement>('[data-markdown]')]
    .map((field) => setupToolbar(field, labels))
    .filter((a): a is HTMLTextAreaElement => a !== null);
  setupPreview(areas, labels);
  setupBackup(form, labels);
}
