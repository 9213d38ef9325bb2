import { useBlocker } from "@remix-run/react";
import { useEffect } from "react";

import { useTranslation } from "~/i18n/use-translation";

/**
 * App Bridge's contextual save bar (`<ui-save-bar>` driven by `shopify.saveBar.show/hide`), shown
 * while a form has unsaved changes: its Save button submits the form, Discard puts the values
 * back. The admin draws the bar outside the app's frame; outside the admin nothing shows.
 *
 * Leaving for another page of the app while the bar shows is held, as Shopify's admin holds its
 * own navigation: `shopify.saveBar.leaveConfirmation()` asks the merchant ("Leave page with
 * unsaved changes?") and resolves only if they leave. A save submits to the same page, so it is
 * never held; the redirect after a save is not a navigation the blocker sees.
 */
export function UnsavedChangesBar({
  id,
  dirty,
  saving,
  onSave,
  onDiscard,
}: {
  id: string;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    const saveBar = typeof shopify === "undefined" ? null : shopify?.saveBar;
    if (!saveBar) return;
    void (dirty ? saveBar.show(id) : saveBar.hide(id));
  }, [id, dirty]);
  // Leaving the page (a save redirects) takes the bar away with it.
  useEffect(
    () => () => {
      if (typeof shopify !== "undefined") void shopify?.saveBar?.hide(id);
    },
    [id],
  );
  useLeaveGuard(dirty && !saving);
  return (
    <ui-save-bar id={id}>
      <button
        type="button"
        variant="primary"
        loading={saving ? "" : undefined}
        onClick={onSave}
      >
        {t("saveBar.save")}
      </button>
      <button type="button" onClick={onDiscard}>
        {t("saveBar.discard")}
      </button>
    </ui-save-bar>
  );
}

function useLeaveGuard(unsaved: boolean) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    const saveBar = typeof shopify === "undefined" ? null : shopify?.saveBar;
    if (!saveBar?.leaveConfirmation) {
      blocker.proceed();
      return;
    }
    let current = true;
    saveBar.leaveConfirmation().then(
      () => {
        if (current) blocker.proceed();
      },
      () => {
        if (current) blocker.reset();
      },
    );
    return () => {
      current = false;
    };
  }, [blocker]);
}
