export function highlightMentions(text: string, username: string): string {
  const mention = new RegExp(`@${username}\\b`, "g");
  return text.replace(mention, (m) => `<b>${m}</b>`);
}
