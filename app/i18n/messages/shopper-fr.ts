import type { PluralMessage } from "~/i18n/messages/types";
import { type shopperEn } from "~/i18n/messages/shopper-en";

type ShopperMessages = {
  [K in keyof typeof shopperEn]: (typeof shopperEn)[K] extends string
    ? string
    : PluralMessage;
};

/** La page publique du programme, les erreurs de la vitrine et l’éditeur « Page du programme » : exactement les clés de shopper-en.ts. */
export const shopperFr: ShopperMessages = {
  "nav.programPage": "Page du programme",

  "programPage.title": "Page du programme",
  "programPage.subtitle":
    "La page publique qui présente votre programme, à l’adresse /apps/loyalty de votre boutique, dans votre thème.",
  "programPage.inactive":
    "Votre programme est désactivé : les clients qui ouvrent la page lisent que le programme n’est pas disponible.",
  "programPage.appearance": "Apparence",
  "programPage.bannerUrl": "Adresse de l’image de bannière",
  "programPage.bannerUrl.help":
    "Une image en https://, affichée en haut de la page. Laissez vide pour une bannière de couleur unie.",
  "programPage.accentColor": "Couleur d’accent",
  "programPage.accentText": "Texte sur la couleur d’accent",
  "programPage.texts": "Textes",
  "programPage.texts.help":
    "Laissez un texte vide pour afficher celui par défaut, dans la langue du client.",
  "programPage.headline": "Titre ({language})",
  "programPage.intro": "Texte d’introduction ({language})",
  "programPage.earnHeading": "Titre « Comment gagner » ({language})",
  "programPage.language.en": "anglais",
  "programPage.language.fr": "français",
  "programPage.preview": "Aperçu",
  "programPage.preview.help":
    "Telle qu’un visiteur la voit, sans l’en-tête ni le pied de page de votre thème.",
  "programPage.preview.language": "Langue de l’aperçu",
  "programPage.save": "Enregistrer",
  "programPage.saved": "Page du programme enregistrée",
  "programPage.error.color": "Indiquez une couleur comme #1f4d3a.",
  "programPage.error.url": "Indiquez une adresse d’image en https://.",
  "programPage.error.tooLong": "Ce texte est trop long.",

  "shopper.page.defaultName": "Programme de fidélité",
  "shopper.page.defaultHeadline": "Cumulez des points, profitez de récompenses",
  "shopper.page.defaultIntro":
    "Gagnez des points à chaque achat chez nous, puis échangez-les contre des récompenses.",
  "shopper.page.defaultEarnHeading": "Comment gagner des points",
  "shopper.page.unavailable.heading":
    "Le programme de fidélité n’est pas disponible",
  "shopper.page.unavailable.body":
    "Cette boutique n’a pas de programme de fidélité pour le moment.",
  "shopper.page.rewards.heading": "Récompenses",
  "shopper.page.rewards.empty": "Aucune récompense pour le moment.",
  "shopper.page.rewards.redeemHint":
    "Échangez vos points depuis le bouton Récompenses, sur toutes les pages de la boutique.",
  "shopper.page.tiers.heading": "Niveaux",
  "shopper.page.tiers.fromPoints": "À partir de {points}",
  "shopper.page.tiers.fromMoney": "À partir de {amount} d’achats",
  "shopper.page.tiers.multiplier": "Commandes : {pointsName} ×{multiplier}",
  "shopper.page.tiers.entryBonus": "{points} en bonus en y accédant",
  "shopper.page.tiers.yours": "Votre niveau",
  "shopper.page.member.greeting": "Bonjour {name}",
  "shopper.page.member.welcome": "Bon retour parmi nous",
  "shopper.page.member.balance": "Votre solde",
  "shopper.page.member.pending": "{points} en attente",
  "shopper.page.member.tier": "Niveau : {tier}",
  "shopper.page.member.toNextPoints": "Encore {points} pour atteindre {tier}",
  "shopper.page.member.toNextMoney":
    "Encore {amount} d’achats pour atteindre {tier}",
  "shopper.page.member.topTier": "Vous êtes à notre plus haut niveau.",
  "shopper.page.member.progress": "Progression vers {tier}",
  "shopper.page.guest.intro":
    "Connectez-vous ou créez un compte pour gagner des points et voir votre solde.",
  "shopper.page.guest.signIn": "Se connecter",
  "shopper.page.guest.register": "Créer un compte",

  "shopper.reward.minimumSubtotal": "Dès {amount} d’achat",
  "shopper.reward.validity": {
    one: "Valable {count} jour après l’échange",
    other: "Valable {count} jours après l’échange",
  },
  "shopper.reward.selectedItems": "Sur une sélection de produits",
  "shopper.reward.freeShipping": "Livraison offerte sur votre commande",
  "shopper.reward.soldOut": "Épuisée",
  "shopper.reward.locked": "Réservée aux membres {tiers}",
  "shopper.reward.sliderCost": "De {min} à {max}",
  "shopper.reward.sliderValue": "{points} = {amount} de réduction",

  "shopper.earn.rateUnit": "{points} par {unit} dépensé",
  "shopper.earn.rateAmount": "{points} par tranche de {amount} d’achat",
  "shopper.earn.rateShort": "{amount} = {points}",
  "shopper.earn.follow": "Suivez-nous sur {network}",
  "shopper.earn.share": "Partagez sur {network}",
  "shopper.earn.open.follow": "Suivre sur {network}",
  "shopper.earn.open.share": "Partager sur {network}",
  "shopper.earn.claim": "C’est fait : recevoir mes points",
  "shopper.earn.claimed": "Points reçus",
  "shopper.earn.honour": "Sur l’honneur : nous ne vérifions pas.",
  "shopper.earn.signIn": "Connectez-vous pour participer",
  "shopper.earn.birthday.label": "Votre anniversaire",
  "shopper.earn.birthday.month": "Mois",
  "shopper.earn.birthday.day": "Jour",
  "shopper.earn.birthday.save": "Enregistrer mon anniversaire",
  "shopper.earn.birthday.saved": "Votre anniversaire : {date}",
  "shopper.earn.birthday.help":
    "Des points à votre anniversaire, chaque année. Vous pouvez l’indiquer une fois.",
  "shopper.earn.content.text": "Votre texte",
  "shopper.earn.content.url": "Lien",
  "shopper.earn.content.photo_link": "Lien vers votre photo",
  "shopper.earn.content.send": "Envoyer",
  "shopper.earn.content.pending": "En attente",
  "shopper.earn.content.approved": "Approuvée",
  "shopper.earn.content.rejected": "Refusée",
  "shopper.earn.content.message": "Message de la boutique : {message}",
  "shopper.notice.birthday_saved": "Votre anniversaire est enregistré.",
  "shopper.notice.social_claimed": "Merci ! Vos points sont ajoutés.",
  "shopper.notice.social_duplicate": "Vous avez déjà reçu ces points.",
  "shopper.notice.content_sent": "Merci ! Nous la vérifierons bientôt.",

  "proxy.error.insufficient_points":
    "Vous n’avez pas assez de points pour cette récompense.",
  "proxy.error.sold_out": "Cette récompense est épuisée.",
  "proxy.error.reward_limit_reached":
    "Vous avez atteint la limite pour cette récompense.",
  "proxy.error.not_available": "Cette récompense n’est pas disponible.",
  "proxy.error.invalid_points":
    "Ce nombre de points n’est pas valable pour cette récompense.",
  "proxy.error.idempotency_key_reused":
    "Cette demande a déjà été envoyée avec d’autres informations. Rechargez la page et réessayez.",
  "proxy.error.rate_limited":
    "Trop de tentatives. Patientez un instant puis réessayez.",
  "proxy.error.unknown_reward": "Cette récompense n’existe pas.",
  "proxy.error.invalid_request":
    "Vérifiez votre saisie : elle n’a pas pu être acceptée.",
  "proxy.error.program_off": "Le programme de fidélité n’est pas disponible.",
  "shopper.history.gift": "Cadeau : {name}",
  "shopper.history.pointsReturned": "Points rendus : {name}",
  "shopper.social.followOn": "Suivez-nous sur {network}",
  "shopper.social.shareOn": "Partagez sur {network}",
};
