import { type programEn } from "~/i18n/messages/program-en";
import type { PluralMessage } from "~/i18n/messages/types";

/** La page « Programme » et Réglages → Journal d’activité, en français : les clés de program-en.ts. */
export const programFr: {
  [K in keyof typeof programEn]: (typeof programEn)[K] extends string
    ? string
    : PluralMessage;
} = {
  "nav.program": "Programme",
  "proxy.error.program_inactive": "Le programme de fidélité est en pause.",

  "programSettings.title": "Programme",
  "programSettings.switch.heading": "Programme de fidélité",
  "programSettings.switch.on":
    "Activé : les commandes et les façons de gagner rapportent des points, et les clients peuvent échanger des récompenses.",
  "programSettings.switch.off":
    "Désactivé : rien n’est gagné ni échangé et la boutique n’affiche rien. Les soldes sont conservés.",
  "programSettings.switch.turnOn": "Activer",
  "programSettings.switch.turnOff": "Désactiver",
  "programSettings.switch.confirmTitle":
    "Désactiver le programme de fidélité ?",
  "programSettings.switch.confirmBody":
    "Les commandes passées pendant la pause ne rapportent pas de points (vous pourrez les attribuer plus tard avec les points rétroactifs, dans Réglages). Les échanges sont refusés et le widget est masqué dans la boutique. Les clients gardent leur solde.",
  "programSettings.switch.confirm": "Désactiver",
  "programSettings.switch.cancel": "Annuler",
  "programSettings.switch.switchedOn": "Programme activé",
  "programSettings.switch.switchedOff": "Programme désactivé",
  "programSettings.identity.heading": "Nom et points",
  "programSettings.identity.help":
    "Affichés aux clients dans le widget de la boutique, dans les e-mails et dans cette interface.",
  "programSettings.name": "Nom du programme",
  "programSettings.name.placeholder": "Club fidélité",
  "programSettings.pointsName.heading": "Nom des points",
  "programSettings.pointsName.help":
    "Laissez vide pour « point » et « points ». Remplissez les deux formes d’une langue.",
  "programSettings.pointsName.one": "Singulier ({language})",
  "programSettings.pointsName.other": "Pluriel ({language})",
  "programSettings.pointsName.preview": "Aperçu : {one} · {other}",
  "programSettings.language.en": "anglais",
  "programSettings.language.fr": "français",
  "programSettings.icon.heading": "Icône des points",
  "programSettings.icon.star": "Étoile",
  "programSettings.icon.coin": "Pièce",
  "programSettings.icon.heart": "Cœur",
  "programSettings.icon.gift": "Cadeau",
  "programSettings.icon.diamond": "Diamant",
  "programSettings.icon.leaf": "Feuille",
  "programSettings.icon.upload": "Votre image",
  "programSettings.icon.dropHint":
    "PNG, JPEG ou WebP. Redimensionnée en 128 × 128 pixels.",
  "programSettings.icon.uploaded": "Icône importée",
  "programSettings.icon.uploading": "Importation…",
  "programSettings.comingSoon.heading": "Pendant la pause",
  "programSettings.comingSoon.help":
    "Texte facultatif affiché dans la boutique à la place du widget, par exemple « Notre programme de fidélité arrive bientôt ». Vide : rien n’est affiché.",
  "programSettings.comingSoon.label": "Texte ({language})",
  "programSettings.save": "Enregistrer",
  "programSettings.saved": "Programme enregistré",
  "programSettings.error.heading": "Le programme n’a pas pu être enregistré",
  "programSettings.error.name_too_long": "60 caractères au maximum.",
  "programSettings.error.points_name_too_long": "30 caractères au maximum.",
  "programSettings.error.points_name_incomplete":
    "Remplissez le singulier et le pluriel.",
  "programSettings.error.coming_soon_too_long": "280 caractères au maximum.",
  "programSettings.error.unknown_icon": "Choisissez une des icônes.",
  "programSettings.error.no_uploaded_icon": "Importez d’abord une image.",
  "programSettings.error.icon_too_large": "L’image dépasse 256 Ko.",
  "programSettings.error.icon_not_image":
    "Ce fichier n’est pas une image PNG, JPEG ou WebP.",
  "programSettings.error.icon_too_big": "L’image dépasse 512 × 512 pixels.",
  "home.switch.on": "Les clients gagnent et échangent des points.",
  "home.switch.off": "En pause : rien n’est gagné ni échangé.",
  "home.switch.manage": "Gérer le programme",

  "activity.title": "Journal d’activité",
  "activity.subtitle":
    "Chaque modification faite dans l’interface, avec son auteur.",
  "activity.column.when": "Date et heure",
  "activity.column.who": "Membre du personnel",
  "activity.column.what": "Opération",
  "activity.column.detail": "Détail",
  "activityLog.resource.singular": "opération",
  "activityLog.resource.plural": "opérations",
  "activity.filter.action": "Type d’opération",
  "activity.filter.who": "Membre du personnel",
  "activity.filter.all": "Toutes",
  "activity.empty.heading": "Aucune activité pour l’instant",
  "activity.empty.body":
    "Les ajustements, les cadeaux et les modifications du programme s’affichent ici.",
  "activity.actor.unknown": "Membre du personnel inconnu",
  "activity.actor.id": "Membre du personnel {id}",
  "audit.action.program.switched_on": "A activé le programme",
  "audit.action.program.switched_off": "A désactivé le programme",
  "audit.action.program.identity_saved":
    "A modifié le nom du programme ou des points",
  "audit.action.program.icon_uploaded": "A importé une icône de points",
  "audit.action.points.adjusted": "A ajusté des points",
  "audit.action.reward.gifted": "A offert une récompense",
  "audit.action.reward.saved": "A enregistré une récompense",
  "audit.action.reward.archived": "A archivé une récompense",
  "audit.action.rule.saved": "A enregistré une façon de gagner",
  "audit.action.rule.deleted": "A supprimé une façon de gagner",
  "audit.action.campaign.saved": "A enregistré une campagne",
  "audit.action.campaign.deleted": "A supprimé une campagne",
  "audit.action.tiers.saved": "A enregistré les niveaux VIP",
  "audit.action.settings.saved": "A enregistré les réglages",
  "audit.action.retroactive.requested": "A demandé des points rétroactifs",
  "audit.action.import.applied": "A importé des soldes",
  // Counts with the language's plural rules ("1 jour", "2 jours").
  "earn.delay.hours": {
    one: "{count}\u00a0heure",
    other: "{count}\u00a0heures",
  },
  "earn.delay.days": { one: "{count}\u00a0jour", other: "{count}\u00a0jours" },
  "earn.points.timing.after_payment_delay": "{delay} après le paiement",
  "member.history.by": "Par {who}",
};
