package io.github.datasec.dwauth.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Locale;

/**
 * Runs {@link TokenVerificationBenchmark} with the GC profiler and prints each result next to the
 * jose4j baseline of the same run, with the targets checked:
 * {@code java -cp target/benchmarks.jar io.github.datasec.dwauth.bench.BenchmarkReport [JMH options]}.
 * Any JMH option works (e.g. {@code -wi 5 -i 10 -f 2}); the benchmark's own defaults are short.
 */
public final class BenchmarkReport {
    private static final String BASELINE = "baselineJose4j";
    private static final String ALLOCATION = "gc.alloc.rate.norm";
    private static final double FIRST_SEEN_MAX_RATIO = 1.10;
    private static final double CACHED_MAX_NANOS = 2_000;
    private static final double CACHED_MAX_BYTES = 1_024;

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws CommandLineOptionException, RunnerException {
        final CommandLineOptions commandLine = new CommandLineOptions(args);
        final OptionsBuilder options = new OptionsBuilder();
        options.parent(commandLine)
                .include(TokenVerificationBenchmark.class.getSimpleName())
                .addProfiler(GCProfiler.class);
        final Collection<RunResult> results = new Runner(options.build()).run();

        final double baseline = score(results, BASELINE);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-32s %12s %10s %12s %14s%n", "benchmark", "ns/op", "+/- ns", "B/op", "x baseline");
        for (RunResult run : results) {
            final Result<?> primary = run.getPrimaryResult();
            System.out.printf(Locale.ROOT, "%-32s %12.1f %10.1f %12.0f %14.4f%n", name(run), primary.getScore(),
                    primary.getScoreError(), allocation(run), primary.getScore() / baseline);
        }
        System.out.println();
        final double firstSeenRatio = score(results, "firstSeenVerifier") / baseline;
        target(String.format(Locale.ROOT, "first-seen / baseline = %.3f (target <= %.2f)", firstSeenRatio, FIRST_SEEN_MAX_RATIO),
                firstSeenRatio <= FIRST_SEEN_MAX_RATIO);
        cachedTargets(results, "cachedAuthenticator", "cached, token cut from the header as in a request");
        cachedTargets(results, "cachedAuthenticatorSameString", "cached, the authenticator alone");
    }

    private static void cachedTargets(Collection<RunResult> results, String benchmark, String description) {
        final double nanos = score(results, benchmark);
        final double bytes = allocation(find(results, benchmark));
        target(String.format(Locale.ROOT, "%s: %.0f ns/op (target <= %.0f)", description, nanos, CACHED_MAX_NANOS),
                nanos <= CACHED_MAX_NANOS);
        target(String.format(Locale.ROOT, "%s: %.0f B/op (target <= %.0f)", description, bytes, CACHED_MAX_BYTES),
                bytes <= CACHED_MAX_BYTES);
    }

    private static void target(String measured, boolean met) {
        System.out.println((met ? "MET     " : "MISSED  ") + measured);
    }

    private static double score(Collection<RunResult> results, String benchmark) {
        return find(results, benchmark).getPrimaryResult().getScore();
    }

    private static double allocation(RunResult run) {
        final Result<?> result = run.getSecondaryResults().get(ALLOCATION);
        if (result == null) {
            throw new IllegalStateException(name(run) + " has no " + ALLOCATION + " result");
        }
        return result.getScore();
    }

    private static RunResult find(Collection<RunResult> results, String benchmark) {
        return results.stream().filter(run -> name(run).equals(benchmark)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + benchmark
                        + "; run every benchmark of " + TokenVerificationBenchmark.class.getSimpleName()));
    }

    private static String name(RunResult run) {
        final String label = run.getParams().getBenchmark();
        return label.substring(label.lastIndexOf('.') + 1);
    }
}
