import { useEffect } from "react";

import { useTranslation } from "~/i18n/use-translation";

/**
 * App Bridge's contextual save bar (`<ui-save-bar>` driven by `shopify.saveBar.show/hide`), shown
 * while a form has unsaved changes: its Save button submits the form, Discard puts the values
 * back. The admin draws the bar outside the app's frame; outside the admin nothing shows.
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
