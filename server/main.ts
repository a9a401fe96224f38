import { ConfigError, DEMO_API_KEY, loadConfig } from './config.ts';
import { createRoomServer } from './app.ts';
import { redisBackends } from './backends/redis/index.ts';
import { createLogger, loggableUrl } from './ops/index.ts';
import { helpText, staticDirs, versionText } from './cli.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(helpText());
  process.exit(0);
}
if (process.argv.includes('--version')) {
  process.stdout.write(versionText());
  process.exit(0);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`room-widgets: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
// The built widgets, and the demo page only when the demo is turned on (DEMO=1).
config.staticDirs = staticDirs(config.demo);
const logger = createLogger(config.logFormat, process.env.LOG_LEVEL ?? 'info');
const log = { info: (m: string) => logger.info(m), error: (m: string) => logger.error(m) };
// A Redis outage can reject promises deep inside socket.io's adapter; one room's delivery failing must not stop
// the process serving everyone else. It is logged, and node-redis reconnects.
process.on('unhandledRejection', (reason) =>
  log.error(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`),
);
if (config.redisUrl) log.info(`sharing rooms through redis at ${loggableUrl(config.redisUrl)}`);
const backends = config.redisUrl ? await redisBackends(config, log) : undefined;
const app = await createRoomServer(config, { logger, ...(backends ? { backends } : {}) });
const url = await app.listen();
const demo = config.apiKey === DEMO_API_KEY ? ' (demo API key: set ROOM_API_KEY and ROOM_API_SECRET for real use)' : '';
logger.info(`room server listening on ${url}${demo}${app.metricsPort ? `; metrics on port ${app.metricsPort}` : ''}`);

// SIGTERM and SIGINT drain (docs/operations.md); the process exits by itself within SHUTDOWN_GRACE_MS,
// with 0 when everything finished in time and 1 when the grace ran out. A second signal stops at once.
let stopping = false;
const graceMs = config.shutdownGraceMs;
function stop(signal: NodeJS.Signals) {
  if (stopping) {
    logger.warn({ signal }, 'second signal during shutdown: exiting now');
    process.exit(1);
  }
  stopping = true;
  const started = Date.now();
  logger.info({ signal, graceMs }, 'shutting down');
  setTimeout(() => {
    logger.error({ graceMs }, 'shutdown did not finish within the grace time: exiting');
    process.exit(1);
  }, graceMs).unref();
  app.shutdown().then(
    () => {
      logger.info({ ms: Date.now() - started }, 'stopped');
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
