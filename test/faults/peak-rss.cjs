// Preloaded into a probe by memory tests (`node --require`): on exit, write the process's peak
// resident set size (KiB) to $PEAK_RSS_FILE. Runs on every exit path, the safety net's included.
'use strict';
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.PEAK_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
