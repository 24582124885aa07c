import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../lib/errors.ts';
import type { FormValues } from '../lib/request-body.ts';
import { useView } from './context.ts';

/** What a form shows: what the person typed and the errors per field (already translated). */
export interface FormState {
  values: FormValues;
  errors: FieldErrors;
}

export const emptyForm = (values: FormValues = {}): FormState => ({ values, errors: {} });

/** Field ids are `champ-<name>`; a prefix keeps them unique when a page repeats a form. */
const fieldId = (name: string, prefix = '') => `${prefix}champ-${name}`;

export function fieldValue(state: FormState, name: string): string {
  const v = state.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export function fieldValues(state: FormState, name: string): string[] {
  const v = state.values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
}

/** A POST form that always carries the CSRF token. */
export function Form(props: {
  action: string;
  multipart?: boolean;
  class?: string;
  children?: Child;
  id?: string;
  'aria-label'?: string;
  /** Labels (JSON) for the Markdown editor island: marks the form as an editor. */
  'data-editor'?: string;
}) {
  const { csrfToken } = useView();
  return (
    <form
      method="post"
      action={props.action}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      class={props.class}
      id={props.id}
      aria-label={props['aria-label']}
      data-editor={props['data-editor']}
      novalidate
    >
      <input type="hidden" name="_csrf" value={csrfToken} />
      {props.children}
    </form>
  );
}

/** Errors listed at the top of a form, each linking to its field (RGAA 11.10). */
export function ErrorSummary({ state, labels, prefix }: { state: FormState; labels: Record<string, string>; prefix?: string }) {
  const { t } = useView();
  const entries = Object.entries(state.errors).filter(([, list]) => list.length > 0);
  if (entries.length === 0) {
    return null;
  }
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{t('form.errorSummary', { count: entries.length })}</h2>
      <ul>
        {entries.map(([name, list]) => (
          <li>
            {name && labels[name] ? <a href={`#${fieldId(name, prefix)}`}>{`${labels[name]} : ${list.join(' ')}`}</a> : list.join(' ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

function FieldMessages({ name, state, hint, prefix }: { name: string; state: FormState; hint?: string; prefix?: string }) {
  const errors = state.errors[name] ?? [];
  return (
    <>
      {hint && (
        <p class="hint" id={`${fieldId(name, prefix)}-aide`}>
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p class="field-error" id={`${fieldId(name, prefix)}-erreur`}>
          {errors.join(' ')}
        </p>
      )}
    </>
  );
}

function describedBy(name: string, state: FormState, hint?: string, prefix?: string): string | undefined {
  const ids = [hint ? `${fieldId(name, prefix)}-aide` : '', state.errors[name]?.length ? `${fieldId(name, prefix)}-erreur` : ''].filter(
    Boolean,
  );
  return ids.length > 0 ? ids.join(' ') : undefined;
}

interface InputProps {
  name: string;
  label: string;
  state: FormState;
  type?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'email' | 'url' | 'text' | 'decimal' | 'search' | 'tel' | 'none';
  /** Overrides what the state holds (e.g. never echo a password). */
  value?: string;
  maxlength?: number;
  /** Makes ids unique when the same form appears several times on a page. */
  prefix?: string;
}

export function TextField(p: InputProps) {
  const { t } = useView();
  const invalid = (p.state.errors[p.name]?.length ?? 0) > 0;
  return (
    <div class={`field${invalid ? ' field-invalid' : ''}`}>
      <label for={fieldId(p.name, p.prefix)}>
        {p.label}
        {p.required ? <span class="required"> {t('form.required')}</span> : <span class="optional"> {t('form.optional')}</span>}
      </label>
      <FieldMessages name={p.name} state={p.state} hint={p.hint} prefix={p.prefix} />
      <input
        id={fieldId(p.name, p.prefix)}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? (p.type === 'password' ? '' : fieldValue(p.state, p.name))}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.state, p.hint, p.prefix)}
      />
    </div>
  );
}

/** An image picker (the server checks the content; `accept` only helps the phone's file chooser). */
export const ImageField = (p: { name: string; label: string; hint: string; state: FormState }) => (
  <FileField {...p} accept="image/jpeg,image/png,image/webp" />
);

/** A file picker (the server checks the content); `optional` says so after the label, as other optional fields do. */
export function FileField(p: { name: string; label: string; hint: string; state: FormState; accept: string; optional?: boolean }) {
  const { t } = useView();
  const invalid = (p.state.errors[p.name]?.length ?? 0) > 0;
  return (
    <div class={`field${invalid ? ' field-invalid' : ''}`}>
      <label for={fieldId(p.name)}>
        {p.label}
        {p.optional && <span class="optional"> {t('form.optional')}</span>}
      </label>
      <FieldMessages name={p.name} state={p.state} hint={p.hint} />
      <input
        type="file"
        id={fieldId(p.name)}
        name={p.name}
        accept={p.accept}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.state, p.hint)}
      />
    </div>
  );
}

export function TextArea(p: InputProps & { rows?: number }) {
  const { t } = useView();
  const invalid = (p.state.errors[p.name]?.length ?? 0) > 0;
  return (
    <div class={`field${invalid ? ' field-invalid' : ''}`}>
      <label for={fieldId(p.name, p.prefix)}>
        {p.label}
        {p.required ? <span class="required"> {t('form.required')}</span> : <span class="optional"> {t('form.optional')}</span>}
      </label>
      <FieldMessages name={p.name} state={p.state} hint={p.hint} prefix={p.prefix} />
      <textarea
        id={fieldId(p.name, p.prefix)}
        name={p.name}
        rows={p.rows ?? 6}
        required={p.required}
        maxlength={p.maxlength}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.state, p.hint, p.prefix)}
      >
        {fieldValue(p.state, p.name)}
      </textarea>
    </div>
  );
}

