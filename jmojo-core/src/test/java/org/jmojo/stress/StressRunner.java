package org.jmojo.stress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jmojo.stress.Ledger.Finding;

/**
 * Runs seeds one after another, each under a watchdog, and reports. A seed that fails is printed
 * with its findings and the exact command that runs it again; a seed that does not finish within the
 * watchdog's time is reported as a hang with the stack of every thread (the seed's virtual threads
 * included, and for a parked thread the lock it waits for and who holds it), and ends the run: its
 * stuck threads would disturb every later seed.
 */
public final class StressRunner {
    /** Options of a run. */
    public record Options(long from, int seeds, double opsScale, int timeoutSeconds, boolean stopAtFirstFailure) {
        public static final Options DEFAULT = new Options(1, 100, 1.0, 60, false);
    }

    /** The outcome of a run. */
    public record Summary(int seedsRun, List<Long> failedSeeds, boolean hung, long operations, long writes, long reads,
            double seconds, String report) {
        public boolean passed() {
            return failedSeeds.isEmpty() && !hung;
        }
    }

    private final StressSystem system;
    private final PrintStream out;

    public StressRunner(StressSystem system, PrintStream out) {
        this.system = system;
        this.out = out;
    }

    /** The command that runs {@code seed} again, as a user types it from the repository's root. */
    public String rerunCommand(long seed) {
        return "./jmojo stress --seeds 1 --from " + seed + system.replayOptions();
    }

    public Summary run(Options o) {
        long t0 = System.nanoTime();
        List<Long> failed = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        long ops = 0;
        long writes = 0;
        long reads = 0;
        int run = 0;
        boolean hung = false;
        Map<String, Integer> kinds = new TreeMap<>();
        print(report, String.format(Locale.ROOT,
                "stress: %s system, seeds %d..%d, 2-8 workers per seed (platform and virtual threads), watchdog %d s per seed",
                system.name(), o.from(), o.from() + o.seeds() - 1, o.timeoutSeconds()));
        for (long seed = o.from(); seed < o.from() + o.seeds(); seed++) {
            SeedConfig cfg = SeedConfig.of(seed, o.opsScale());
            StressRun stressRun = new StressRun(system, cfg);
            AtomicReference<Object> result = new AtomicReference<>();
            Thread seedThread = Thread.ofPlatform().daemon().name("stress-seed-" + seed).start(() -> {
                try {
                    result.set(stressRun.run());
                } catch (Throwable t) {
                    result.set(t);
                }
            });
            stressRun.threads.add(seedThread);
            boolean finished;
            try {
                seedThread.join(o.timeoutSeconds() * 1000L);
                finished = !seedThread.isAlive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                print(report, "stress: interrupted at seed " + seed);
                break;
            }
            run++;
            if (!finished) {
                hung = true;
                failed.add(seed);
                print(report, "seed " + seed + " HANG: not finished after " + o.timeoutSeconds() + " s (" + cfg.describe() + ")");
                print(report, threadDump(stressRun.threads));
                print(report, "  rerun: " + rerunCommand(seed));
                kinds.merge("hang", 1, Integer::sum);
                break;
            }
            Object r = result.get();
            if (r instanceof Throwable t) {
                failed.add(seed);
                print(report, "seed " + seed + " FAILED: the run itself threw " + StressRun.describe(t));
                print(report, "  rerun: " + rerunCommand(seed));
                kinds.merge("exception", 1, Integer::sum);
            } else {
                StressRun.Outcome outcome = (StressRun.Outcome) r;
                ops += outcome.operations();
                writes += outcome.writes();
                reads += outcome.reads();
                if (!outcome.findings().isEmpty()) {
                    failed.add(seed);
                    print(report, "seed " + seed + " FAILED: " + outcome.findings().size() + " finding(s), "
                            + outcome.operations() + " operations (" + cfg.describe() + ")");
                    int shown = 0;
                    for (Finding f : outcome.findings()) {
                        kinds.merge(f.kind(), 1, Integer::sum);
                        if (shown++ < 12) {
                            print(report, "  " + f);
                        }
                    }
                    if (shown > 12) {
                        print(report, "  ... " + (shown - 12) + " more");
                    }
                    print(report, "  rerun: " + rerunCommand(seed));
                }
            }
            if (!failed.isEmpty() && o.stopAtFirstFailure()) {
                break;
            }
            if (run % 250 == 0 && run < o.seeds()) {
                print(report, String.format(Locale.ROOT, "stress: %d seeds, %d failed, %,d operations, %.1f s so far",
                        run, failed.size(), ops, (System.nanoTime() - t0) / 1e9));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        print(report, String.format(Locale.ROOT,
                "stress: %d seeds (%d..%d), %d failed%s, %,d operations (%,d writes OK, %,d messages read), %.1f s",
                run, o.from(), o.from() + Math.max(run, 1) - 1, failed.size(), kinds.isEmpty() ? "" : " " + kinds, ops, writes,
                reads, seconds));
        return new Summary(run, failed, hung, ops, writes, reads, seconds, report.toString());
    }

    private void print(StringBuilder report, String line) {
        report.append(line).append('\n');
        out.println(line);
        out.flush();
    }

    /**
     * The stack of every platform thread and of each of {@code seedThreads} (the seed's workers, virtual
     * ones included, which {@link Thread#getAllStackTraces()} leaves out). A thread parked on a lock
     * shows the lock (a jmojo lock names the thread that holds it).
     */
    static String threadDump(List<Thread> seedThreads) {
        StringBuilder b = new StringBuilder("---- thread dump ----\n");
        Map<Thread, StackTraceElement[]> all = new java.util.LinkedHashMap<>(Thread.getAllStackTraces());
        synchronized (seedThreads) {
            for (Thread t : seedThreads) {
                all.putIfAbsent(t, t.getStackTrace());
            }
        }
        for (Map.Entry<Thread, StackTraceElement[]> e : all.entrySet()) {
            Thread t = e.getKey();
            b.append('"').append(t.getName()).append('"').append(t.isVirtual() ? " virtual " : " ").append(t.getState());
            Object blocker = LockSupport.getBlocker(t);
            if (blocker != null) {
                b.append(", parked on ").append(blocker);
            }
            b.append('\n');
            for (StackTraceElement frame : e.getValue()) {
                b.append("    at ").append(frame).append('\n');
            }
        }
        return b.append("---- end of thread dump ----").toString();
    }
}
