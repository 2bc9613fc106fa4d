package io.github.datasec.dwauth.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;

/**
 * Which row each iteration of {@link TokenVerificationBenchmark#interleaved} runs: every row other than
 * the floor runs between two iterations of the floor, so that a ratio compares stretches of time a
 * fraction of a second apart. The cycle starts again every {@code CYCLE.size()} iterations, warm-up
 * iterations included.
 */
@State(Scope.Benchmark)
public class Turns {
    enum Row { FLOOR, FIRST_SEEN, FIRST_SEEN_ACCP, CACHE_OFF }

    static final List<Row> CYCLE = List.of(Row.FLOOR, Row.FIRST_SEEN, Row.FLOOR, Row.FIRST_SEEN_ACCP, Row.FLOOR, Row.CACHE_OFF);

    private int iteration = -1;
    private Row row;

    @Setup(Level.Iteration)
    public void nextIteration() {
        iteration++;
        row = CYCLE.get(iteration % CYCLE.size());
    }

    Row row() {
        return row;
    }
}
