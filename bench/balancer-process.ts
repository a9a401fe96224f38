// The rolling-restart balancer (test/tcp-balancer.js) in a process of its own, as a real one would be: every
// WebSocket frame and API call passes through it, and it must not share an event loop with the load driver.
import { fork } from 'node:child_process';
import { startBalancer } from '../test/tcp-balancer.js';

type Command = { type: 'start' | 'set'; ports: number[] };

if (process.send && process.argv.includes('--balancer-child')) {
  let lb: Awaited<ReturnType<typeof startBalancer>> | undefined;
  process.on('message', async ({ type, ports }: Command) => {
    if (type === 'start') lb = await startBalancer(ports);
    else await lb!.setBackends(ports);
    process.send!({ url: lb!.url });
  });
  process.on('disconnect', () => process.exit(0));
}

/** Starts the balancer process; `setBackends` resolves once it has probed the new list. */
export async function balancerProcess(ports: number[]) {
  const child = fork(new URL(import.meta.url), ['--balancer-child'], { execArgv: ['--import', 'tsx'] });
  const ask = (command: Command) =>
    new Promise<{ url: string }>((resolve) => {
      child.once('message', (m) => resolve(m as { url: string }));
      child.send(command);
    });
  const { url } = await ask({ type: 'start', ports });
  return {
    url,
    setBackends: async (list: number[]) => void (await ask({ type: 'set', ports: list })),
    close: () => void (child.exitCode === null && child.kill('SIGTERM')),
  };
}
