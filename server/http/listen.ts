import type { Server } from 'node:http';
import { StartupError } from '../startup-error.ts';

/** PORT or HOST cannot be listened on; the message names the setting and what to do. */
export class ListenError extends StartupError {
  override name = 'ListenError';
}

function explain(err: NodeJS.ErrnoException, port: number, host: string): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return `PORT ${port} on HOST ${host} is already in use by another program: stop it, or set PORT to a free port`;
    case 'EACCES':
      return `PORT ${port} needs privileges this user does not have (ports below 1024 usually do): set PORT to 1024 or above`;
    case 'EADDRNOTAVAIL':
      return `HOST ${host} is not an address of this machine: set HOST to one of its addresses, or to 0.0.0.0 for all of them`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `HOST ${host} does not resolve to an address (${err.code}): set HOST to an IP address of this machine, or to 0.0.0.0`;
    default:
      return `cannot listen on HOST ${host} PORT ${port} (${err.code ?? err.message}): check both settings`;
  }
}

/** Starts listening; a refusal (port taken, host not ours) is a ListenError instead of an uncaught 'error'. */
export function listen(http: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => reject(new ListenError(explain(err, port, host)));
    http.once('error', fail);
    http.listen(port, host, () => {
      http.off('error', fail);
      resolve();
    });
  });
}
