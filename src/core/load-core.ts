import { conversation, type ConversationCore } from './core-kinds.ts';

let loading: Promise<unknown> | undefined;

/** Loads the core once; a failed load is forgotten, so that the next message that needs it tries again. */
export function loadCore(): Promise<unknown> {
  return (loading ??= import('./conversation-core.ts').then(
    (core: ConversationCore) => (conversation.core = core),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  ));
}
