/** The resource pickers of the reward and ways-to-earn forms and uploaded reward images (ADR 0017), in English. */
export const pickersEn = {
  "picker.choose.product": "Choose products",
  "picker.choose.variant": "Choose a variant",
  "picker.choose.collection": "Choose collections",
  "picker.label.product": "Products or variants",
  "picker.label.collection": "Collections",
  "picker.none": "None chosen",
  "picker.remove": "Remove {title}",
  "picker.untitled": "Item {id}",
  "rewardImage.title": "Image",
  "rewardImage.help":
    "Shown with the reward on the storefront. PNG, JPEG or WebP up to 5 MB; the app resizes it to 800 px. It replaces the image address below.",
  "rewardImage.alt": "The reward’s image",
  "rewardImage.add": "Add image",
  "rewardImage.hint": "or drop an image to upload",
  "rewardImage.uploading": "Uploading…",
  "rewardImage.remove": "Remove image",
  "rewardImage.image_uploaded": "Image uploaded",
  "rewardImage.image_removed": "Image removed",
  "rewardImage.error.image_too_large": "This image is larger than 5 MB.",
  "rewardImage.error.image_not_image":
    "This file is not a PNG, JPEG or WebP image.",
  "rewardImage.error.unknown_reward": "This reward no longer exists.",
};
