import { type pickersEn } from "~/i18n/messages/pickers-en";

/** Les sélecteurs de ressources des formulaires (ADR 0017), en français : les clés de pickers-en.ts. */
export const pickersFr: { [K in keyof typeof pickersEn]: string } = {
  "picker.choose.product": "Choisir des produits",
  "picker.choose.variant": "Choisir une variante",
  "picker.choose.collection": "Choisir des collections",
  "picker.label.product": "Produits ou variantes",
  "picker.label.collection": "Collections de produits",
  "picker.none": "Aucun choix",
  "picker.remove": "Retirer {title}",
  "picker.untitled": "Élément {id}",
};
