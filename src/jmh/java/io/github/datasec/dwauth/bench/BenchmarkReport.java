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
 * Runs {@link TokenVerificationBenchmark} with the GC profiler on one thread and then on two, and
 * prints each result as a ratio to the raw floor of the same thread count, with the targets checked:
 * {@code java -cp target/benchmarks.jar io.github.datasec.dwauth.bench.BenchmarkReport [JMH options]}.
 * Any JMH option works (e.g. {@code -wi 5 -i 10 -f 2}) except {@code -t}, which this report sets itself.
 */
public final class BenchmarkReport {
    private static final String FLOOR = "rawFloor";
    private static final String FIRST_SEEN = "firstSeenVerifier";
    private static final String ALLOCATION = "gc.alloc.rate.norm";
    private static final double FIRST_SEEN_MAX_RATIO = 1.10;
    private static final double CACHED_MAX_NANOS = 2_000;

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws CommandLineOptionException, RunnerException {
        final CommandLineOptions commandLine = new CommandLineOptions(args);
        final Collection<RunResult> oneThread = run(commandLine, 1);
        final Collection<RunResult> twoThreads = run(commandLine, 2);

        System.out.println();
        System.out.printf(Locale.ROOT, "%-30s %12s %10s %10s %12s %10s %10s%n",
                "benchmark", "1t ns/op", "+/- ns", "1t B/op", "1t x floor", "2t ns/op", "2t x floor");
        final double floor1 = score(oneThread, FLOOR);
        final double floor2 = score(twoThreads, FLOOR);
        for (RunResult run : oneThread) {
            final Result<?> primary = run.getPrimaryResult();
            final double two = score(twoThreads, name(run));
            System.out.printf(Locale.ROOT, "%-30s %12.1f %10.1f %10.0f %12.4f %10.1f %10.4f%n", name(run), primary.getScore(),
                    primary.getScoreError(), allocation(run), primary.getScore() / floor1, two, two / floor2);
        }
        System.out.println();
        for (int threads = 1; threads <= 2; threads++) {
            final Collection<RunResult> results = threads == 1 ? oneThread : twoThreads;
            final double ratio = score(results, FIRST_SEEN) / score(results, FLOOR);
            target(String.format(Locale.ROOT, "first-seen / raw floor on %d thread(s) = %.3f (target <= %.2f)",
                    threads, ratio, FIRST_SEEN_MAX_RATIO), ratio <= FIRST_SEEN_MAX_RATIO);
        }
        // Average time per operation and thread: two threads that scale perfectly keep it, doubling throughput.
        final double floorScaling = 2 * floor1 / floor2;
        final double firstSeenScaling = 2 * score(oneThread, FIRST_SEEN) / score(twoThreads, FIRST_SEEN);
        target(String.format(Locale.ROOT, "2-thread throughput / 1-thread: raw floor %.2f, first-seen %.2f (target: first-seen >= 0.95 of the floor's)",
                floorScaling, firstSeenScaling), firstSeenScaling >= 0.95 * floorScaling);
        final double cached = score(oneThread, "cachedAuthenticator");
        target(String.format(Locale.ROOT, "cached, token cut from the header as in a request: %.0f ns/op (target <= %.0f)",
                cached, CACHED_MAX_NANOS), cached <= CACHED_MAX_NANOS);
    }

    private static Collection<RunResult> run(CommandLineOptions commandLine, int threads) throws RunnerException {
        final OptionsBuilder options = new OptionsBuilder();
        options.parent(commandLine)
                .include(TokenVerificationBenchmark.class.getSimpleName())
                .threads(threads)
                .addProfiler(GCProfiler.class);
        return new Runner(options.build()).run();
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
