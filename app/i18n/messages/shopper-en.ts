import type { Message } from "~/i18n/messages/types";

/**
 * What shoppers read on the public program page (app proxy) and in the storefront API's errors,
 * and the admin's "Program page" editor, in English. Spread into en.ts; shopper-fr.ts has exactly
 * these keys.
 */
export const shopperEn = {
  "nav.programPage": "Program page",

  "programPage.title": "Program page",
  "programPage.subtitle":
    "The public page that explains your program, at /apps/loyalty on your store, inside your theme.",
  "programPage.inactive":
    "Your program is off: shoppers who open the page read that the program is not available.",
  "programPage.appearance": "Appearance",
  "programPage.bannerUrl": "Banner image address",
  "programPage.bannerUrl.help":
    "An https:// image, shown at the top of the page. Leave empty for a plain coloured banner.",
  "programPage.accentColor": "Accent colour",
  "programPage.accentText": "Text on the accent colour",
  "programPage.texts": "Texts",
  "programPage.texts.help":
    "Leave a text empty to show the default, in the shopper’s language.",
  "programPage.headline": "Headline ({language})",
  "programPage.intro": "Introduction ({language})",
  "programPage.earnHeading": "“How to earn” heading ({language})",
  "programPage.language.en": "English",
  "programPage.language.fr": "French",
  "programPage.preview": "Preview",
  "programPage.preview.help":
    "As a guest sees it, without your theme’s header and footer.",
  "programPage.preview.language": "Preview language",
  "programPage.save": "Save",
  "programPage.saved": "Program page saved",
  "programPage.error.color": "Use a colour like #1f4d3a.",
  "programPage.error.url": "Use an https:// image address.",
  "programPage.error.tooLong": "This text is too long.",

  "shopper.page.defaultName": "Rewards program",
  "shopper.page.defaultHeadline": "Earn points, enjoy rewards",
  "shopper.page.defaultIntro":
    "Earn points every time you shop with us, then exchange them for rewards.",
  "shopper.page.defaultEarnHeading": "How to earn points",
  "shopper.page.unavailable.heading": "The rewards program is not available",
  "shopper.page.unavailable.body":
    "There is no rewards program in this shop at the moment.",
  "shopper.page.rewards.heading": "Rewards",
  "shopper.page.rewards.empty": "No rewards yet.",
  "shopper.page.rewards.redeemHint":
    "Redeem your points from the Rewards button on any page of the shop.",
  "shopper.page.tiers.heading": "Tiers",
  "shopper.page.tiers.fromPoints": "From {points} earned",
  "shopper.page.tiers.fromMoney": "From {amount} spent",
  "shopper.page.tiers.multiplier": "{multiplier}× {pointsName} on orders",
  "shopper.page.tiers.entryBonus": "{points} as a bonus on reaching it",
  "shopper.page.tiers.yours": "Your tier",
  "shopper.page.member.greeting": "Hello {name}",
  "shopper.page.member.welcome": "Welcome back",
  "shopper.page.member.balance": "Your balance",
  "shopper.page.member.pending": "{points} pending",
  "shopper.page.member.tier": "Tier: {tier}",
  "shopper.page.member.toNextPoints": "{points} more to reach {tier}",
  "shopper.page.member.toNextMoney": "{amount} more to spend to reach {tier}",
  "shopper.page.member.topTier": "You are in our highest tier.",
  "shopper.page.member.progress": "Progress to {tier}",
  "shopper.page.guest.intro":
    "Sign in or create an account to earn points and see your balance.",
  "shopper.page.guest.signIn": "Sign in",
  "shopper.page.guest.register": "Create an account",

  "shopper.reward.minimumSubtotal": "On orders of {amount} or more",
  "shopper.reward.validity": {
    one: "Valid {count} day after redeeming",
    other: "Valid {count} days after redeeming",
  },
  "shopper.reward.selectedItems": "On selected products",
  "shopper.reward.freeShipping": "Free shipping on your order",
  "shopper.reward.soldOut": "Sold out",
  "shopper.reward.locked": "For {tiers} members",
  "shopper.reward.sliderCost": "{min} to {max}",
  "shopper.reward.sliderValue": "{points} = {amount} off",

  // The order rate, read as a sentence: "2 points per dollar spent", "2 points per $10 spent".
  "shopper.earn.rateUnit": "{points} per {unit} spent",
  "shopper.earn.rateAmount": "{points} per {amount} spent",
  "shopper.earn.rateShort": "{amount} = {points}",
  "shopper.earn.follow": "Follow us on {network}",
  "shopper.earn.share": "Share on {network}",
  "shopper.earn.open.follow": "Follow on {network}",
  "shopper.earn.open.share": "Share on {network}",
  "shopper.earn.claim": "I did it: get my points",
  "shopper.earn.claimed": "Points received",
  "shopper.earn.honour": "On trust: we don’t check.",
  "shopper.earn.signIn": "Sign in to take part",
  "shopper.earn.birthday.label": "Your birthday",
  "shopper.earn.birthday.month": "Month",
  "shopper.earn.birthday.day": "Day",
  "shopper.earn.birthday.save": "Save my birthday",
  "shopper.earn.birthday.saved": "Your birthday: {date}",
  "shopper.earn.birthday.help":
    "Points on your birthday every year. You can give it once.",
  "shopper.earn.content.text": "Your text",
  "shopper.earn.content.url": "Link",
  "shopper.earn.content.photo_link": "Link to your photo",
  "shopper.earn.content.send": "Send",
  "shopper.earn.content.pending": "Pending review",
  "shopper.earn.content.approved": "Approved",
  "shopper.earn.content.rejected": "Rejected",
  "shopper.earn.content.message": "From the shop: {message}",
  "shopper.notice.birthday_saved": "Your birthday is saved.",
  "shopper.notice.social_claimed": "Thank you! Your points are added.",
  "shopper.notice.social_duplicate": "You already received these points.",
  "shopper.notice.content_sent": "Thank you! We will review it soon.",

  // Storefront API errors a shopper may read, beyond proxy.error.* in en.ts.
  "proxy.error.insufficient_points": "Not enough points for this reward.",
  "proxy.error.sold_out": "This reward is sold out.",
  "proxy.error.reward_limit_reached":
    "You have reached the limit for this reward.",
  "proxy.error.not_available": "This reward is not available.",
  "proxy.error.invalid_points":
    "This number of points is not valid for this reward.",
  "proxy.error.idempotency_key_reused":
    "This request was already sent with other details. Reload the page and try again.",
  "proxy.error.rate_limited": "Too many attempts. Wait a moment and try again.",
  "proxy.error.unknown_reward": "This reward does not exist.",
  "proxy.error.invalid_request":
    "Check what you entered: it could not be accepted.",
  "proxy.error.program_off": "The rewards program is not available.",
  "shopper.history.gift": "Gift: {name}",
  "shopper.history.pointsReturned": "Points returned: {name}",
  "shopper.social.followOn": "Follow us on {network}",
  "shopper.social.shareOn": "Share on {network}",
} satisfies Record<string, Message>;
