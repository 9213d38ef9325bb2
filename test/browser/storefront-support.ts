import path from "node:path";

import { ROOT } from "./built-app";

export { launchChromium } from "./chromium";

/** Where browser tests leave screenshots for a person (and CI artifacts) to look at. */
export const ROOT_SCREENSHOTS = path.join(
  ROOT,
  "test-artifacts",
  "screenshots",
);
