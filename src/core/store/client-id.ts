/** A client id for one write; `randomUUID` needs a secure context, `getRandomValues` does not. */
export const newClientId = (): string =>
  crypto.randomUUID?.() ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16)).join('-');
