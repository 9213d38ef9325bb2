import { type emailsEn } from "~/i18n/messages/emails-en";
import type { PluralMessage } from "~/i18n/messages/types";

/** La page E-mails, la page de désinscription et les e-mails dans les autres pages : les clés d’emails-en.ts. */
export const emailsFr: {
  [K in keyof typeof emailsEn]: (typeof emailsEn)[K] extends string
    ? string
    : PluralMessage;
} = {
  "nav.emails": "E-mails",
  "emails.title": "E-mails aux membres",
  "emails.subtitle":
    "Chaque e-mail part une seule fois par événement, dans la langue du membre, avec un lien de désinscription en un clic.",
  "emails.smtpMissing":
    "Aucun e-mail n’est envoyé : SMTP_URL n’est pas défini sur le serveur de l’app. Les e-mails sont enregistrés comme non envoyés en attendant.",
  "emails.kind.welcome": "Bienvenue",
  "emails.kind.welcome.help": "Quand un client rejoint le programme.",
  "emails.kind.points_earned": "Points gagnés",
  "emails.kind.points_earned.help":
    "Après une commande ou une autre façon de gagner des points (un seul e-mail récapitulatif pour les imports et les points rétroactifs).",
  "emails.kind.balance_adjusted": "Solde ajusté",
  "emails.kind.balance_adjusted.help":
    "Quand vous ajoutez ou retirez des points avec « Prévenir le client » coché.",
  "emails.kind.reward_unlocked": "Récompense débloquée",
  "emails.kind.reward_unlocked.help":
    "Quand le solde d’un membre atteint le coût d’une récompense.",
  "emails.kind.reward_redeemed": "Récompense échangée",
  "emails.kind.reward_redeemed.help":
    "Le code, sa valeur et sa date d’expiration, après un échange.",
  "emails.kind.expiring_soon": "Points bientôt expirés",
  "emails.kind.expiring_soon.help": "Avant que des points n’expirent.",
  "emails.kind.new_tier": "Nouveau niveau VIP",
  "emails.kind.new_tier.help":
    "Quand un membre atteint un niveau VIP supérieur.",
  "emails.value.freeShipping": "Livraison offerte",
  "emails.value.freeProduct": "Un produit offert",
  "emails.value.freeItems": {
    one: "{count}\u00a0article offert",
    other: "{count}\u00a0articles offerts",
  },
  "emails.value.itemsOff": {
    one: "{percentage} de réduction sur {count}\u00a0article",
    other: "{percentage} de réduction sur {count}\u00a0articles",
  },
  "emails.value.giftCard": "Une carte cadeau de {amount}",
  "emails.on": "Activé",
  "emails.off": "Désactivé",
  "emails.turnOn": "Activer",
  "emails.turnOff": "Désactiver",
  "emails.edit": "Modifier",
  "emails.edited": "Modifié",
  "emails.language": "Langue",
  "emails.language.en": "Anglais",
  "emails.language.fr": "Français",
  "emails.subject": "Objet",
  "emails.body": "Message",
  "emails.bodyHelp":
    "Texte brut avec des variables Liquid. Une ligne vide commence un paragraphe ; les adresses web deviennent des liens.",
  "emails.variables": "Variables",
  "emails.preview": "Aperçu avec des données d’exemple",
  "emails.save": "Enregistrer",
  "emails.saved": "E-mail enregistré.",
  "emails.restore": "Rétablir le texte par défaut",
  "emails.restored": "Texte par défaut rétabli.",
  "emails.test.address": "Envoyer un test à",
  "emails.test.send": "M’envoyer un test",
  "emails.test.sent": "E-mail de test envoyé à {email}.",
  "emails.test.failed": "L’e-mail de test n’a pas pu être envoyé : {error}",
  "emails.error.liquid": "Ce texte n’est pas du Liquid valide : {error}",
  "emails.error.subjectRequired": "Saisissez un objet.",
  "emails.error.bodyRequired": "Saisissez un message.",
  "emails.error.tooLong": "Ce texte est trop long.",
  "emails.error.email": "Saisissez une adresse e-mail valide.",
  "emails.error.locale": "Choisissez une langue.",
  "emails.settings.title": "Envoi",
  "emails.settings.fallbackLanguage":
    "Les membres dont Shopify ne connaît pas la langue, ou qui parlent une langue sans texte, reçoivent la langue principale de la boutique : {language} (puis l’anglais).",
  "emails.languages.primary": "{language} (langue principale de la boutique)",
  "emails.languages.fromShop": "Ajouter une des langues de la boutique",
  "emails.languages.choose": "Choisir…",
  "emails.languages.code": "Ou un code de langue",
  "emails.languages.codeHelp": "Deux ou trois lettres, par ex. de, es, it.",
  "emails.languages.add": "Ajouter",
  "emails.languages.invalid":
    "Saisissez un code de langue de deux ou trois lettres.",
  "emails.languages.remove": "Supprimer cette langue",
  "emails.settings.hourlyLimit": "E-mails par heure au maximum",
  "emails.settings.hourlyLimitHelp":
    "Protège votre compte e-mail pendant les imports : au-delà, les e-mails attendent l’heure suivante.",
  "emails.settings.save": "Enregistrer les réglages",
  "emails.settings.saved": "Réglages enregistrés.",
  "emails.recent": "E-mails récents",
  "emails.recent.empty": "Aucun e-mail pour l’instant.",
  "emails.status.queued": "En attente",
  "emails.status.claimed": "En cours d’envoi",
  "emails.status.sending": "En cours d’envoi",
  "emails.status.sent": "Envoyé",
  "emails.status.failed": "Échec",
  "emails.status.not_sent": "Non envoyé (pas de SMTP)",
  "emails.status.skipped": "Non envoyé",
  "emails.status.uncertain": "Peut-être envoyé",
  "emails.adjust.notify": "Prévenir le client",
  "emails.adjust.notifyHelp":
    "Envoie l’e-mail « Solde ajusté » avec votre description.",
  "member.emails.title": "E-mails de fidélité",
  "member.emails.subscribed": "Reçoit les e-mails de fidélité.",
  "member.emails.unsubscribed": "Désinscrit des e-mails de fidélité le {date}.",
  "unsubscribe.title": "E-mails de fidélité",
  "unsubscribe.question":
    "Ne plus recevoir les e-mails du programme de fidélité ?",
  "unsubscribe.confirm": "Me désinscrire",
  "unsubscribe.done":
    "Vous ne recevrez plus les e-mails du programme de fidélité.",
  "unsubscribe.invalid": "Ce lien de désinscription n’est pas valide.",
};
