package org.printhub.api.cirrus.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.printhub.http.AtomicFiles;
import org.printhub.http.Json;
import org.printhub.job.DataDirectory;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * What CirrusPrint has and Printhub's core does not: companies, their locations, and which Printhub devices each
 * location's output devices are, with CirrusPrint's device settings ({@code DefaultProps}, notes, ...). Kept in
 * {@code <data>/cirrus/directory.json}, replaced atomically on every change.
 * <p>
 * Every request reads the directory (its company, the location of each target) and almost none changes it, so reads
 * take no lock and copy nothing: they see the current snapshot, which is never changed once published. A change
 * (serialised with the other changes) edits a copy, writes it, and only then publishes it; a read during a change
 * sees the directory as it was before or after, never half of it. What a read returns is part of a snapshot: its
 * maps and lists are unmodifiable, and its fields must not be assigned.
 */
@Component(service = CirrusDirectory.class)
public final class CirrusDirectory {
    /** Company and location ids: they are directory names and appear in paths and key scopes. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path file;
    private final Gson gson = Json.builder().setPrettyPrinting().create();
    /** The published snapshot: frozen, replaced whole by {@link #change}. */
    private volatile State current;

    @Activate
    public CirrusDirectory(BundleContext context) {
        this(DataDirectory.of(context, "cirrus").resolve("directory.json"));
    }

    CirrusDirectory(Path file) {
        this.file = file;
        this.current = freeze(read(file));
    }

    static String requireId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw CirrusError.failure(what + " '" + Texts.clip(String.valueOf(id))
                    + "' is not 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    List<String> companies() {
        return List.copyOf(current.companies.keySet());
    }

    boolean hasCompany(String id) {
        return id != null && current.companies.containsKey(id);
    }

    Optional<Company> company(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(current.companies.get(id));
    }

    Optional<Location> location(String company, String location) {
        Company c = company == null ? null : current.companies.get(company);
        return c == null || location == null ? Optional.empty() : Optional.ofNullable(c.locations.get(location));
    }

    /** Adds a company, or renames one. */
    synchronized Company putCompany(String id, String name) {
        requireId("company", id);
        return change(s -> s.companies.computeIfAbsent(id, k -> new Company()).name = name == null ? "" : name)
                .companies.get(id);
    }

    synchronized boolean removeCompany(String id) {
        if (!hasCompany(id)) {
            return false;
        }
        change(s -> s.companies.remove(id));
        return true;
    }

    /**
     * Changes a location, creating it if missing. {@code update} gets a copy it may change; the change is kept only
     * if it returns normally.
     *
     * @throws CirrusError a failure for an unknown company or a bad id
     */
    synchronized Location putLocation(String company, String location, Consumer<Location> update) {
        requireId("location", location);
        requireCompany(company);
        return change(s -> update.accept(s.companies.get(company).locations.computeIfAbsent(location,
                k -> new Location()))).companies.get(company).locations.get(location);
    }

    synchronized boolean removeLocation(String company, String location) {
        if (location(company, location).isEmpty()) {
            return false;
        }
        change(s -> s.companies.get(company).locations.remove(location));
        return true;
    }

    /**
     * Changes a location's output device, adding it if missing. {@code update} gets a copy it may change; the change
     * is kept only if it returns normally.
     *
     * @throws CirrusError a failure for an unknown company or location
     */
    synchronized OutputDevice putDevice(String company, String location, String device, Consumer<OutputDevice> update) {
        requireCompany(company);
        if (location(company, location).isEmpty()) {
            throw CirrusError.failure("unknown location " + Texts.clip(location) + " of company " + company);
        }
        return change(s -> update.accept(s.companies.get(company).locations.get(location).devices
                .computeIfAbsent(device, k -> new OutputDevice()))).companies.get(company).locations
                .get(location).devices.get(device);
    }

    synchronized boolean removeDevice(String company, String location, String device) {
        Optional<Location> l = location(company, location);
        if (l.isEmpty() || !l.get().devices.containsKey(device)) {
            return false;
        }
        change(s -> s.companies.get(company).locations.get(location).devices.remove(device));
        return true;
    }

