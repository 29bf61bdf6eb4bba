// Runs calico-probe where every DNS query goes unanswered, and prints runCli's result as JSON.
// Meant to run as root inside `unshare --net --mount` (see felix.test.ts): it brings up that
// namespace's loopback, points /etc/resolv.conf (a private bind mount) at 127.0.0.1, and holds
// UDP and TCP port 53 there without ever answering.
//   node test/faults/dns-blackhole.ts <resolv.conf> <calico-probe args…>
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { runCli } from './run-cli.ts';

const [resolvConf, ...args] = process.argv.slice(2);
execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('mount', ['--bind', resolvConf as string, '/etc/resolv.conf']);
const udp = createSocket('udp4');
udp.bind(53, '127.0.0.1');
await once(udp, 'listening');
const tcp = createServer((socket) => socket.on('error', () => {})).listen(53, '127.0.0.1');
await once(tcp, 'listening');
const run = await runCli(args, { env: process.env }); // FELIX_HEALTHHOST and the fault-run marker pass through
udp.close();
tcp.close();
process.stdout.write(JSON.stringify(run));
