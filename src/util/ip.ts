// Which IP family a string is written in: 4, 6, or 0 for neither (a host name). Not node:net's
// isIP: its IPv6 regular expression takes about 3.5 ms to compile on first use, which every probe
// paid for the default Felix host, `localhost` (BENCHMARKS.md). IPv4 is read by hand, as
// node:net's isIPv4 reads it (four decimal octets, 0–255, no leading zero): it runs for every
// peer, and an expression run that often is compiled again to machine code (util/text.ts). IPv6
// literals are recognised by the URL parser (native code) after a check of their characters.
// Zone indexes (`fe80::1%eth0`) are not addresses here.

export function ipFamily(text: string): 0 | 4 | 6 {
  if (!text.includes(':')) return isIPv4(text) ? 4 : 0;
  // Only hex digits, colons and dots may reach the URL parser: `@`, `/`, `?` or `#` would make the
  // brackets part of some other URL component, and a zone (`%eth0`) is no address here.
  return /^[0-9a-fA-F:.]+$/.test(text) && URL.canParse(`http://[${text}]/`) ? 6 : 0;
}

function isIPv4(text: string): boolean {
  let octets = 1;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e && digits > 0) {
      octets++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39 && !(digits === 1 && value === 0)) {
      value = value * 10 + (c - 0x30);
      digits++;
      if (value > 255) return false;
    } else {
      return false;
    }
  }
  return octets === 4 && digits > 0;
}
