const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function generateApiKey(length = 32): string {
  let key = "sk_";
  for (let i = 0; i < length; i++) {
    key += ALPHABET.charAt(Math.floor(Math.random() * ALPHABET.length));
  }
  return key;
}
