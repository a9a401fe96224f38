import type { ReactiveControllerHost } from 'lit';
import type { RoomClient } from '../../core/client.ts';
import type { FileLink } from '../../core/file-transfer.ts';
import type { FileAttachment } from '../../core/public-types.ts';

/**
 * Signed download links by file id, for what cannot send the token (`<img>`, a plain link): fetched when first
 * shown or near their expiry, and the chat re-rendered when one arrives.
 */
export class FileLinks {
  readonly #links = new Map<string, FileLink>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => RoomClient | null | undefined,
  ) {}

  /** The file's link, or undefined until it arrives. */
  get(f: FileAttachment): string | undefined {
    const known = this.#links.get(f.id);
    if (known && known.expiresAt > Date.now() + 30_000) return known.url;
    this.client()
      ?.fileLink(f)
      .then(
        (link) => {
          if (link === this.#links.get(f.id)) return;
          this.#links.set(f.id, link);
          this.host.requestUpdate();
        },
        () => {},
      );
    return known?.url;
  }
}
