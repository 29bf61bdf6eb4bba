// Which IP family a string is written in: 4, 6, or 0 for neither (a host name). Not node:net's
// isIP: its IPv6 regular expression takes about 3.5 ms to compile on first use, which every probe
// paid for the default Felix host, `localhost` (BENCHMARKS.md). IPv6 literals are recognised by
// the URL parser (native code) after a check of their characters, IPv4 by isIPv4, whose expression is small. Zone indexes
// (`fe80::1%eth0`) are not addresses here.
import { isIPv4 } from 'node:net';

export function ipFamily(text: string): 0 | 4 | 6 {
  if (!text.includes(':')) return isIPv4(text) ? 4 : 0;
  // Only hex digits, colons and dots may reach the URL parser: `@`, `/`, `?` or `#` would make the
  // brackets part of some other URL component, and a zone (`%eth0`) is no address here.
  return /^[0-9a-fA-F:.]+$/.test(text) && URL.canParse(`http://[${text}]/`) ? 6 : 0;
}
