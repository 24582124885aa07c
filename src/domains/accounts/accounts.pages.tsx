import type { Context, Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { type AppEnv, requestIp } from '../../http-env.ts';
import { formatDate, isLocale, LOCALE_COOKIE } from '../../lib/i18n.ts';
import { formString, readForm } from '../../lib/request-body.ts';
import { useView } from '../../views/context.ts';
import { handleForm } from '../../views/form-handler.ts';
import { Checkbox, ErrorSummary, emptyForm, Form, type FormState, SubmitButton, TextField } from '../../views/forms.tsx';
import { Layout } from '../../views/layout.tsx';
import { redirectWithFlash, renderPage } from '../../views/render.tsx';
import { renameMember } from '../people/people.service.ts';
import * as accounts from './accounts.service.ts';
import {
  ApiTokenInput,
  ChangeEmailInput,
  ChangePasswordInput,
  DeleteAccountInput,
  EmailOnlyInput,
  ProfileBasicsInput,
  ResetPasswordInput,
  SignInInput,
  SignUpInput,
  safeNextPath,
} from './accounts.validation.ts';
import { requireViewer } from './guards.ts';
import { PASSWORD_MIN } from './passwords.ts';
import { clearSessionCookie, setSessionCookie } from './sessions.ts';

function meta(c: Context<AppEnv>) {
  return { ip: requestIp(c), locale: c.get('locale'), userAgent: c.req.header('user-agent') };
}

function SignUpPage({ state }: { state: FormState }) {
  const { t } = useView();
  const labels = {
    displayName: t('accounts.displayName'),
    email: t('accounts.email'),
    password: t('accounts.password'),
    acceptCharter: t('accounts.acceptCharterShort'),
  };
  return (
    <Layout title={t('accounts.signUp.title')}>
      <div class="narrow">
        <h1>{t('accounts.signUp.title')}</h1>
        <p class="lead">{t('accounts.signUp.lead')}</p>
        <ErrorSummary state={state} labels={labels} />
        <Form action="/inscription" aria-label={t('accounts.signUp.title')}>
          <TextField
            name="displayName"
            label={labels.displayName}
            hint={t('accounts.displayNameHint')}
            state={state}
            required
            autocomplete="name"
            maxlength={80}
          />
          <TextField
            name="email"
            type="email"
            label={labels.email}
            hint={t('accounts.emailHint')}
            state={state}
            required
            autocomplete="email"
          />
          <TextField
            name="password"
            type="password"
            label={labels.password}
            hint={t('accounts.passwordHint', { min: PASSWORD_MIN })}
            state={state}
            required
            autocomplete="new-password"
          />
          <Checkbox name="acceptCharter" label={t('accounts.acceptCharter')} state={state} />
          <SubmitButton>{t('accounts.signUp.submit')}</SubmitButton>
        </Form>
        <p>
          {t('accounts.signUp.haveAccount')} <a href="/connexion">{t('nav.signIn')}</a>
        </p>
      </div>
    </Layout>
  );
}

function MessagePage({ title, children }: { title: string; children: unknown }) {
  return (
    <Layout title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

function SignInPage({ state }: { state: FormState }) {
  const { t } = useView();
  const labels = { email: t('accounts.email'), password: t('accounts.password') };
  return (
    <Layout title={t('accounts.signIn.title')}>
      <div class="narrow">
        <h1>{t('accounts.signIn.title')}</h1>
        <ErrorSummary state={state} labels={labels} />
        <Form action="/connexion" aria-label={t('accounts.signIn.title')}>
          <input type="hidden" name="next" value={formString(state.values, 'next')} />
          <TextField name="email" type="email" label={labels.email} state={state} required autocomplete="email" />
          <TextField name="password" type="password" label={labels.password} state={state} required autocomplete="current-password" />
          <SubmitButton>{t('accounts.signIn.submit')}</SubmitButton>
        </Form>
        <p>
          <a href="/mot-de-passe-oublie">{t('accounts.forgot.link')}</a>
        </p>
        <p>
          {t('accounts.signIn.noAccount')} <a href="/inscription">{t('nav.signUp')}</a>
        </p>
      </div>
    </Layout>
  );
}

function ForgotPage({ state }: { state: FormState }) {
  const { t } = useView();
  return (
    <Layout title={t('accounts.forgot.title')}>
      <div class="narrow">
        <h1>{t('accounts.forgot.title')}</h1>
        <p>{t('accounts.forgot.lead')}</p>
        <ErrorSummary state={state} labels={{ email: t('accounts.email') }} />
        <Form action="/mot-de-passe-oublie" aria-label={t('accounts.forgot.title')}>
          <TextField name="email" type="email" label={t('accounts.email')} state={state} required autocomplete="email" />
          <SubmitButton>{t('accounts.forgot.submit')}</SubmitButton>
        </Form>
      </div>
    </Layout>
  );
}

function ResetPage({ state, usable }: { state: FormState; usable: boolean }) {
  const { t } = useView();
  return (
    <Layout title={t('accounts.reset.title')}>
      <div class="narrow">
        <h1>{t('accounts.reset.title')}</h1>
        {usable ? (
          <>
            <ErrorSummary state={state} labels={{ password: t('accounts.newPassword') }} />
            <Form action="/reinitialiser" aria-label={t('accounts.reset.title')}>
              <input type="hidden" name="token" value={formString(state.values, 'token')} />
              <TextField
                name="password"
                type="password"
                label={t('accounts.newPassword')}
                hint={t('accounts.passwordHint', { min: PASSWORD_MIN })}
                state={state}
                required
                autocomplete="new-password"
              />
              <SubmitButton>{t('accounts.reset.submit')}</SubmitButton>
            </Form>
          </>
        ) : (
          <p>
            {t('accounts.tokenInvalid')} <a href="/mot-de-passe-oublie">{t('accounts.forgot.link')}</a>
          </p>
        )}
      </div>
    </Layout>
  );
}

/** A link from an e-mail opens this page; the change happens only when the button is pressed (GET never writes). */
function ConfirmTokenPage({
  title,
  lead,
  action,
  token,
  button,
}: {
  title: string;
  lead: string;
  action: string;
  token: string;
  button: string;
}) {
  return (
    <MessagePage title={title}>
      <p>{lead}</p>
      <Form action={action}>
        <input type="hidden" name="token" value={token} />
        <SubmitButton>{button}</SubmitButton>
      </Form>
    </MessagePage>
  );
}

interface AccountData {
  email: string;
  displayName: string;
  createdAt: Date;
  tokens: Awaited<ReturnType<typeof accounts.listApiTokens>>;
}

function AccountPage(props: {
  data: AccountData;
  forms: Partial<Record<'name' | 'email' | 'password' | 'token' | 'delete', FormState>>;
  newToken?: string;
}) {
  const { t, locale } = useView();
  const { data } = props;
  const nameState = props.forms.name ?? emptyForm({ displayName: data.displayName });
  const emailState = props.forms.email ?? emptyForm();
  const passwordState = props.forms.password ?? emptyForm();
  const tokenState = props.forms.token ?? emptyForm();
  const deleteState = props.forms.delete ?? emptyForm();
  return (
    <Layout title={t('accounts.account.title')}>
      <div class="narrow">
        <h1>{t('accounts.account.title')}</h1>
        <p class="muted">{t('accounts.account.since', { date: formatDate(locale, data.createdAt) })}</p>

        <section aria-labelledby="compte-nom" class="card">
          <h2 id="compte-nom">{t('accounts.account.nameTitle')}</h2>
          <ErrorSummary state={nameState} labels={{ displayName: t('accounts.displayName') }} />
          <Form action="/compte/nom">
            <TextField name="displayName" label={t('accounts.displayName')} state={nameState} required autocomplete="name" maxlength={80} />
            <SubmitButton>{t('form.save')}</SubmitButton>
          </Form>
        </section>

        <section aria-labelledby="compte-email" class="card">
          <h2 id="compte-email">{t('accounts.account.emailTitle')}</h2>
          <p>{t('accounts.account.emailCurrent', { email: data.email })}</p>
          <p class="hint">{t('accounts.account.emailPrivate')}</p>
          <ErrorSummary state={emailState} labels={{ newEmail: t('accounts.newEmail'), currentPassword: t('accounts.currentPassword') }} />
          <Form action="/compte/email">
            <TextField name="newEmail" type="email" label={t('accounts.newEmail')} state={emailState} required autocomplete="email" />
            <TextField
              name="currentPassword"
              type="password"
              label={t('accounts.currentPassword')}
              state={emailState}
              required
              autocomplete="current-password"
            />
            <SubmitButton>{t('accounts.account.emailSubmit')}</SubmitButton>
          </Form>
        </section>

        <section aria-labelledby="compte-mdp" class="card">
          <h2 id="compte-mdp">{t('accounts.account.passwordTitle')}</h2>
          <p class="hint">{t('accounts.account.passwordEffect')}</p>
          <ErrorSummary
            state={passwordState}
            labels={{ currentPassword: t('accounts.currentPassword'), newPassword: t('accounts.newPassword') }}
          />
          <Form action="/compte/mot-de-passe">
            <TextField
              name="currentPassword"
              type="password"
              label={t('accounts.currentPassword')}
              state={passwordState}
              required
              autocomplete="current-password"
            />
            <TextField
              name="newPassword"
              type="password"
              label={t('accounts.newPassword')}
              hint={t('accounts.passwordHint', { min: PASSWORD_MIN })}
              state={passwordState}
              required
              autocomplete="new-password"
            />
            <SubmitButton>{t('accounts.account.passwordSubmit')}</SubmitButton>
          </Form>
        </section>

        <section aria-labelledby="compte-api" class="card">
          <h2 id="compte-api">{t('accounts.account.apiTitle')}</h2>
          <p class="hint">{t('accounts.account.apiLead')}</p>
          {props.newToken && (
            <div class="notice notice-success" role="status">
              <p>{t('accounts.account.apiNewToken')}</p>
              <p>
                <code class="token">{props.newToken}</code>
              </p>
            </div>
          )}
          {data.tokens.length > 0 && (
            <ul class="plain-list">
              {data.tokens.map((tok) => (
                <li>
                  <strong>{tok.name}</strong> <code>{`${tok.prefix}…`}</code>{' '}
                  <span class="muted">
                    {tok.lastUsedAt
                      ? t('accounts.account.apiLastUsed', { date: formatDate(locale, tok.lastUsedAt) })
                      : t('accounts.account.apiNeverUsed')}
                  </span>
                  <Form action={`/compte/jetons/${tok.id}/supprimer`} class="inline-form">
                    <SubmitButton variant="secondary">{t('accounts.account.apiRevoke', { name: tok.name })}</SubmitButton>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          <ErrorSummary state={tokenState} labels={{ name: t('accounts.account.apiName') }} />
          <Form action="/compte/jetons">
            <TextField name="name" label={t('accounts.account.apiName')} state={tokenState} required maxlength={60} />
            <SubmitButton variant="secondary">{t('accounts.account.apiCreate')}</SubmitButton>
          </Form>
        </section>

        <section aria-labelledby="compte-donnees" class="card">
          <h2 id="compte-donnees">{t('accounts.account.dataTitle')}</h2>
          <p>{t('accounts.account.dataLead')}</p>
          <p>
            <a class="button button-secondary" href="/compte/export.json" download="tisserin-mes-donnees.json">
              {t('accounts.account.dataDownload')}
            </a>{' '}
            <a class="button button-secondary" href="/compte/archive.zip" download="tisserin-mon-archive.zip">
              {t('accounts.account.archiveDownload')}
            </a>
          </p>
        </section>

        <section aria-labelledby="compte-supprimer" class="card card-danger">
          <h2 id="compte-supprimer">{t('accounts.account.deleteTitle')}</h2>
          <p>{t('accounts.account.deleteLead')}</p>
          <ErrorSummary
            state={deleteState}
            labels={{ currentPassword: t('accounts.currentPassword'), confirm: t('accounts.account.deleteConfirm') }}
          />
          <Form action="/compte/supprimer">
            <TextField
              name="currentPassword"
              type="password"
              label={t('accounts.currentPassword')}
              state={deleteState}
              required
              autocomplete="current-password"
            />
            <Checkbox name="removeContributions" label={t('accounts.account.deleteContributions')} state={deleteState} />
            <Checkbox name="confirm" label={t('accounts.account.deleteConfirm')} state={deleteState} />
            <SubmitButton variant="danger">{t('accounts.account.deleteSubmit')}</SubmitButton>
          </Form>
        </section>
      </div>
    </Layout>
  );
}

async function renderAccount(
  c: Context<AppEnv>,
  forms: Parameters<typeof AccountPage>[0]['forms'] = {},
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 = 200,
  newToken?: string,
) {
  const viewer = requireViewer(c);
  const deps = c.get('deps');
  const account = await accounts.getAccount(deps, viewer);
  const tokens = await accounts.listApiTokens(deps, viewer);
  return renderPage(c, <AccountPage data={{ ...account, tokens }} forms={forms} newToken={newToken} />, status);
}

export function mountAccountPages(app: Hono<AppEnv>) {
  app.get('/inscription', (c) => renderPage(c, <SignUpPage state={emptyForm()} />));
  app.post('/inscription', async (c) => {
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      SignUpInput,
      (state, status) => renderPage(c, <SignUpPage state={state} />, status),
      async (input) => {
        await accounts.signUp(c.get('deps'), input, meta(c));
        return c.redirect('/inscription/envoye', 303);
      },
    );
  });
  app.get('/inscription/envoye', (c) => {
    const t = c.get('t');
    return renderPage(
      c,
      <MessagePage title={t('accounts.signUp.sentTitle')}>
        <p>{t('accounts.signUp.sentLead')}</p>
        <p class="hint">{t('accounts.signUp.sentHint')}</p>
      </MessagePage>,
    );
  });

  app.get('/verifier-email', (c) => {
    const t = c.get('t');
    c.header('Referrer-Policy', 'no-referrer');
    return renderPage(
      c,
      <ConfirmTokenPage
        title={t('accounts.verify.title')}
        lead={t('accounts.verify.lead')}
        action="/verifier-email"
        token={c.req.query('token') ?? ''}
        button={t('accounts.verify.submit')}
      />,
    );
  });
  // Confirming one's address signs one in and opens the welcome; on a browser where someone
  // else is signed in, the address is confirmed and that session is left alone.
  app.post('/verifier-email', async (c) => {
    const { values } = await readForm(c);
    const token = formString(values, 'token');
    if (c.get('viewer')) {
      await accounts.verifyEmail(c.get('deps'), token);
      return redirectWithFlash(c, '/', 'accounts.verify.done');
    }
    const { cookieValue } = await accounts.verifyEmailAndSignIn(c.get('deps'), token, meta(c));
    setSessionCookie(c, cookieValue);
    return redirectWithFlash(c, '/bienvenue', 'accounts.verify.doneSignedIn');
  });

  app.get('/connexion', (c) => {
    if (c.get('viewer')) {
      return c.redirect(safeNextPath(c.req.query('next')), 303);
    }
    return renderPage(c, <SignInPage state={emptyForm({ next: c.req.query('next') ?? '' })} />);
  });
  app.post('/connexion', async (c) => {
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      SignInInput,
      (state, status) => renderPage(c, <SignInPage state={{ ...state, values: { ...state.values, password: '' } }} />, status),
      async (input) => {
        const { cookieValue } = await accounts.signIn(c.get('deps'), input, meta(c));
        setSessionCookie(c, cookieValue);
        return redirectWithFlash(c, safeNextPath(input.next), 'accounts.signIn.done');
      },
    );
  });

  app.post('/deconnexion', async (c) => {
    const viewer = c.get('viewer');
    if (viewer) {
      await accounts.signOutEverywhere(c.get('deps'), viewer.id);
    }
    clearSessionCookie(c);
    return redirectWithFlash(c, '/', 'accounts.signedOut');
  });

  app.get('/mot-de-passe-oublie', (c) => renderPage(c, <ForgotPage state={emptyForm()} />));
  app.post('/mot-de-passe-oublie', async (c) => {
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      EmailOnlyInput,
      (state, status) => renderPage(c, <ForgotPage state={state} />, status),
      async ({ email }) => {
        await accounts.requestPasswordReset(c.get('deps'), email);
        const t = c.get('t');
        return renderPage(
          c,
          <MessagePage title={t('accounts.forgot.sentTitle')}>
            <p>{t('accounts.forgot.sentLead')}</p>
          </MessagePage>,
        );
      },
    );
  });

  app.get('/reinitialiser', async (c) => {
    const token = c.req.query('token') ?? '';
    c.header('Referrer-Policy', 'no-referrer');
    const usable = token.length > 0 && token.length < 200 && (await accounts.isResetTokenUsable(c.get('deps'), token));
    return renderPage(c, <ResetPage state={emptyForm({ token })} usable={usable} />, usable ? 200 : 400);
  });
  app.post('/reinitialiser', async (c) => {
    const { values } = await readForm(c);
    c.header('Referrer-Policy', 'no-referrer');
    return handleForm(
      c,
      values,
      ResetPasswordInput,
      (state, status) => renderPage(c, <ResetPage state={state} usable={!state.errors['']} />, status),
      async (input) => {
        await accounts.resetPassword(c.get('deps'), input);
        clearSessionCookie(c);
        return redirectWithFlash(c, '/connexion', 'accounts.reset.done');
      },
    );
  });

  app.get('/confirmer-email', (c) => {
    const t = c.get('t');
    c.header('Referrer-Policy', 'no-referrer');
    return renderPage(
      c,
      <ConfirmTokenPage
        title={t('accounts.confirmEmail.title')}
        lead={t('accounts.confirmEmail.lead')}
        action="/confirmer-email"
        token={c.req.query('token') ?? ''}
        button={t('accounts.confirmEmail.submit')}
      />,
    );
  });
  app.post('/confirmer-email', async (c) => {
    const { values } = await readForm(c);
    await accounts.confirmEmailChange(c.get('deps'), formString(values, 'token'));
    return redirectWithFlash(c, c.get('viewer') ? '/compte' : '/connexion', 'accounts.confirmEmail.done');
  });

  app.get('/compte', (c) => renderAccount(c));
  app.post('/compte/nom', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ProfileBasicsInput,
      (state, status) => renderAccount(c, { name: state }, status),
      async ({ displayName }) => {
        await renameMember(c.get('deps'), viewer, displayName);
        return redirectWithFlash(c, '/compte', 'form.saved');
      },
    );
  });
  app.post('/compte/email', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ChangeEmailInput,
      (state, status) => renderAccount(c, { email: { ...state, values: { ...state.values, currentPassword: '' } } }, status),
      async (input) => {
        await accounts.requestEmailChange(c.get('deps'), viewer, input);
        return redirectWithFlash(c, '/compte', 'accounts.account.emailSent');
      },
    );
  });
  app.post('/compte/mot-de-passe', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ChangePasswordInput,
      (state, status) => renderAccount(c, { password: { errors: state.errors, values: {} } }, status),
      async (input) => {
        const { cookieValue } = await accounts.changePassword(c.get('deps'), viewer, input, meta(c));
        setSessionCookie(c, cookieValue);
        return redirectWithFlash(c, '/compte', 'accounts.account.passwordChanged');
      },
    );
  });
  app.post('/compte/jetons', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      ApiTokenInput,
      (state, status) => renderAccount(c, { token: state }, status),
      async ({ name }) => {
        const raw = await accounts.createApiToken(c.get('deps'), viewer, name);
        c.header('Cache-Control', 'no-store');
        return renderAccount(c, {}, 200, raw);
      },
    );
  });
  app.post('/compte/jetons/:id/supprimer', async (c) => {
    const viewer = requireViewer(c);
    await accounts.revokeApiToken(c.get('deps'), viewer, c.req.param('id'));
    return redirectWithFlash(c, '/compte', 'accounts.account.apiRevoked');
  });
  app.get('/compte/export.json', async (c) => {
    const viewer = requireViewer(c);
    const data = await accounts.exportMyData(c.get('deps'), viewer);
    c.header('Content-Disposition', 'attachment; filename="tisserin-mes-donnees.json"');
    c.header('Cache-Control', 'private, no-store');
    return c.body(JSON.stringify(data, null, 2), 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
  app.get('/compte/archive.zip', async (c) => {
    const viewer = requireViewer(c);
    const zip = await accounts.exportMyArchive(c.get('deps'), viewer);
    c.header('Content-Disposition', 'attachment; filename="tisserin-mon-archive.zip"');
    c.header('Cache-Control', 'private, no-store');
    return c.body(new Uint8Array(zip), 200, { 'Content-Type': 'application/zip' });
  });
  app.post('/compte/supprimer', async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      DeleteAccountInput,
      (state, status) =>
        renderAccount(
          c,
          {
            delete: {
              ...state,
              values: {
                confirm: formString(state.values, 'confirm'),
                removeContributions: formString(state.values, 'removeContributions'),
              },
            },
          },
          status,
        ),
      async (input) => {
        await accounts.deleteAccount(c.get('deps'), viewer, input);
        clearSessionCookie(c);
        return redirectWithFlash(c, '/', 'accounts.account.deleted');
      },
    );
  });

  app.post('/langue', async (c) => {
    const { values } = await readForm(c);
    const locale = formString(values, 'locale');
    if (isLocale(locale)) {
      setCookie(c, LOCALE_COOKIE, locale, {
        path: '/',
        sameSite: 'Lax',
        maxAge: 365 * 24 * 3600,
        httpOnly: true,
        secure: c.get('deps').config.secureCookies,
      });
      const viewer = c.get('viewer');
      if (viewer) {
        await accounts.setLocale(c.get('deps'), viewer, locale);
      }
    }
    return c.redirect(safeNextPath(formString(values, 'next')), 303);
  });
}
