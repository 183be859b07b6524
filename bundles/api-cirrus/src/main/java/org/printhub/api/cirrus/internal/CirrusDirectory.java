package org.printhub.api.cirrus.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
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
 * {@code <data>/cirrus/directory.json}, replaced atomically on every change. Reads return copies.
 */
@Component(service = CirrusDirectory.class)
public final class CirrusDirectory {
    /** Company and location ids: they are directory names and appear in paths and key scopes. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path file;
    private final Gson gson = Json.builder().setPrettyPrinting().create();
    private State state;

    @Activate
    public CirrusDirectory(BundleContext context) {
        this(DataDirectory.of(context, "cirrus").resolve("directory.json"));
    }

    CirrusDirectory(Path file) {
        this.file = file;
        this.state = read(file);
    }

    static String requireId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw CirrusError.failure(what + " '" + Texts.clip(String.valueOf(id))
                    + "' is not 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    synchronized List<String> companies() {
        return new ArrayList<>(state.companies.keySet());
    }

    synchronized boolean hasCompany(String id) {
        return state.companies.containsKey(id);
    }

    synchronized Optional<Company> company(String id) {
        return Optional.ofNullable(state.companies.get(id)).map(c -> copy(c, Company.class));
    }

    synchronized Optional<Location> location(String company, String location) {
        Company c = state.companies.get(company);
        return c == null ? Optional.empty()
                : Optional.ofNullable(c.locations.get(location)).map(l -> copy(l, Location.class));
    }

    /** Adds a company, or renames one. */
    synchronized Company putCompany(String id, String name) {
        requireId("company", id);
        return change(s -> s.companies.computeIfAbsent(id, k -> new Company()).name = name == null ? "" : name)
                .companies.get(id);
    }

    synchronized boolean removeCompany(String id) {
        if (!state.companies.containsKey(id)) {
            return false;
        }
        change(s -> s.companies.remove(id));
        return true;
    }

    /**
     * Changes a location, creating it if missing.
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
        Company c = state.companies.get(company);
        if (c == null || !c.locations.containsKey(location)) {
            return false;
        }
        change(s -> s.companies.get(company).locations.remove(location));
        return true;
    }

    /**
     * Changes a location's output device, adding it if missing.
     *
     * @throws CirrusError a failure for an unknown company or location
     */
    synchronized OutputDevice putDevice(String company, String location, String device, Consumer<OutputDevice> update) {
        requireCompany(company);
        if (!state.companies.get(company).locations.containsKey(location)) {
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
        if (!state.companies.containsKey(company)) {
            throw CirrusError.failure("unknown company " + Texts.clip(company));
        }
    }

    /** Applies {@code edit} to a copy, writes it, and only then makes it current. */
    private State change(Consumer<State> edit) {
        State next = copy(state, State.class);
        edit.accept(next);
        write(next);
        state = next;
        return copy(next, State.class);
    }

    private <T> T copy(T value, Class<T> type) {
        return gson.fromJson(gson.toJson(value), type);
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
