// Which IP family a string is written in: 4, 6, or 0 for neither (a host name). Not node:net's
// isIP: its IPv6 regular expression takes about 3.5 ms to compile on first use, which every probe
// paid for the default Felix host, `localhost` (BENCHMARKS.md). IPv6 literals are recognised by
// the URL parser (native code), IPv4 by isIPv4, whose expression is small. Zone indexes
// (`fe80::1%eth0`) are not addresses here.
import { isIPv4 } from 'node:net';

const IPV6_CHARS = /^[0-9A-Fa-f:.]+$/;

export function ipFamily(text: string): 0 | 4 | 6 {
  if (!text.includes(':')) return isIPv4(text) ? 4 : 0;
  // Only hex digits, colons and dots: anything else (`@`, a backslash, `/`) would reach the URL parser as
  // userinfo or a path and be "parsed" without being an address.
  return IPV6_CHARS.test(text) && URL.canParse(`http://[${text}]/`) ? 6 : 0;
}
