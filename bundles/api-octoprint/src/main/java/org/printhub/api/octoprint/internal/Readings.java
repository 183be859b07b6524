package org.printhub.api.octoprint.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.event.Event;
import org.printhub.device.DeviceReadings;

/**
 * The last values a device's driver posted as {@link DeviceReadings} events: temperatures (with a short history,
 * as OctoPrint's push socket sends it), progress of the job printing, console lines and the link state. Kept in
 * memory only, as OctoPrint does.
 */
final class Readings {
    private static final int TEMPERATURE_HISTORY = 300;
    private static final int LOG_LINES = 300;

    record Progress(long jobId, long bytesDone, long bytesTotal, Integer layer, Long secondsLeft, long time) {
    }

    private final TreeMap<String, double[]> temperatures = new TreeMap<>();
    private final ArrayDeque<Map<String, Object>> temperatureHistory = new ArrayDeque<>();
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private final List<String> newLines = new ArrayList<>();
    private final List<Map<String, Object>> newTemperatures = new ArrayList<>();
    private Progress progress;
    private String linkError = "";

    /** Takes in one readings event; returns whether anything changed. */
    synchronized boolean accept(Event event) {
        long time = event.getProperty(DeviceReadings.TIME) instanceof Number n ? n.longValue()
                : System.currentTimeMillis();
        switch (event.getTopic()) {
        case DeviceReadings.TEMPERATURES -> {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("time", time / 1000);
            for (String name : event.getPropertyNames()) {
                if (name.startsWith("heater.") && name.endsWith(".actual")) {
                    String heater = name.substring(7, name.length() - 7);
                    double actual = number(event.getProperty(name), Double.NaN);
                    double[] previous = temperatures.get(heater);
                    double target = number(event.getProperty(DeviceReadings.target(heater)),
                            previous == null ? 0 : previous[1]);
                    temperatures.put(heater, new double[] { actual, target });
                    point.put(heater, Map.of("actual", actual, "target", target));
                }
            }
            temperatureHistory.add(point);
            newTemperatures.add(point);
            while (temperatureHistory.size() > TEMPERATURE_HISTORY) {
                temperatureHistory.poll();
            }
            return true;
        }
        case DeviceReadings.PROGRESS -> {
            progress = new Progress(number(event.getProperty(DeviceReadings.JOB_ID)),
                    number(event.getProperty(DeviceReadings.BYTES_DONE)),
                    number(event.getProperty(DeviceReadings.BYTES_TOTAL)),
                    event.getProperty(DeviceReadings.LAYER) instanceof Number l ? l.intValue() : null,
                    event.getProperty(DeviceReadings.ESTIMATED_SECONDS_LEFT) instanceof Number s ? s.longValue() : null,
                    time);
            return true;
        }
        case DeviceReadings.LOG -> {
            Object lines = event.getProperty(DeviceReadings.LINES);
            if (lines instanceof String[] a) {
                for (String line : a) {
                    log.add(line);
                    newLines.add(line);
                }
                while (log.size() > LOG_LINES) {
                    log.poll();
                }
                while (newLines.size() > LOG_LINES) {
                    newLines.remove(0);
                }
            }
            return true;
        }
        case DeviceReadings.CONNECTION -> {
            Object state = event.getProperty(DeviceReadings.CONNECTION_STATE);
            Object message = event.getProperty(DeviceReadings.MESSAGE);
            if ("error".equals(state)) {
                linkError = String.valueOf(message == null ? "connection failed" : message);
            } else if ("open".equals(state)) {
                linkError = "";
            }
            return true;
        }
        default -> {
            return false;
        }
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static double number(Object value, double otherwise) {
        return value instanceof Number n ? n.doubleValue() : otherwise;
    }

    /** {@code /api/printer}'s temperature object: heater → actual, target, offset. */
    synchronized Map<String, Object> temperatures() {
        Map<String, Object> out = new LinkedHashMap<>();
        temperatures.forEach((heater, v) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("actual", v[0]);
            t.put("target", v[1]);
            t.put("offset", 0);
            out.put(heater, t);
        });
        return out;
    }

    synchronized List<Map<String, Object>> temperatureHistory(int limit) {
        List<Map<String, Object>> all = new ArrayList<>(temperatureHistory);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    synchronized List<String> logHistory() {
        return new ArrayList<>(log);
    }

    /** Temperatures and lines since the last call, for a {@code current} message. */
    synchronized List<Map<String, Object>> drainTemperatures() {
        List<Map<String, Object>> out = new ArrayList<>(newTemperatures);
        newTemperatures.clear();
        return out;
    }

    synchronized List<String> drainLines() {
        List<String> out = new ArrayList<>(newLines);
        newLines.clear();
        return out;
    }

    synchronized Progress progress(long jobId) {
        return progress != null && progress.jobId() == jobId ? progress : null;
    }

    /** A print that failed on a device error: shown as OctoPrint's error state until a connect or a new link. */
    synchronized void failed(String message) {
        linkError = message == null || message.isBlank() ? "the print failed on a device error" : message;
    }

    /** OctoPrint's {@code connect}: the error is acknowledged. */
    synchronized void clearError() {
        linkError = "";
    }

    synchronized String linkError() {
        return linkError;
    }
}
