/** The resource pickers of the reward and ways-to-earn forms (ADR 0017), in English. */
export const pickersEn = {
  "picker.choose.product": "Choose products",
  "picker.choose.variant": "Choose a variant",
  "picker.choose.collection": "Choose collections",
  "picker.label.product": "Products or variants",
  "picker.label.collection": "Collections",
  "picker.none": "None chosen",
  "picker.remove": "Remove {title}",
  "picker.untitled": "Item {id}",
};
