import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { ConfigError, DEMO_API_KEY, loadConfig } from './config.ts';
import { createRoomServer } from './app.ts';
import { redisBackends } from './redis.ts';

try {
  const config = loadConfig();
  // The built widgets (dist/), and the demo page only when the demo is turned on (DEMO=1).
  const dirs = config.demo ? ['../dist', '../demo'] : ['../dist'];
  config.staticDirs = dirs.map((d) => fileURLToPath(new URL(d, import.meta.url))).filter((d) => existsSync(d));
  const log = { info: (m: string) => console.log(`room-widgets: ${m}`), error: (m: string) => console.error(`room-widgets: ${m}`) };
  // A Redis outage can reject promises deep inside socket.io's adapter; one room's delivery failing must not stop
  // the process serving everyone else. It is logged, and node-redis reconnects.
  process.on('unhandledRejection', (reason) => log.error(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`));
  if (config.redisUrl) log.info(`sharing rooms through redis at ${config.redisUrl}`);
  const backends = config.redisUrl ? await redisBackends(config, log) : undefined;
  const app = await createRoomServer(config, backends ? { backends } : {});
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
