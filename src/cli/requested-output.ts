/**
 * The --output an argv asks for, read without commander, so that a usage error can still be
 * reported the way the caller reads results (Nagios reads only stdout). The last one wins, as
 * in commander.
 */
export function requestedOutput(argv: readonly string[]): string | undefined {
  let output: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === '-o' || arg === '--output') output = argv[++i];
    else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
    else if (/^-o[^-]/.test(arg)) output = arg.slice(2);
  }
  return output;
}
