/** The status program's name, and where its commands write. */

export const PROGRAM = 'metricpipeline-status';

/** Where the CLI writes; injectable so tests can run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};
