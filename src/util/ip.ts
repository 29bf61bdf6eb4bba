// Which IP family a string is written in: 4, 6, or 0 for neither (a host name). Not node:net's
// isIP: its IPv6 regular expression takes about 3.5 ms to compile on first use, which every probe
// paid for the default Felix host, `localhost` (BENCHMARKS.md). IPv4 is read by hand (it runs for
// every peer: util/text.ts says why), as node:net's isIPv4 reads it: four decimal octets, 0–255,
// no leading zeros. IPv6 literals are recognised by the URL parser (native code) after a check of
// their characters. Zone indexes (`fe80::1%eth0`) are not addresses here.
import { isDigit, isDigits } from './text.ts';

export function ipFamily(text: string): 0 | 4 | 6 {
  if (!text.includes(':')) return isIPv4(text) ? 4 : 0;
  // Only hex digits, colons and dots may reach the URL parser: `@`, `/`, `?` or `#` would make the
  // brackets part of some other URL component, and a zone (`%eth0`) is no address here.
  return onlyIpv6Characters(text) && URL.canParse(`http://[${text}]/`) ? 6 : 0;
}

function isIPv4(text: string): boolean {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((o) => isDigits(o, 3) && (o.length === 1 || o[0] !== '0') && Number(o) <= 255);
}

function onlyIpv6Characters(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hexLetter = (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
    if (!(isDigit(c) || hexLetter || c === 0x3a || c === 0x2e)) return false;
  }
  return true;
}