    private void requireCompany(String company) {
        if (!hasCompany(company)) {
            throw CirrusError.failure("unknown company " + Texts.clip(company));
        }
    }

    /**
     * Applies {@code edit} to a copy, writes it, and only then publishes it. Callers hold this object's monitor, so
     * changes never overwrite each other; readers never take it.
     *
     * @return the published snapshot
     */
    private State change(Consumer<State> edit) {
        State next = gson.fromJson(gson.toJson(current), State.class);
        edit.accept(next);
        State frozen = freeze(next);
        write(frozen);
        current = frozen;
        return frozen;
    }

    /**
     * Makes {@code s} a snapshot: every map and list unmodifiable (and sorted by id, as the file lists them), missing
     * ones (a hand-edited file) empty.
     */
    private static State freeze(State s) {
        State f = new State();
        f.companies = frozen(s.companies, CirrusDirectory::freeze);
        return f;
    }

    private static Company freeze(Company c) {
        c.name = orEmpty(c.name);
        c.locations = frozen(c.locations, CirrusDirectory::freeze);
        return c;
    }

    private static Location freeze(Location l) {
        l.name = orEmpty(l.name);
        l.passwordHash = orEmpty(l.passwordHash);
        l.allowFrom = l.allowFrom == null ? List.of() : unmodifiableList(l.allowFrom);
        l.email = orEmpty(l.email);
        l.email2 = orEmpty(l.email2);
        l.phone = orEmpty(l.phone);
        l.notes = orEmpty(l.notes);
        l.devices = frozen(l.devices, CirrusDirectory::freeze);
        return l;
    }

    /** An unmodifiable map sorted by id of each entry frozen; null maps and null entries left out. */
    private static <T> Map<String, T> frozen(Map<String, T> entries, UnaryOperator<T> freeze) {
        Map<String, T> sorted = new TreeMap<>();
        if (entries != null) {
            entries.forEach((id, value) -> {
                if (value != null) {
                    sorted.put(id, freeze.apply(value));
                }
            });
        }
        return Collections.unmodifiableMap(sorted);
    }

    private static OutputDevice freeze(OutputDevice d) {
        d.name = orEmpty(d.name);
        d.notes = orEmpty(d.notes);
        d.formats = d.formats == null ? null : unmodifiableList(d.formats);
        d.defaultProps = d.defaultProps == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(d.defaultProps));
        return d;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static List<String> unmodifiableList(List<String> list) {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    private State read(Path path) {
        if (!Files.exists(path)) {
            return new State();
        }
        try {
            State s = gson.fromJson(Files.readString(path, StandardCharsets.UTF_8), State.class);
            return s == null ? new State() : s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        } catch (JsonParseException e) {
            throw new IllegalStateException("cannot parse " + path + ": " + e.getMessage(), e);
        }
    }

    private void write(State s) {
        try {
            AtomicFiles.write(file, gson.toJson(s).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static final class State {
        Map<String, Company> companies = new TreeMap<>();
    }

    static final class Company {
        String name = "";
        Map<String, Location> locations = new TreeMap<>();
    }

    /** A CirrusPrint location; {@code passwordHash} is a {@link Passwords} hash, empty when no login is allowed. */
    static final class Location {
        String name = "";
        String passwordHash = "";
        boolean inactive;
        int type;
        List<String> allowFrom = new ArrayList<>();
        String email = "";
        String email2 = "";
        String phone = "";
        String notes = "";
        boolean mfa;
        Map<String, OutputDevice> devices = new TreeMap<>();
    }

    /**
     * A location's output device: a Printhub device (its id is the DevID) with CirrusPrint's settings. A {@code null}
     * type, target or formats means "as the Printhub device says".
     */
    static final class OutputDevice {
        String name = "";
        boolean inactive;
        Integer type;
        String target;
        String notes = "";
        List<String> formats;
        Map<String, String> defaultProps = new LinkedHashMap<>();
    }
}
