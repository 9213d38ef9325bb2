import type { Message } from "~/i18n/messages/types";

/**
 * The rewards pages, code lists and the member page's "Add a reward" and "Adjust points", in English.
 * Spread into en.ts; rewards-fr.ts has exactly these keys. Field validation messages come from
 * reward-errors-en.ts (the codes of app/loyalty/rewards.ts `REWARD_ERROR_KEYS`).
 */
export const rewardsEn = {
  "nav.rewards": "Rewards",

  "rewards.title": "Rewards",
  "rewards.create": "Create reward",
  "rewards.resource.singular": "reward",
  "rewards.resource.plural": "rewards",
  "rewards.column.name": "Reward",
  "rewards.column.type": "Type",
  "rewards.column.cost": "Cost",
  "rewards.column.stock": "Remaining",
  "rewards.column.status": "Status",
  "rewards.column.redemptions": "Redemptions",
  "rewards.cost.slider": "{points} per {value}",
  "rewards.stock.unlimited": "Unlimited",
  "rewards.stock.soldOut": "Sold out",
  "rewards.stock.remaining": "{remaining} of {total}",
  "rewards.status.active": "Active",
  "rewards.status.inactive": "Inactive",
  "rewards.status.archived": "Archived",
  "rewards.empty.heading": "No rewards yet",
  "rewards.empty.body":
    "Create the first reward your customers can exchange their points for.",
  "rewards.showArchived": "Show archived rewards",
  "rewards.hideArchived": "Hide archived rewards",
  "rewards.untitled": "Untitled reward",

  "reward.type.percentage_off": "Percentage off the order",
  "reward.type.fixed_amount_off": "Fixed amount off the order",
  "reward.type.free_shipping": "Free shipping",
  "reward.type.free_product": "Free product",
  "reward.type.buy_x_get_y": "Buy X get Y",
  "reward.type.gift_card": "Gift card",
  "reward.type.code_pool": "Code from an imported list",
  "reward.type.points_slider": "Points slider (variable discount)",

  "rewardForm.newTitle": "New reward",
  "rewardForm.editTitle": "Edit reward",
  "rewardForm.save": "Save",
  "rewardForm.saved": "Reward saved",
  "rewardForm.errorsBanner":
    "The reward was not saved. Correct the fields marked below.",
  "rewardForm.type.title": "Reward type",
  "rewardForm.type.label": "Type",
  "rewardForm.type.locked":
    "The type can’t be changed once the reward exists. Create another reward instead.",
  "rewardForm.shopper.title": "What customers see",
  "rewardForm.shopper.help":
    "Fill in at least one language; customers browsing in the other language see it as a fallback.",
  "rewardForm.nameEn": "Name (English)",
  "rewardForm.nameFr": "Name (French)",
  "rewardForm.descriptionEn": "Description (English)",
  "rewardForm.descriptionFr": "Description (French)",
  "rewardForm.imageEn": "Image URL (English)",
  "rewardForm.imageFr": "Image URL (French)",
  "rewardForm.imageHelp":
    "An https:// address, for example from Content › Files in your Shopify admin.",
  "rewardForm.value.title": "Value",
  "rewardForm.pointsCost": "Points cost",
  "rewardForm.percentage": "Discount percentage",
  "rewardForm.amount": "Discount amount",
  "rewardForm.giftCardAmount": "Gift card value",
  "rewardForm.maxShippingRate": "Maximum shipping rate",
  "rewardForm.maxShippingRateHelp":
    "Only shipping rates up to this price become free. Leave empty for any rate.",
  "rewardForm.productId": "Product",
  "rewardForm.variantId": "Variant (optional)",
  "rewardForm.idHelp":
    "Product ID, gid://shopify/… ID or the product’s admin URL.",
  "rewardForm.maxDiscountAmount":
    "Maximum discount (usually the product’s price)",
  "rewardForm.maxDiscountAmountHelp":
    "Without it, a customer who adds several units gets them all free.",
  "rewardForm.buys.title": "Customer buys",
  "rewardForm.gets.title": "Customer gets",
  "rewardForm.itemsKind": "Items",
  "rewardForm.itemsKind.products": "Specific products or variants",
  "rewardForm.itemsKind.collections": "Specific collections",
  "rewardForm.ids": "IDs",
  "rewardForm.idsHelp":
    "One per line: an ID, a gid://shopify/… ID or an admin URL.",
  "rewardForm.buysQuantity": "Minimum quantity",
  "rewardForm.buysAmount": "Or minimum amount",
  "rewardForm.getsQuantity": "Quantity",
  "rewardForm.getsPercentage": "Discount on these items (%)",
  "rewardForm.getsPercentageHelp": "100 makes them free.",
  "rewardForm.usesPerOrderLimit": "Maximum uses per order",
  "rewardForm.poolHelp":
    "Each redemption gives one code from the lists you import on the reward’s codes page.",
  "rewardForm.pointsStep": "Points per step",
  "rewardForm.valuePerStep": "Discount per step",
  "rewardForm.minPoints": "Minimum points",
  "rewardForm.maxPoints": "Maximum points",
  "rewardForm.sliderHelp":
    "Customers choose how many points to spend, in steps, between the minimum and the maximum.",
  "rewardForm.appliesTo.title": "Applies to",
  "rewardForm.appliesTo.all": "Whole order",
  "rewardForm.appliesTo.products": "Specific products or variants",
  "rewardForm.appliesTo.collections": "Specific collections",
  "rewardForm.conditions.title": "Conditions",
  "rewardForm.minimumSubtotal": "Minimum order subtotal",
  "rewardForm.minimumSubtotalHelp": "Leave empty for no minimum.",
  "rewardForm.combinesWith": "Combines with",
  "rewardForm.combinesOrder": "Other order discounts",
  "rewardForm.combinesProduct": "Product discounts",
  "rewardForm.combinesShipping": "Shipping discounts",
  "rewardForm.codes.title": "Codes and limits",
  "rewardForm.codeValidityDays": "Code valid for (days)",
  "rewardForm.codeValidityDaysHelp":
    "Leave empty: the code stays valid until it is used.",
  "rewardForm.refundPointsOnExpiry":
    "Give the points back when a code expires unused",
  "rewardForm.limitPerCustomer": "Limit per customer",
  "rewardForm.limitPerCustomerHelp": "Leave empty for no limit.",
  "rewardForm.stock": "Stock",
  "rewardForm.stockHelp":
    "How many times this reward can be redeemed in total. Leave empty for unlimited.",
  "rewardForm.tiers.title": "VIP tiers",
  "rewardForm.tiers.none":
    "You have no VIP tiers yet: every member can see this reward.",
  "rewardForm.tiers.visibility": "Who can see this reward",
  "rewardForm.tiers.everyone": "Every member",
  "rewardForm.tiers.some": "Only members of the tiers below",
  "rewardForm.tiers.visible": "Members of {tier} can see it",
  "rewardForm.tiers.cost": "Points cost for {tier}",
  "rewardForm.tiers.costHelp": "Leave empty to use the default cost.",
  "rewardForm.active": "Active: customers can redeem this reward",

  "rewardPage.archive": "Archive",
  "rewardPage.archiveConfirm":
    "Archive this reward? Customers will no longer see it. Codes already given stay valid.",
  "rewardPage.delete": "Delete",
  "rewardPage.deleteConfirm": "Delete this reward? This can’t be undone.",
  "rewardPage.restore": "Restore",
  "rewardPage.archivedBanner":
    "This reward is archived: customers can’t see it. Restore it to offer it again.",
  "rewardPage.snapshotNote":
    "Changes apply to future redemptions only. Codes already given keep their original terms.",
  "rewardPage.codes": "Manage codes",
  "rewardPage.notFound.heading": "Reward not found",
  "rewardPage.notFound.body": "This reward doesn’t exist or has been deleted.",

  "codes.title": "Codes for {reward}",
  "codes.soldOut":
    "No unused code left: customers see this reward as sold out until you import more.",
  "codes.upload.title": "Import codes",
  "codes.upload.help":
    "CSV or text files with one code per line. A header line, blank lines, quotes and trailing separators are ignored. If a file has any error, none of its codes are imported: fix the lines listed and import it again.",
  "codes.upload.label": "Files",
  "codes.upload.submit": "Import",
  "codes.upload.noFile": "Choose at least one file.",
  "codes.upload.imported": {
    one: "{count} code imported from {file}.",
    other: "{count} codes imported from {file}.",
  },
  "codes.upload.rejected":
    "{file}: nothing imported. Correct these lines and import the file again:",
  "codes.upload.tooLarge": "{file} is larger than 5 MB.",
  "codes.upload.empty": "{file} has no code in it.",
  "codes.error.duplicate_in_file":
    "Line {line}: {code} already appears on line {firstLine}.",
  "codes.error.already_imported":
    "Line {line}: {code} is already in your code lists.",
  "codes.error.too_long":
    "Line {line}: the code is longer than 255 characters.",
  "codes.error.contains_space": "Line {line}: {code} contains a space.",
  "codes.error.control_character":
    "Line {line}: the code contains an invisible character.",
  "codes.error.several_values": "Line {line}: more than one value on the line.",
  "codes.error.unclosed_quote":
    "Line {line}: a quote is opened and never closed.",
  "codes.error.more": {
    one: "…and {count} more line.",
    other: "…and {count} more lines.",
  },
  "codes.files.title": "Imported files",
  "codes.files.empty": "No file imported yet.",
  "codes.files.column.file": "File",
  "codes.files.column.imported": "Imported",
  "codes.files.column.total": "Total",
  "codes.files.column.assigned": "Given",
  "codes.files.column.remaining": "Left",
  "codes.files.resource.singular": "file",
  "codes.files.resource.plural": "files",
  "codes.deleteFile": "Delete unused codes",
  "codes.deleteFileConfirm":
    "Delete the unused codes of {file}? Codes already given to customers are kept.",
  "codes.deleteAll": "Delete all unused codes",
  "codes.deleteAllConfirm":
    "Delete every unused code of this reward? Codes already given to customers are kept.",
  "codes.deleted": {
    one: "{count} unused code deleted.",
    other: "{count} unused codes deleted.",
  },
  "codes.notPool": "This reward doesn’t use imported codes.",

  "member.adjust.title": "Adjust points",
  "member.adjust.direction": "Change",
  "member.adjust.add": "Add points",
  "member.adjust.deduct": "Deduct points",
  "member.adjust.points": "Points",
  "member.adjust.description": "Reason",
  "member.adjust.descriptionHelp":
    "The customer sees this reason in their account.",
  "member.adjust.submit": "Adjust",
  "member.adjust.deductConfirm": "Deduct {points} from this member?",
  "member.adjust.done": "Balance updated.",
  "member.adjust.insufficient":
    "The member has only {balance}: a deduction can’t take the balance below zero.",
  "adjustment.points.invalid": "Enter a whole number of points, at least 1.",
  "adjustment.description.required": "Enter a reason the customer will see.",
  "adjustment.description.tooLong":
    "The reason is too long (255 characters at most).",
  "adjustment.direction.invalid": "Choose whether to add or deduct points.",
  "adjustment.key.invalid":
    "This form has expired. Reload the page and try again.",

  "member.gift.title": "Add a reward",
  "member.gift.help":
    "A reward given here costs the member no points and sends no “reward unlocked” email.",
  "member.gift.reward": "Reward",
  "member.gift.choose": "Choose a reward",
  "member.gift.submit": "Give reward",
  "member.gift.oneOff": "Create a one-off reward",
  "member.gift.none": "You have no active reward yet.",
  "member.gift.done": "Reward given. The code is being created at Shopify.",
  "member.gift.failed": "The reward could not be given: {reason}",
  "member.gift.unknownReward": "Choose one of your rewards.",
  "member.gift.pageTitle": "One-off reward for {member}",
  "member.gift.pageHelp":
    "This reward is given to this member only; it never appears in your rewards list.",
  "member.rewards.title": "Rewards",
  "member.rewards.empty": "No reward redeemed or given yet.",
  "member.rewards.gift": "Gift",
  "member.rewards.redeemed": "Redeemed",
  "member.rewards.code": "Code {code}",
  "member.rewards.status.pending": "Code being created",
  "member.rewards.status.active": "Ready to use",
  "member.rewards.status.used": "Used",
  "member.rewards.status.expired": "Expired",
  "member.rewards.status.cancelled": "Cancelled",
  "member.rewards.points": "{points} spent",
  "member.gift.failure.unknown_reward": "this reward is no longer available.",
  "member.gift.failure.sold_out": "this reward is sold out.",
  "member.gift.failure.invalid": "this reward is not valid.",
  "member.gift.failure.invalid_amount":
    "choose between {min} and {max} points, in steps of {step}.",
  "member.gift.points": "Points the gift is worth",
  "member.gift.pointsHelpOneOff":
    "Between the slider's minimum and maximum, in whole steps. The member keeps their points.",
  "member.gift.pointsHelp":
    "Between {min} and {max} points, in steps of {step}. The member keeps their points.",
} satisfies Record<string, Message>;