export function Checkbox(p: { name: string; label: string; state: FormState; hint?: string; prefix?: string }) {
  const invalid = (p.state.errors[p.name]?.length ?? 0) > 0;
  return (
    <div class={`field field-checkbox${invalid ? ' field-invalid' : ''}`}>
      <FieldMessages name={p.name} state={p.state} hint={p.hint} prefix={p.prefix} />
      <input
        type="checkbox"
        id={fieldId(p.name, p.prefix)}
        name={p.name}
        checked={fieldValue(p.state, p.name) === 'on'}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.state, p.hint, p.prefix)}
      />
      <label for={fieldId(p.name, p.prefix)}>{p.label}</label>
    </div>
  );
}

/** A group of checkboxes in a fieldset (several values under one name). */
export function CheckboxGroup(p: {
  prefix?: string;
  name: string;
  legend: string;
  options: Array<{ value: string; label: string }>;
  state: FormState;
  hint?: string;
}) {
  const selected = new Set(fieldValues(p.state, p.name));
  const invalid = (p.state.errors[p.name]?.length ?? 0) > 0;
  return (
    <fieldset
      class={`field checkbox-group${invalid ? ' field-invalid' : ''}`}
      id={fieldId(p.name, p.prefix)}
      aria-describedby={describedBy(p.name, p.state, p.hint, p.prefix)}
    >
      <legend>{p.legend}</legend>
      <FieldMessages name={p.name} state={p.state} hint={p.hint} prefix={p.prefix} />
      <div class="checkbox-grid">
        {p.options.map((o) => (
          <label class="check">
            <input type="checkbox" name={p.name} value={o.value} checked={selected.has(o.value)} /> {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Select(p: {
  prefix?: string;
  name: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  state: FormState;
  hint?: string;
  required?: boolean;
}) {
  const { t } = useView();
  const current = fieldValue(p.state, p.name);
  const invalid = (p.state.errors[p.name]?.length ?? 0) > 0;
  return (
    <div class={`field${invalid ? ' field-invalid' : ''}`}>
      <label for={fieldId(p.name, p.prefix)}>
        {p.label}
        {p.required ? <span class="required"> {t('form.required')}</span> : <span class="optional"> {t('form.optional')}</span>}
      </label>
      <FieldMessages name={p.name} state={p.state} hint={p.hint} prefix={p.prefix} />
      <select
        id={fieldId(p.name, p.prefix)}
        name={p.name}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.state, p.hint, p.prefix)}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SubmitButton({
  children,
  name,
  value,
  variant,
}: {
  children: Child;
  name?: string;
  value?: string;
  variant?: 'secondary' | 'danger';
}) {
  return (
    <button type="submit" class={`button${variant ? ` button-${variant}` : ''}`} name={name} value={value}>
      {children}
    </button>
  );
}
