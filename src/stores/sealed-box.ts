// The libsodium sealed box GitHub requires for Actions secrets (crypto_box_seal with the repository's or
// environment's X25519 public key, standard base64 in and out), from libsodium-wrappers as GitHub's own
// documentation does it. Loaded on first use: only `--to github` pays for the library's start-up.
import { StoreError } from './store-error';

type Sodium = typeof import('libsodium-wrappers');

let sodium: Promise<Sodium> | undefined;

async function loadSodium(): Promise<Sodium> {
  sodium ??= (async () => {
    const lib = (await import('libsodium-wrappers')).default;
    await lib.ready;
    return lib;
  })();
  return sodium;
}

/** Seals `value` (UTF-8) for the holder of `publicKeyBase64`; returns the sealed box, base64. */
export async function sealForGitHub(value: string, publicKeyBase64: string): Promise<string> {
  const lib = await loadSodium();
  let key: Uint8Array;
  try {
    key = lib.from_base64(publicKeyBase64, lib.base64_variants.ORIGINAL);
  } catch {
    key = new Uint8Array();
  }
  if (key.length !== lib.crypto_box_PUBLICKEYBYTES) {
    throw new StoreError('STORE_BAD_RESPONSE', `GitHub's secrets public key is not a ${lib.crypto_box_PUBLICKEYBYTES}-byte base64 key; nothing was encrypted or sent.`, { store: 'github' });
  }
  return lib.to_base64(lib.crypto_box_seal(lib.from_string(value), key), lib.base64_variants.ORIGINAL);
}
