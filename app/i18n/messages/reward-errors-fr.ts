import { type rewardErrorsEn } from "~/i18n/messages/reward-errors-en";

/** Pourquoi l’admin refuse une récompense : les clés de reward-errors-en.ts. */
export const rewardErrorsFr: { [K in keyof typeof rewardErrorsEn]: string } = {
  "reward.required": "Ce champ est obligatoire.",
  "reward.invalidValue": "Cette valeur n’est pas valide.",
  "reward.type.unknown": "Choisissez un type de récompense.",
  "reward.type.giftCardsNotGranted":
    "Les récompenses en carte-cadeau nécessitent l’autorisation « écrire les cartes-cadeaux » de Shopify.",
  "reward.name.required":
    "Donnez un nom à la récompense dans au moins une langue.",
  "reward.text.tooLong": "Ce texte est trop long.",
  "reward.image.invalidUrl": "L’image doit être une adresse https://.",
  "reward.pointsCost.notWhole": "Le coût en points doit être un nombre entier.",
  "reward.pointsCost.notPositive":
    "Le coût en points doit être d’au moins 1 point.",
  "reward.pointsCost.tooLarge": "Le coût en points est trop élevé.",
  "reward.amount.notPositive": "Le montant doit être supérieur à zéro.",
  "reward.amount.invalid": "Le montant n’est pas valide.",
  "reward.percentage.outOfRange":
    "Le pourcentage doit être un nombre entier entre 1 et 100.",
  "reward.quantity.notPositive":
    "La quantité doit être un nombre entier d’au moins 1.",
  "reward.validityDays.outOfRange":
    "La validité du code doit être comprise entre 1 et 3650 jours.",
  "reward.limitPerCustomer.notPositive":
    "La limite par client doit être un nombre entier d’au moins 1.",
  "reward.stock.negative": "Le stock doit être un nombre entier, zéro ou plus.",
  "reward.id.invalid": "Cet élément Shopify n’est pas reconnu.",
  "reward.items.empty": "Choisissez au moins un produit ou une collection.",
  "reward.appliesTo.unsupported":
    "Ce type de récompense s’applique toujours à toute la commande.",
  "reward.minimumSubtotal.unsupported":
    "Ce type de récompense ne peut pas avoir de sous-total minimum.",
  "reward.slider.stepNotPositive":
    "Le nombre de points par palier doit être un entier d’au moins 1.",
  "reward.slider.minAboveMax":
    "Le minimum de points ne doit pas dépasser le maximum.",
  "reward.slider.noStepInRange":
    "Aucun multiple du palier de points n’est compris entre le minimum et le maximum.",
  "reward.slider.valueTooLarge":
    "La remise maximale de ce curseur est trop élevée.",
  "reward.tiers.noneVisible":
    "Choisissez au moins un niveau, ou rendez la récompense visible par tous les membres.",
  "reward.tiers.duplicate": "Ce niveau figure deux fois.",
  "reward.tiers.costForHiddenTier":
    "Ce niveau a un coût en points mais ne voit pas la récompense.",
  "reward.bxgy.buysMinimum":
    "Indiquez une quantité minimale ou un montant minimal pour les articles à acheter.",
};
