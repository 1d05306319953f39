package io.restcache.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The performance goals as ratios measured side by side in each round, with their spread: for each
 * comparison the minimum, median and maximum over the rounds, both of throughput and of server CPU per
 * request (the steadier of the two on a shared machine), and the median again over the rounds in which
 * the JIT was quiet. A round counts as JIT-active when the JIT threads took more than
 * {@link #JIT_SHARE} of either row's server CPU: such rounds are counted and shown apart, not trusted.
 */
final class RoundRatios {

    /** Above this share of a row's server CPU in JIT threads, a round is marked JIT-active. */
    static final double JIT_SHARE = 0.03;

    /** One goal: {@code subject} against {@code reference}, or a fill's extra CPU against the hand-written one. */
    private record Goal(String label, String subject, String reference, double bar, boolean fill) {
    }

    private static final List<Goal> GOALS = List.of(
            new Goal("near hit ÷ ceiling, identity client", "near-hit", Scenarios.CEILING, 0.95, false),
            new Goal("near hit ÷ ceiling, gzip client", "near-hit-gzip", Scenarios.CEILING, 0.95, false),
            new Goal("Redis hit ÷ hand-written hit, identity client", "redis-hit", Scenarios.BASELINE, 1.0, false),
            new Goal("Redis hit ÷ hand-written hit, gzip client", "redis-hit-gzip", Scenarios.BASELINE, 1.0, false),
            new Goal("restcache fill's extra CPU ÷ the hand-written fill's (lower is better)", Scenarios.MISS,
                    Scenarios.BASELINE_MISS, 1.5, true));

    private RoundRatios() {
    }

    static String render(List<String> sizes, Map<String, List<ThroughputSection.Result>> rounds) {
        Markdown table = new Markdown("goal", "size", "bar", ">rounds (JIT-quiet)", ">throughput min / median / max",
                ">server CPU min / median / max", ">CPU median, JIT-quiet rounds", "verdict (CPU median)");
        int rows = 0;
        for (String size : sizes) {
            for (Goal goal : GOALS) {
                List<ThroughputSection.Result> subject = rounds.get(goal.subject() + "@" + size);
                List<ThroughputSection.Result> reference = rounds.get(goal.reference() + "@" + size);
                List<ThroughputSection.Result> uncached = rounds.get(Scenarios.UNCACHED_UNIQUE + "@" + size);
                if (subject == null || reference == null || (goal.fill() && uncached == null)) {
                    continue;
                }
                List<Double> throughput = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                List<Double> quietCpu = new ArrayList<>();
                int n = Math.min(subject.size(), reference.size());
                for (int i = 0; i < n; i++) {
                    ThroughputSection.Result s = subject.get(i);
                    ThroughputSection.Result r = reference.get(i);
                    ThroughputSection.Result u = goal.fill() && i < uncached.size() ? uncached.get(i) : null;
                    if (s.load() == null || r.load() == null || (goal.fill() && (u == null || u.load() == null))) {
                        continue;
                    }
                    double sc = cpuPerRequest(s);
                    double rc = cpuPerRequest(r);
                    double c;
                    if (goal.fill()) {
                        double uc = cpuPerRequest(u);
                        c = (sc - uc) / (rc - uc);
                        throughput.add(Double.NaN);
                    } else {
                        c = rc / sc;        // > 1: the subject costs less per request than the reference
                        throughput.add(s.rps() / r.rps());
                    }
                    cpu.add(c);
                    if (!jitActive(s) && !jitActive(r) && (u == null || !jitActive(u))) {
                        quietCpu.add(c);
                    }
                }
                if (cpu.isEmpty()) {
                    continue;
                }
                double median = median(cpu);
                double bar = bar(goal, size);
                boolean met = goal.fill() ? median <= bar : median >= bar;
                table.row(goal.label(), size, (goal.fill() ? "≤ " : "≥ ") + Markdown.ratio(bar),
                        cpu.size() + " (" + quietCpu.size() + ")", goal.fill() ? "—" : spread(throughput), spread(cpu),
                        quietCpu.isEmpty() ? "n/a" : Markdown.ratio(median(quietCpu)), met ? "met" : "not met");
                rows++;
            }
        }
        if (rows == 0) {
            return "";
        }
        return "### The goals, round by round\n\n" + table + "\n"
                + "Each round measures every scenario once, so each ratio is taken within one round, then summarised "
                + "over the rounds. Throughput ratios are the subject's req/s over the reference's; CPU ratios are the "
                + "reference's server CPU per request over the subject's (above 1.00×: the subject is cheaper), "
                + "except for the fill, which is restcache's extra server CPU over the uncached method divided by the "
                + "hand-written fill's (below 1.00×: restcache's fill costs less). A round is JIT-active when the JIT "
                + "threads took more than " + Math.round(JIT_SHARE * 100) + "% of a compared row's server CPU.\n\n";
    }

    /** An identity client's 20 KB Redis hit pays a gunzip the hand-written baseline does not: its bar is 0.95×. */
    private static double bar(Goal goal, String size) {
        return goal.subject().equals("redis-hit") && size.equals("20k") ? 0.95 : goal.bar();
    }

    private static double cpuPerRequest(ThroughputSection.Result r) {
        return r.perRequestMicros(r.serverCpuNanos());
    }

    private static boolean jitActive(ThroughputSection.Result r) {
        Long jit = r.serverCpuByGroup().get("JIT");
        return jit != null && r.serverCpuNanos() > 0 && (double) jit / r.serverCpuNanos() > JIT_SHARE;
    }

    private static String spread(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (sorted.isEmpty()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f×", sorted.get(0), median(sorted),
                sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
