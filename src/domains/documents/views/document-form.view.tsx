import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { thumbKeyOf } from '../../../lib/images.ts';
import { useView } from '../../../views/context.ts';
import {
  CheckboxGroup,
  ErrorSummary,
  Form,
  type FormState,
  fieldValue,
  fieldValues,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../views/forms.tsx';
import { Layout } from '../../../views/layout.tsx';
import { optionsOf } from '../../places/places.vocabulary.ts';
import {
  BUDGETS,
  DISCIPLINES,
  DOC_AUDIENCES,
  GUIDE_STATUSES,
  LEVELS,
  LICENCES,
  PROJECT_STATUSES,
  TEMPLATES,
} from '../documents.content.ts';
import { ATTACHMENT_INPUT, COVER_INPUT, stepInput } from '../documents.files.service.ts';
import type { DocumentKind } from '../documents.schema.ts';

export interface Choice {
  value: string;
  label: string;
}

export interface DocumentFormProps {
  kind: DocumentKind;
  title: string;
  action: string;
  state: FormState;
  status?: number;
  isDraft: boolean;
  files: Array<{ storageKey: string; name: string; mediaType: string }>;
  choices: { places: Choice[]; communities: Choice[]; skills: Choice[]; tools: Choice[] };
  /** Rendered previews of each section and step (the "Aperçu" button, without JavaScript). */
  preview?: { sections: Record<string, string>; steps: string[] };
  /** Shown above the form after a conflicting save. */
  conflict?: Child;
  /** The first save was refused: the pictures sent with it were not kept. */
  filesLost?: boolean;
}

/** The form's parts, in order: each folds away and says how much of it is filled. */
type Part = 'essentials' | 'story' | 'audience' | 'links' | 'files';

function Preview({ html }: { html: string | undefined }) {
  const { t } = useView();
  if (html === undefined) {
    return null;
  }
  return (
    <div class="preview">
      <p class="preview-label">{t('documents.form.previewOf')}</p>
      <div class="prose">{raw(html || `<p class="muted">${t('documents.form.previewEmpty')}</p>`)}</div>
    </div>
  );
}

/** What the editor island writes on its buttons and notices (in the page's language). */
function editorLabels(t: ReturnType<typeof useView>['t']): string {
  const keys = ['bold', 'italic', 'heading', 'list', 'link', 'code', 'toolbar', 'preview', 'previewEmpty', 'restore', 'restored'] as const;
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, t(`documents.editor.${k}`)])));
}

/** A Markdown area: the toolbar and live preview come from the editor island when scripts run. */
function MarkdownArea(p: { name: string; label: string; hint?: string; state: FormState; rows?: number; preview?: string }) {
  return (
    <div class="markdown-field" data-markdown>
      <TextArea name={p.name} label={p.label} hint={p.hint} state={p.state} rows={p.rows ?? 6} />
      <Preview html={p.preview} />
    </div>
  );
}

