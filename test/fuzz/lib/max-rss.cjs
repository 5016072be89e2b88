// Preloaded into the CLI process by test/fuzz/lib/imports.ts: on exit,
// one line with the process's peak resident set size, for the fuzz report.
process.on('exit', () => process.stderr.write(`vmx-max-rss ${process.resourceUsage().maxRSS * 1024}\n`));
