import { type Locale } from "~/i18n/locale";
import { t } from "~/i18n/translate";
import { type RewardErrorKey } from "~/loyalty/rewards";

/** Why a reward was refused, in the admin's language (the core names it by code only). */
export function rewardErrorMessage(
  errorKey: RewardErrorKey,
  locale: Locale,
): string {
  return t(locale, errorKey);
}