function Steps({ state, preview }: { state: FormState; preview?: string[] }) {
  const { t } = useView();
  const titles = fieldValues(state, 'step_title');
  const texts = fieldValues(state, 'step_text');
  const images = fieldValues(state, 'step_image');
  // Always one empty step more, so a step can be added without JavaScript.
  const count = Math.max(titles.length, texts.length) + 1;
  const invalid = (state.errors.steps?.length ?? 0) > 0;
  return (
    <fieldset class={`steps${invalid ? ' field-invalid' : ''}`} id="champ-steps">
      <legend>{t('documents.section.steps')}</legend>
      <p class="hint">{t('documents.section.steps.hint')}</p>
      {state.errors.steps?.map((m) => (
        <p class="field-error">{m}</p>
      ))}
      <ol class="step-list">
        {Array.from({ length: count }, (_, i) => {
          const n = i + 1;
          const mine = images.filter((ref) => ref.startsWith(`${n}:`)).map((ref) => ref.slice(ref.indexOf(':') + 1));
          return (
            <li class="step-edit">
              <div class="field">
                <label for={`step-title-${n}`}>{t('documents.step.title', { n })}</label>
                <input id={`step-title-${n}`} name="step_title" type="text" maxlength={160} value={titles[i] ?? ''} />
              </div>
              <div class="field markdown-field" data-markdown>
                <label for={`step-text-${n}`}>{t('documents.step.text', { n })}</label>
                <textarea id={`step-text-${n}`} name="step_text" rows={5}>
                  {texts[i] ?? ''}
                </textarea>
                <Preview html={preview?.[i]} />
              </div>
              {mine.length > 0 && (
                <fieldset class="step-images">
                  <legend>{t('documents.step.images', { n })}</legend>
                  <ul class="thumbs">
                    {mine.map((key) => (
                      <li>
                        <img src={`/uploads/${thumbKeyOf(key)}`} alt="" width={120} height={90} loading="lazy" />
                        <label>
                          <input type="checkbox" name="step_image" value={`${n}:${key}`} checked /> {t('documents.step.keepImage')}
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              )}
              <div class="field">
                <label for={`step-upload-${n}`}>{t('documents.step.addImages', { n })}</label>
                <input id={`step-upload-${n}`} type="file" name={stepInput(n)} accept="image/jpeg,image/png,image/webp" multiple />
              </div>
            </li>
          );
        })}
      </ol>
      <SubmitButton name="intent" value="add-step" variant="secondary">
        {t('documents.form.addStep')}
      </SubmitButton>
    </fieldset>
  );
}

/** What is still missing for a page others can reuse: the title (required), then what helps most. */
function leftToDo(kind: DocumentKind, state: FormState): string[] {
  const has = (name: string) => fieldValue(state, name).trim().length > 0;
  const left: string[] = [];
  if (!has('title')) {
    left.push('titleField');
  }
  if (!has('summary')) {
    left.push('summary');
  }
  if (!TEMPLATES[kind].sections.some((k) => has(`section_${k}`))) {
    left.push('story');
  }
  if (fieldValues(state, 'step_text').every((v) => !v.trim())) {
    left.push('steps');
  }
  if (kind === 'project' && fieldValues(state, 'levels').length === 0) {
    left.push('levels');
  }
  if (!has('coverKey')) {
    left.push('cover');
  }
  return left;
}

/** A fold of the form: open when it holds an error or when asked, with its count of filled fields. */
function FormPart(p: { part: Part; n: number; open: boolean; filled: number; of: number; children: Child }) {
  const { t } = useView();
  return (
    <details class="form-part" id={`partie-${p.part}`} open={p.open}>
      <summary>
        <span class="form-part-number" aria-hidden="true">
          {p.n}
        </span>
        <span class="form-part-title">{t(`documents.part.${p.part}`)}</span>
        <span class="form-part-count">{t('documents.part.filled', { filled: p.filled, count: p.of })}</span>
      </summary>
      <div class="form-part-body">{p.children}</div>
    </details>
  );
}

/** The form of a project or guide: fill any section in any order; nothing typed is ever lost. */
export function DocumentFormPage(p: DocumentFormProps) {
  const { t, locale } = useView();
  const { kind, state } = p;
  const template = TEMPLATES[kind];
  const section = (key: string) => (
    <MarkdownArea
      name={`section_${key}`}
      label={t(`documents.section.${key}`)}
      hint={t(`documents.section.${key}.hint`)}
      state={state}
      rows={key === 'contexte' || key === 'introduction' ? 6 : 5}
      preview={p.preview ? (p.preview.sections[key] ?? '') : undefined}
    />
  );
  const coverKey = fieldValue(state, 'coverKey');
  const attachments = fieldValues(state, 'attachment');
  const labels: Record<string, string> = {
    title: t('documents.field.title'),
    summary: t('documents.field.summary'),
    status: t('documents.field.status'),
    licence: t('documents.field.licence'),
    steps: t('documents.section.steps'),
    change: t('documents.field.change'),
    ...Object.fromEntries(template.sections.map((s) => [`section_${s}`, t(`documents.section.${s}`)])),
  };
  const has = (name: string) => fieldValue(state, name).trim().length > 0;
  const errorIn = (names: string[]) => names.some((n) => (state.errors[n]?.length ?? 0) > 0);
  const story = template.sections.map((k) => `section_${k}`);
  const audienceFields = ['levels', 'disciplines', 'audiences', 'duration', 'groupSize', 'materials', 'budget'];
  const filledAudience = audienceFields.filter((f) =>
    ['levels', 'disciplines', 'audiences'].includes(f) ? fieldValues(state, f).length > 0 : has(f),
  ).length;
  const linkFields = ['communities', 'skills', 'tools'];
  const left = leftToDo(kind, state);
  const isNew = fieldValue(state, 'base') === '0' || !fieldValue(state, 'base');
  return (
    <Layout title={p.title} withEditor>
      <h1>{p.title}</h1>
      {p.conflict}
      <ErrorSummary state={state} labels={labels} />
      {p.filesLost && <p class="notice notice-warning">{t('documents.form.filesLost')}</p>}
      {left.length > 0 && (
        <section class="left-to-do" aria-labelledby="reste-a-faire">
          <h2 id="reste-a-faire">{t('documents.left.title')}</h2>
          <ul>
            {left.map((k) => (
              <li>{t(`documents.left.${k}`)}</li>
            ))}
          </ul>
        </section>
      )}
      <Form action={p.action} multipart class="document-form" data-editor={editorLabels(t)}>
        {/* Enter in a field saves (the first submit button is the default one), not "add a step". */}
        <button type="submit" name="intent" value="save" class="visually-hidden" tabindex={-1}>
          {t('form.save')}
        </button>
        <input type="hidden" name="base" value={fieldValue(state, 'base') || '0'} />

        <FormPart
          part="essentials"
          n={1}
          open
          filled={['title', 'summary', 'coverKey'].filter(has).length + (fieldValues(state, 'places').length > 0 ? 1 : 0)}
          of={4}
        >
          <TextField name="title" label={t('documents.field.title')} state={state} required maxlength={160} />
          <TextArea name="summary" label={t('documents.field.summary')} hint={t('documents.field.summary.hint')} state={state} rows={3} />
          <Select
            name="status"
            label={t('documents.field.status')}
            options={optionsOf(kind === 'project' ? PROJECT_STATUSES : GUIDE_STATUSES, locale)}
            state={state}
          />
          {p.choices.places.length > 0 && (
            <CheckboxGroup
              name="places"
              legend={t('documents.field.places')}
              hint={t('documents.field.places.hint')}
              options={p.choices.places}
              state={state}
            />
          )}
          {coverKey && (
            <div class="field">
              <img src={`/uploads/${thumbKeyOf(coverKey)}`} alt="" width={240} height={180} />
              <label>
                <input type="checkbox" name="coverKey" value={coverKey} checked /> {t('documents.form.keepCover')}
              </label>
            </div>
          )}
          <div class="field">
            <label for="cover-upload">{t('documents.form.cover')}</label>
            <p class="hint" id="cover-upload-aide">
              {t('documents.form.imageHint')}
            </p>
            <input
              id="cover-upload"
              type="file"
              name={COVER_INPUT}
              accept="image/jpeg,image/png,image/webp"
              aria-describedby="cover-upload-aide"
            />
          </div>
        </FormPart>

        <FormPart
          part="story"
          n={2}
          open
          filled={story.filter(has).length + (fieldValues(state, 'step_text').some((v) => v.trim()) ? 1 : 0)}
          of={story.length + 1}
        >
          <p class="hint">{t('documents.form.bodyHint')}</p>
          {template.sections.map((key) => (
            <>
              {section(key)}
              {key === template.stepsAfter && <Steps state={state} preview={p.preview?.steps} />}
            </>
          ))}
        </FormPart>

        <FormPart part="audience" n={3} open={errorIn(audienceFields)} filled={filledAudience} of={audienceFields.length}>
          <CheckboxGroup name="levels" legend={t('documents.field.levels')} options={optionsOf(LEVELS, locale)} state={state} />
          <CheckboxGroup
            name="disciplines"
            legend={t('documents.field.disciplines')}
            options={optionsOf(DISCIPLINES, locale)}
            state={state}
          />
          <CheckboxGroup
            name="audiences"
            legend={t('documents.field.audiences')}
            options={optionsOf(DOC_AUDIENCES, locale)}
            state={state}
          />
          <TextField name="duration" label={t('documents.field.duration')} hint={t('documents.field.duration.hint')} state={state} />
          <TextField name="groupSize" label={t('documents.field.groupSize')} hint={t('documents.field.groupSize.hint')} state={state} />
          <TextArea name="materials" label={t('documents.field.materials')} state={state} rows={3} />
          <Select
            name="budget"
            label={t('documents.field.budget')}
            options={[{ value: '', label: t('documents.field.budget.none') }, ...optionsOf(BUDGETS, locale)]}
            state={state}
          />
        </FormPart>

        <FormPart
          part="links"
          n={4}
          open={errorIn(linkFields)}
          filled={linkFields.filter((f) => fieldValues(state, f).length > 0).length}
          of={linkFields.length}
        >
          {p.choices.communities.length > 0 && (
            <CheckboxGroup name="communities" legend={t('documents.field.communities')} options={p.choices.communities} state={state} />
          )}
          <details class="choices" open={fieldValues(state, 'skills').length > 0 || undefined}>
            <summary>{t('documents.field.skills')}</summary>
            <CheckboxGroup name="skills" legend={t('documents.field.skills')} options={p.choices.skills} state={state} />
          </details>
          {p.choices.tools.length > 0 && (
            <details class="choices" open={fieldValues(state, 'tools').length > 0 || undefined}>
              <summary>{t('documents.field.tools')}</summary>
              <CheckboxGroup name="tools" legend={t('documents.field.tools')} options={p.choices.tools} state={state} />
            </details>
          )}
        </FormPart>

        <FormPart part="files" n={5} open={errorIn(['licence', 'change'])} filled={(attachments.length > 0 ? 1 : 0) + 1} of={2}>
          {attachments.length > 0 && (
            <fieldset>
              <legend>{t('documents.form.attachments')}</legend>
              {attachments.map((key) => (
                <label class="checkbox">
                  <input type="checkbox" name="attachment" value={key} checked /> {p.files.find((f) => f.storageKey === key)?.name ?? key}
                </label>
              ))}
            </fieldset>
          )}
          <div class="field">
            <label for="attachment-upload">{t('documents.form.addAttachments')}</label>
            <input id="attachment-upload" type="file" name={ATTACHMENT_INPUT} accept="application/pdf" multiple />
          </div>
          {p.files.some((f) => f.mediaType.startsWith('image/')) && (
            <details class="uploaded-images">
              <summary>{t('documents.form.insertImage')}</summary>
              <p class="hint">{t('documents.form.insertImageHint')}</p>
              <ul>
                {p.files
                  .filter((f) => f.mediaType.startsWith('image/'))
                  .map((f) => (
                    <li>
                      <code>{`![${f.name.replace(/[[\]]/g, '')}](/uploads/${f.storageKey})`}</code>
                    </li>
                  ))}
              </ul>
            </details>
          )}
          <Select
            name="licence"
            label={t('documents.field.licence')}
            hint={t('documents.field.licence.hint')}
            options={LICENCES.map((l) => ({ value: l.id, label: l.free ? l.label : `${l.label} — ${t('documents.licence.notFree')}` }))}
            state={state}
          />
        </FormPart>

        {!isNew && (
          <TextField
            name="change"
            label={t('documents.field.change')}
            hint={t('documents.field.change.hint')}
            state={state}
            maxlength={200}
          />
        )}

        <div class="form-actions">
          <SubmitButton name="intent" value="save">
            {p.isDraft ? t('documents.form.saveDraft') : t('form.save')}
          </SubmitButton>
          {p.isDraft && (
            <SubmitButton name="intent" value="publish" variant="secondary">
              {t('documents.form.saveAndPublish')}
            </SubmitButton>
          )}
          <SubmitButton name="intent" value="preview" variant="secondary">
            {t('documents.form.preview')}
          </SubmitButton>
        </div>
      </Form>
    </Layout>
  );
}
