// Each line marked WRONG must fail to typecheck.
import type {} from 'room-widgets/jsx-preact';

export const plain = <room-notifications muted="loud" />; // WRONG: muted is a boolean
