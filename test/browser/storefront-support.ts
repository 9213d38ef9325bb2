import path from "node:path";

import { ROOT } from "./built-app";

export { launchChromium } from "./app-bridge-stand-in";

/** Where browser tests leave screenshots for a person (and CI artifacts) to look at. */
export const ROOT_SCREENSHOTS = path.join(ROOT, "data", "screenshots");
