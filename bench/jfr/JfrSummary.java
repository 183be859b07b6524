import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a benchmark JVM's time went, from a JFR recording made by bench/run.sh with BENCH_JFR:
 * {@code java bench/jfr/JfrSummary.java bench/out/durable.jfr [frames]}. Groups file forces, file writes, lock
 * waits and CPU samples by thread (digits dropped) and by the first Printhub/H2/bench frames of the stack.
 */
public class JfrSummary {
    static final class Row {
        long count;
        long nanos;
        long bytes;
    }

    public static void main(String[] args) throws Exception {
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Map<String, Map<String, Row>> tables = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            String key;
            switch (type) {
                case "jdk.FileForce", "jdk.FileWrite", "jdk.FileRead" ->
                    key = thread(e) + " | " + frames(e.getStackTrace(), depth, true);
                case "jdk.JavaMonitorEnter" ->
                    key = e.getClass("monitorClass").getName() + " | " + thread(e) + " | "
                            + frames(e.getStackTrace(), depth, true);
                case "jdk.ThreadPark" ->
                    key = (e.getClass("parkedClass") == null ? "-" : e.getClass("parkedClass").getName()) + " | "
                            + thread(e) + " | " + frames(e.getStackTrace(), depth, true);
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    String top = st == null || st.getFrames().isEmpty() ? "?" : name(st.getFrames().get(0));
                    String t = thread(e, "sampledThread");
                    add(tables, "cpu samples by top frame", t + " | " + top, e, 0);
                    key = t + " | " + frames(st, depth, true);
                }
                case "jdk.NativeMethodSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    String top = st == null || st.getFrames().isEmpty() ? "?" : name(st.getFrames().get(0));
                    key = thread(e, "sampledThread") + " | " + top + " < " + frames(st, depth, true);
                }
                default -> {
                    continue;
                }
            }
            long bytes = type.equals("jdk.FileWrite") ? e.getLong("bytesWritten")
                    : type.equals("jdk.FileRead") ? e.getLong("bytesRead") : 0;
            add(tables, type, key, e, bytes);
        }
        for (String table : List.of("jdk.FileForce", "jdk.FileWrite", "jdk.FileRead", "jdk.JavaMonitorEnter",
                "jdk.ThreadPark", "jdk.ExecutionSample", "cpu samples by top frame", "jdk.NativeMethodSample")) {
            Map<String, Row> rows = tables.getOrDefault(table, Map.of());
            System.out.printf("%n== %s (%d events)%n", table, rows.values().stream().mapToLong(r -> r.count).sum());
            List<Map.Entry<String, Row>> sorted = new ArrayList<>(rows.entrySet());
            boolean timed = !table.contains("Sample") && !table.startsWith("cpu");
            sorted.sort((a, b) -> timed ? Long.compare(b.getValue().nanos, a.getValue().nanos)
                    : Long.compare(b.getValue().count, a.getValue().count));
            for (Map.Entry<String, Row> r : sorted.subList(0, Math.min(25, sorted.size()))) {
                Row v = r.getValue();
                if (timed) {
                    System.out.printf("%8d  %9.1f s  %7.3f ms/ev %s %s%n", v.count, v.nanos / 1e9,
                            v.nanos / 1e6 / v.count, v.bytes > 0 ? v.bytes / v.count + " B/ev" : "", r.getKey());
                } else {
                    System.out.printf("%8d  %s%n", v.count, r.getKey());
                }
            }
        }
    }

    static void add(Map<String, Map<String, Row>> tables, String table, String key, RecordedEvent e, long bytes) {
        Row r = tables.computeIfAbsent(table, k -> new HashMap<>()).computeIfAbsent(key, k -> new Row());
        r.count++;
        r.nanos += e.getDuration().toNanos();
        r.bytes += bytes;
    }

    static String thread(RecordedEvent e) {
        return thread(e, "eventThread");
    }

    static String thread(RecordedEvent e, String field) {
        var t = e.getThread(field);
        String n = t == null ? "?" : t.getJavaName() == null ? t.getOSName() : t.getJavaName();
        return n.replaceAll("\\d+", "#");
    }

    static String frames(RecordedStackTrace st, int depth, boolean appOnly) {
        if (st == null) {
            return "?";
        }
        List<String> out = new ArrayList<>();
        for (RecordedFrame f : st.getFrames()) {
            String n = f.getMethod().getType().getName();
            if (appOnly && !(n.startsWith("org.printhub") || n.startsWith("org.h2"))) {
                continue;
            }
            out.add(name(f));
            if (out.size() == depth) {
                break;
            }
        }
        return String.join(" < ", out);
    }

    static String name(RecordedFrame f) {
        String t = f.getMethod().getType().getName();
        return t.substring(t.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }
}
