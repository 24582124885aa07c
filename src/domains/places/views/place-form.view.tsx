import type { Child } from 'hono/jsx';
import type { Translate } from '../../../lib/i18n.ts';
import type { FormValues } from '../../../lib/request-body.ts';
import { useView } from '../../../views/context.ts';
import { CheckboxGroup, ErrorSummary, Form, type FormState, SubmitButton, TextArea, TextField } from '../../../views/forms.tsx';
import { Layout } from '../../../views/layout.tsx';
import { DAYS, formatDayHours } from '../opening-hours.ts';
import type { Place } from '../places.repo.ts';
import { ACCESSIBILITY, AUDIENCES, EQUIPMENT, optionsOf, PLACE_KINDS, SERVICES } from '../places.vocabulary.ts';
import type { MapSettings } from './place-map.view.tsx';

/** A stored place as the form's text values. */
export function placeToFormValues(place: Place): FormValues {
  const values: FormValues = {
    name: place.name,
    kinds: place.kinds,
    description: place.descriptionMd,
    address: place.address ?? '',
    postcode: place.postcode ?? '',
    commune: place.commune ?? '',
    coordinates: place.latitude !== null && place.longitude !== null ? `${place.latitude}, ${place.longitude}` : '',
    hoursNote: place.openingHours?.note ?? '',
    equipment: place.equipment,
    services: place.services,
    audiences: place.audiences,
    accessibility: place.accessibility,
    website: place.website ?? '',
    pivot: place.pivot ?? '',
    charterText: place.charterText,
    charterSignedOn: place.charterSignedOn ?? '',
  };
  for (const d of DAYS) {
    values[`hours_${d}`] = formatDayHours(place.openingHours?.days[d]);
  }
  return values;
}

export function placeFieldLabels(t: Translate): Record<string, string> {
  const labels: Record<string, string> = {
    name: t('places.field.name'),
    kinds: t('places.field.kinds'),
    description: t('places.field.description'),
    address: t('places.field.address'),
    postcode: t('places.field.postcode'),
    commune: t('places.field.commune'),
    inseeCode: t('places.field.commune'),
    coordinates: t('places.field.coordinates'),
    hoursNote: t('places.field.hoursNote'),
    equipment: t('places.field.equipment'),
    services: t('places.field.services'),
    audiences: t('places.field.audiences'),
    accessibility: t('places.field.accessibility'),
    website: t('places.field.website'),
    pivot: t('places.field.pivot'),
    charterText: t('places.field.charterText'),
    charterSignedOn: t('places.field.charterSignedOn'),
  };
  for (const d of DAYS) {
    labels[`hours_${d}`] = t(`day.${d}`);
  }
  return labels;
}

export function PlaceFormPage(props: {
  mode: 'create' | 'edit';
  action: string;
  state: FormState;
  canGeocode: boolean;
  notice?: string;
  map: MapSettings;
  cancelHref: string;
  /** Shown after the form (the delete section on the edit page). */
  after?: Child;
}) {
  const { t, locale } = useView();
  const { state } = props;
  const labels = placeFieldLabels(t);
  const title = props.mode === 'create' ? t('places.new.title') : t('places.edit.title');
  return (
    <Layout title={title} withMap>
      <div class="form-page">
        <h1>{title}</h1>
        {props.mode === 'create' && <p class="lead">{t('places.new.lead')}</p>}
        <ErrorSummary state={state} labels={labels} />
        {props.notice && (
          <p class="notice notice-info" role="status">
            {props.notice}
          </p>
        )}
        <Form action={props.action} class="place-form">
          {/* Enter in a text field presses the first submit button: make that one "save", not "geocode". */}
          <button type="submit" name="_action" value="save" class="visually-hidden" tabindex={-1}>
            {t('form.save')}
          </button>
          <TextField name="name" label={labels.name ?? ''} state={state} required maxlength={120} />
          <CheckboxGroup
            name="kinds"
            legend={labels.kinds ?? ''}
            hint={t('places.field.kindsHint')}
            options={optionsOf(PLACE_KINDS, locale)}
            state={state}
          />
          <TextArea
            name="description"
            label={labels.description ?? ''}
            hint={t('places.field.descriptionHint')}
            state={state}
            rows={10}
            maxlength={20000}
          />

          <fieldset class="field-group">
            <legend>{t('places.form.where')}</legend>
            <TextField name="address" label={labels.address ?? ''} state={state} autocomplete="street-address" maxlength={200} />
            <div class="field-row">
              <TextField
                name="postcode"
                label={labels.postcode ?? ''}
                state={state}
                inputmode="numeric"
                autocomplete="postal-code"
                maxlength={5}
              />
              <TextField name="commune" label={labels.commune ?? ''} state={state} autocomplete="address-level2" maxlength={100} />
            </div>
            {props.canGeocode && (
              <p>
                <button type="submit" name="_action" value="geocode" class="button button-secondary">
                  {t('places.form.geocode')}
                </button>
              </p>
            )}
            <TextField
              name="coordinates"
              label={labels.coordinates ?? ''}
              hint={t('places.field.coordinatesHint')}
              state={state}
              maxlength={80}
            />
            <section
              class="map map-picker"
              data-map="picker"
              data-target="champ-coordinates"
              data-marker-label={t('places.form.markerLabel')}
              data-tiles={props.map.tileUrl}
              data-attribution={props.map.tileAttribution}
              aria-label={t('places.form.pickerLabel')}
            >
              <p class="map-fallback">{t('places.form.pickerFallback')}</p>
            </section>
          </fieldset>

          <fieldset class="field-group">
            <legend>{t('places.hours.title')}</legend>
            <p class="hint">{t('places.field.hoursHint')}</p>
            <div class="hours-grid">
              {DAYS.map((d) => (
                <TextField name={`hours_${d}`} label={labels[`hours_${d}`] ?? d} state={state} maxlength={80} />
              ))}
            </div>
            <TextField name="hoursNote" label={labels.hoursNote ?? ''} state={state} maxlength={300} />
          </fieldset>

          <CheckboxGroup name="services" legend={labels.services ?? ''} options={optionsOf(SERVICES, locale)} state={state} />
          <CheckboxGroup name="equipment" legend={labels.equipment ?? ''} options={optionsOf(EQUIPMENT, locale)} state={state} />
          <CheckboxGroup name="audiences" legend={labels.audiences ?? ''} options={optionsOf(AUDIENCES, locale)} state={state} />
          <CheckboxGroup
            name="accessibility"
            legend={labels.accessibility ?? ''}
            options={optionsOf(ACCESSIBILITY, locale)}
            state={state}
          />
          <TextField name="website" type="url" label={labels.website ?? ''} state={state} autocomplete="url" maxlength={500} />
          <TextField
            name="pivot"
            label={labels.pivot ?? ''}
            hint={t('places.field.pivotHint')}
            state={state}
            maxlength={20}
            inputmode="text"
          />

          <fieldset class="field-group">
            <legend>{t('places.charter.title')}</legend>
            <TextArea
              name="charterText"
              label={labels.charterText ?? ''}
              hint={t('places.field.charterHint')}
              state={state}
              rows={5}
              maxlength={5000}
            />
            <TextField name="charterSignedOn" type="date" label={labels.charterSignedOn ?? ''} state={state} />
          </fieldset>

          <p class="form-actions">
            <SubmitButton name="_action" value="save">
              {props.mode === 'create' ? t('places.new.submit') : t('form.save')}
            </SubmitButton>{' '}
            <a href={props.cancelHref}>{t('form.cancel')}</a>
          </p>
        </Form>
        {props.after}
      </div>
    </Layout>
  );
}
