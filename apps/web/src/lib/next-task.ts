/**
 * Resolves in a later task (a macrotask, not a microtask), so the browser can paint and answer
 * input in between. For splitting start-up work that would otherwise be one long task on a phone.
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
