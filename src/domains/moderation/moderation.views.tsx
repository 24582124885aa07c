import { useView } from '../../views/context.ts';
import { SubmitButton } from '../../views/forms.tsx';

/**
 * The second step of a refusal, inside the item's form: what refusing means, the button that
 * confirms it (`field`=reject, with confirm=1), and a way back to the queue.
 */
export function ConfirmRefusal({ message, field, cancelHref }: { message: string; field: string; cancelHref: string }) {
  const { t } = useView();
  return (
    <div class="confirm-box" role="alert">
      <p>{message}</p>
      <input type="hidden" name="confirm" value="1" />
      <SubmitButton name={field} value="reject" variant="danger">
        {t('moderation.confirmRejectButton')}
      </SubmitButton>{' '}
      <a href={cancelHref} class="button button-secondary">
        {t('form.cancel')}
      </a>
    </div>
  );
}
