package io.restcache.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time consumed so far by a process, and (on Linux, from /proc) by each of its threads, grouped by
 * what they do: the difference of two snapshots says where a scenario's CPU went.
 */
record CpuSnapshot(long totalNanos, Map<Long, ThreadCpu> threads) {

    /** Clock ticks per second of /proc's utime/stime: 100 on every Linux the runner is likely to meet. */
    private static final long TICK_NANOS = 10_000_000L;

    /** Groups for the breakdown, in report order. */
    static final String[] GROUPS = {"HTTP threads", "Redisson/netty", "GC", "JIT", "other"};

    record ThreadCpu(String name, long nanos) {
    }

    static CpuSnapshot of(Optional<ProcessHandle> process, boolean perThread) {
        if (process.isEmpty()) {
            return new CpuSnapshot(-1, Map.of());
        }
        long total = process.get().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        return new CpuSnapshot(total, perThread ? threads(process.get().pid()) : Map.of());
    }

    /**
     * CPU time the whole machine has spent busy (all processes, all cores) since boot, from /proc/stat,
     * or -1 off Linux: with the benchmark's own processes subtracted, it shows how much else ran.
     */
    static long machineBusyNanos() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    for (int i = 1; i < f.length && i <= 8; i++) {
                        if (i != 4 && i != 5) { // idle, iowait
                            busy += Long.parseLong(f[i]);
                        }
                    }
                    return busy * TICK_NANOS;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** CPU nanoseconds between two snapshots, or -1 when unknown. */
    static long delta(CpuSnapshot before, CpuSnapshot after) {
        return before.totalNanos < 0 || after.totalNanos < 0 ? -1 : after.totalNanos - before.totalNanos;
    }

    /**
     * CPU nanoseconds per group between two snapshots. Threads that ended in between lose their share to
     * "other" (computed from the process total); threads that started count from zero.
     */
    static Map<String, Long> byGroup(CpuSnapshot before, CpuSnapshot after) {
        Map<String, Long> groups = new LinkedHashMap<>();
        for (String g : GROUPS) {
            groups.put(g, 0L);
        }
        if (after.threads.isEmpty()) {
            return Map.of();
        }
        long grouped = 0;
        for (Map.Entry<Long, ThreadCpu> e : after.threads.entrySet()) {
            ThreadCpu was = before.threads.get(e.getKey());
            long d = e.getValue().nanos - (was == null ? 0 : was.nanos);
            String g = group(e.getValue().name);
            if (!g.equals("other")) {
                groups.merge(g, d, Long::sum);
                grouped += d;
            }
        }
        long total = delta(before, after);
        groups.put("other", Math.max(0, total - grouped));
        return groups;
    }

    /** Linux thread names are cut to 15 characters: match on prefixes. */
    static String group(String threadName) {
        String n = threadName;
        if (n.startsWith("http-thread-poo") || n.startsWith("http-listener") || n.startsWith("Grizzly")) {
            return "HTTP threads";
        }
        if (n.startsWith("redisson") || n.contains("netty")) {
            return "Redisson/netty";
        }
        if (n.startsWith("GC Thread") || n.startsWith("G1 ") || n.startsWith("VM Thread")) {
            return "GC";
        }
        if (n.startsWith("C1 CompilerThre") || n.startsWith("C2 CompilerThre")) {
            return "JIT";
        }
        return "other";
    }

    private static Map<Long, ThreadCpu> threads(long pid) {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return threads;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    // after ") ": state(3) ... utime(14) stime(15), i.e. indexes 11 and 12
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(name, ticks * TICK_NANOS));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return threads;
        }
        return threads;
    }
}
