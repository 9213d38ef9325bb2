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
  "rewardImage.title": "Image de la récompense",
  "rewardImage.help":
    "Affichée avec la récompense sur la boutique. PNG, JPEG ou WebP jusqu’à 5 Mo ; l’application la redimensionne à 800 px. Elle remplace l’adresse d’image ci-dessous.",
  "rewardImage.alt": "L’image de la récompense",
  "rewardImage.add": "Ajouter une image",
  "rewardImage.hint": "ou déposez une image à téléverser",
  "rewardImage.uploading": "Téléversement…",
  "rewardImage.remove": "Retirer l’image",
  "rewardImage.image_uploaded": "Image téléversée",
  "rewardImage.image_removed": "Image retirée",
  "rewardImage.error.image_too_large": "Cette image dépasse 5 Mo.",
  "rewardImage.error.image_not_image":
    "Ce fichier n’est pas une image PNG, JPEG ou WebP.",
  "rewardImage.error.unknown_reward": "Cette récompense n’existe plus.",
};
