import { useSearchParams } from "@remix-run/react";
import { useEffect } from "react";

/**
 * With `?adjust=add` (the Reports page's "Add points to this customer"), the member page scrolls
 * to the "Adjust points" card and puts the cursor in its points field.
 */
export function useFocusAdjustment() {
  const [params] = useSearchParams();
  const wanted = params.get("adjust") === "add";
  useEffect(() => {
    if (!wanted) return;
    const card = document.getElementById("adjust-points");
    card?.scrollIntoView({ block: "center" });
    card?.querySelector<HTMLInputElement>('input[name="points"]')?.focus();
  }, [wanted]);
}
