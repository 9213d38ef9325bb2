import { Modal, Text } from "@shopify/polaris";
import { useState, type ReactNode } from "react";

import { useTranslation } from "~/i18n/use-translation";

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  /** A deletion or a debit: the confirm button is red. */
  destructive?: boolean;
  onConfirm: () => void;
}

/**
 * A Polaris confirmation dialog in place of the browser's `confirm()`, which speaks the browser's
 * language and blocks the admin's frame. `ask` opens it; `modal` goes anywhere in the page.
 */
export function useConfirmation(): {
  ask: (request: ConfirmRequest) => void;
  modal: ReactNode;
} {
  const { t } = useTranslation();
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const close = () => setRequest(null);
  const modal = (
    <Modal
      open={request !== null}
      onClose={close}
      title={request?.title ?? ""}
      primaryAction={{
        content: request?.confirmLabel ?? "",
        destructive: request?.destructive ?? true,
        onAction: () => {
          request?.onConfirm();
          close();
        },
      }}
      secondaryActions={[{ content: t("confirm.cancel"), onAction: close }]}
    >
      <Modal.Section>
        <Text as="p">{request?.body ?? ""}</Text>
      </Modal.Section>
    </Modal>
  );
  return { ask: setRequest, modal };
}
