/**
 * The renderer's version, apart from the renderer itself: the publisher's change detection needs
 * it on the main thread, which must not load marked, DOMPurify and jsdom when workers render.
 * Bumped whenever rendering output can change for the same input (forces re-rendering).
 */
export const RENDER_VERSION = 1;
