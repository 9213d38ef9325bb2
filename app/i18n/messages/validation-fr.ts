import type { validationEn } from "~/i18n/messages/validation-en";

type ValidationDictionary = { [K in keyof typeof validationEn]: string };

/** The core's refusals in French (see validation-en.ts). */
export const validationFr: ValidationDictionary = {
  "form.error.tierIdsRepeat":
    "Chaque niveau doit avoir son propre identifiant.",
  "form.error.tierThresholdsRepeat":
    "Deux niveaux ne peuvent pas avoir le même seuil.",
  "form.error.timeZone": "Choisissez un fuseau horaire connu.",
  "form.error.customerId": "Saisissez un identifiant client Shopify.",
};
