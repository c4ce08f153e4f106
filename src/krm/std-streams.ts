/**
 * stdin/stdout/stderr without Node's stream objects. Touching process.stdout on a pipe builds a
 * net.Socket (and loads net, stream and tty), which is a good part of a cold start for a program
 * that writes one string; a blocking write on the descriptor does the same job.
 */
import { fstatSync, writeSync } from 'node:fs';

/** True on a terminal. Only character devices can be one, so tty (and net) load only then. */
export function isTerminal(fd: number): boolean {
  let charDevice: boolean;
  try {
    charDevice = fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
  return charDevice && (require('node:tty') as typeof import('node:tty')).isatty(fd);
}

let streamWritePending = false;

/** True once a write went through Node's stream: the process must then not exit before it drains. */
export function hasStreamWrites(): boolean {
  return streamWritePending;
}

/**
 * Writes all of text to fd 1 or 2. A descriptor another process made non-blocking may refuse with
 * EAGAIN when the reader lags; the rest then goes through Node's stream, which waits for it.
 */
export function writeStream(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      streamWritePending = true;
      (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(done));
      return;
    }
  }
}
