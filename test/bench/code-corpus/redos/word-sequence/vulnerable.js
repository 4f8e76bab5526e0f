export const TITLE = /^(\w+\s?)+$/;

export function isTitle(text) {
  return TITLE.test(text);
}
