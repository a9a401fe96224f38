#!/usr/bin/env node
// `room-widgets-server`: the server is TypeScript run as it is; tsx's loader is registered here so the bin works
// from any directory without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
