import { loadModule } from "../../../web-corpus-harness.mjs";

export async function check(modulePath) {
  const { generateApiKey } = loadModule(modulePath);
  const normal = /^sk_[A-Za-z0-9]{32}$/.test(generateApiKey()) && generateApiKey(8).length === 11;
  const real = Math.random;
  Math.random = () => 0.5;
  let attackBlocked;
  try {
    attackBlocked = generateApiKey() !== generateApiKey();
  } finally {
    Math.random = real;
  }
  return { normal, attackBlocked };
}
