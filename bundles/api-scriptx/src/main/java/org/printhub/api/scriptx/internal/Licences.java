package org.printhub.api.scriptx.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.printhub.http.Json;
import org.printhub.job.DataDirectory;

import com.google.gson.reflect.TypeToken;

/**
 * The ScriptX licences an administrator manages ({@code licence:*} commands), kept in
 * {@code <data>/scriptx-licences.json}, written whole and atomically on each change. Lookups are from memory.
 */
@Component(service = Licences.class)
public final class Licences {
    static final String FILE = "scriptx-licences.json";
    // Nothing here logs: the Gogo thread that calls add and revoke is named after the command line, GUID included.

    private final Path file;
    private final Json json = Json.create();
    private final Map<String, Licence> byGuid = new ConcurrentHashMap<>();

    @Activate
    public Licences(BundleContext context) {
        this(DataDirectory.of(context).resolve(FILE));
    }

    Licences(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                List<Licence> stored = json.gson().fromJson(r, new TypeToken<List<Licence>>() {
                }.getType());
                if (stored != null) {
                    stored.forEach(l -> byGuid.put(l.guid, l));
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable file must not silently become "no licences" and then be overwritten.
                throw new IllegalStateException("cannot read the ScriptX licences in " + file + ": " + e.getMessage(),
                        e);
            }
        }
    }

    /** The licence for a GUID as a client writes it, if it exists and is within its dates. */
    Optional<Licence> find(String guid) {
        return Licence.normalise(guid).map(byGuid::get).filter(l -> l.isCurrent(Instant.now()));
    }

    List<Licence> list() {
        List<Licence> all = new ArrayList<>(byGuid.values());
        all.sort(Comparator.comparing(l -> l.company + " " + l.guid));
        return all;
    }

    /**
     * Adds a licence, or replaces the one with the same GUID.
     *
     * @param guid the GUID, or null for a new random one
     * @throws IllegalArgumentException for a GUID that is not one
     */
    synchronized Licence add(String guid, String company, List<String> domains) {
        String g = guid == null ? UUID.randomUUID().toString()
                : Licence.normalise(guid).orElseThrow(() -> new IllegalArgumentException("not a GUID: " + guid));
        Licence existing = byGuid.get(g);
        Licence licence = new Licence(g, company == null ? "" : company, "", existing == null ? 1
                : existing.revision + 1, Instant.now(), null, domains, Licence.Options.all());
        byGuid.put(g, licence);
        save();
        return licence;
    }

    synchronized Optional<Licence> revoke(String guid) {
        Optional<Licence> removed = Licence.normalise(guid).map(byGuid::remove);
        if (removed.isPresent()) {
            save();
        }
        return removed;
    }

    private void save() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                json.gson().toJson(list(), w);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
