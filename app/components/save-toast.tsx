import { useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { useTranslation } from "~/i18n/use-translation";

/** App Bridge's toast (Shopify's admin, or the emulator's stand-in); nothing outside the admin. */
export function showToast(message: string, options?: { isError?: boolean }) {
  if (typeof shopify === "undefined" || !shopify?.toast) return;
  shopify.toast.show(message, options);
}

/**
 * A toast once a save answered on the same page: `saved` says whether this action answer is a
 * success. Each new answer (a new object from `useActionData`) toasts once.
 */
export function useSaveToast(
  result: unknown,
  saved: boolean,
  message?: string,
) {
  const { t } = useTranslation();
  const shown = useRef<unknown>(null);
  useEffect(() => {
    if (!result || !saved || shown.current === result) return;
    shown.current = result;
    showToast(message ?? t("toast.saved"));
  }, [result, saved, message, t]);
}

/**
 * For the whole admin (the layout): a form whose action redirected elsewhere saved (errors come
 * back as data on the same page), so it gets its toast here: "Deleted" for a deletion.
 */
export function useRedirectToast() {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const location = useLocation();
  const toasted = useRef<unknown>(null);
  useEffect(() => {
    if (
      navigation.state !== "loading" ||
      !navigation.formMethod ||
      navigation.formMethod.toUpperCase() === "GET" ||
      navigation.location.pathname === location.pathname ||
      toasted.current === navigation.formData
    )
      return;
    toasted.current = navigation.formData;
    showToast(
      navigation.formData?.get("intent") === "delete"
        ? t("toast.deleted")
        : t("toast.saved"),
    );
  }, [navigation, location.pathname, t]);
}
