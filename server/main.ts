import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { ConfigError, DEMO_API_KEY, loadConfig } from './config.ts';
import { createRoomServer } from './app.ts';

try {
  const config = loadConfig();
  // The built widgets (dist/) and the demo page, when present.
  config.staticDirs = ['../dist', '../demo'].map((d) => fileURLToPath(new URL(d, import.meta.url))).filter((d) => existsSync(d));
  const app = await createRoomServer(config);
  const url = await app.listen();
  const demo = config.apiKey === DEMO_API_KEY ? ' (demo API key: set ROOM_API_KEY and ROOM_API_SECRET for real use)' : '';
  app.http.log.info(`room server listening on ${url}${demo}`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`room-widgets: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
