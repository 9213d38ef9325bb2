/**
 * What a test harness started, undone in reverse order: every step runs even when an earlier one
 * fails, so one stuck browser never leaves a server behind.
 */
export class Teardown {
  private steps: (() => unknown)[] = [];

  add(step: () => unknown): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1)
      throw new AggregateError(errors, "several clean-up steps failed");
  }
}
