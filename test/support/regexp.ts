/** `text` as a regular expression that matches it literally (paths and URLs in messages). */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
