package dev.wharf.cli.client;

import picocli.CommandLine.Option;

/** Options of every client command about what it prints. */
final class OutputOptions {
    @Option(names = "--json", description = "Print results as JSON, one object per line, for scripts."
            + " Errors are also printed as {\"ok\":false,\"exitCode\":N,\"error\":\"...\"}.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summaries; results and warnings only.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Log every command and reply (passwords masked) on standard error.")
    boolean verbose; // read by Logging before the command line is parsed
}
