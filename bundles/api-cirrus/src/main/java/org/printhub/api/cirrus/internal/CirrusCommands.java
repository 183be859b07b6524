package org.printhub.api.cirrus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.printhub.http.ApiKeys;
import org.printhub.http.IssuedKey;
import org.printhub.job.PrinterService;

/** What an administrator manages for CirrusPrint: companies, their keys, locations and output devices. */
@Component(service = CirrusCommands.class)
@GogoCommand(scope = "cirrus", function = { "companies", "company", "key", "locations", "location", "device",
        "remove" })
public final class CirrusCommands {
    private final CirrusDirectory directory;
    private final ApiKeys keys;
    private final PrinterService printers;

    @Activate
    public CirrusCommands(@Reference CirrusDirectory directory, @Reference ApiKeys keys,
            @Reference PrinterService printers) {
        this.directory = directory;
        this.keys = keys;
        this.printers = printers;
    }

    @Descriptor("list companies: id, name, locations")
    public List<String> companies() {
        List<String> rows = new ArrayList<>();
        for (String id : directory.companies()) {
            directory.company(id).ifPresent(c -> rows.add(id + "\t" + c.name + "\t" + c.locations.keySet()));
        }
        return rows;
    }

    @Descriptor("add a company, or rename one")
    public String company(@Descriptor("company id (CompID)") String id,
            @Descriptor("display name") String name) {
        directory.putCompany(id.trim(), name);
        return "company " + id.trim() + " '" + name + "'";
    }

    @Descriptor("create an API key for a company; its secret is shown once")
    public IssuedKey key(@Descriptor("company id (CompID)") String company) {
        String id = company.trim();
        if (!directory.hasCompany(id)) {
            throw new IllegalArgumentException("no such company: " + id);
        }
        return keys.create("cirrus " + id, Set.of(Authenticator.COMPANY_SCOPE + id));
    }

    @Descriptor("list a company's locations and their output devices")
    public List<String> locations(@Descriptor("company id (CompID)") String company) {
        CirrusDirectory.Company c = directory.company(company.trim())
                .orElseThrow(() -> new IllegalArgumentException("no such company: " + company.trim()));
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, CirrusDirectory.Location> l : c.locations.entrySet()) {
            rows.add(l.getKey() + "\t" + l.getValue().name + (l.getValue().inactive ? "\tinactive" : "") + "\t"
                    + l.getValue().devices.keySet());
        }
        return rows;
    }

    @Descriptor("add a location to a company, or rename one")
    public String location(@Descriptor("company id") String company, @Descriptor("location id (LocID)") String id,
            @Descriptor("display name") String name) {
        directory.putLocation(company.trim(), id.trim(), l -> l.name = name);
        return "location " + id.trim() + " of " + company.trim();
    }

    @Descriptor("make a Printhub device an output device of a location (target LocID:DevID)")
    public String device(@Descriptor("company id") String company, @Descriptor("location id") String location,
            @Descriptor("Printhub device id, as device:list shows it") String device) {
        String d = device.trim();
        if (printers.printer(d).isEmpty()) {
            throw new IllegalArgumentException("no such device: " + d);
        }
        directory.putDevice(company.trim(), location.trim(), d, x -> { });
        return "target " + location.trim() + ":" + d + " of " + company.trim();
    }

    @Descriptor("remove a company, a location, or a location's output device")
    public String remove(@Descriptor("company id, or company/location, or company/location/device") String path) {
        String[] p = path.trim().split("/");
        boolean removed;
        if (p.length == 1) {
            removed = directory.removeCompany(p[0]);
        } else if (p.length == 2) {
            removed = directory.removeLocation(p[0], p[1]);
        } else if (p.length == 3) {
            removed = directory.removeDevice(p[0], p[1], p[2]);
        } else {
            throw new IllegalArgumentException("give company, company/location or company/location/device");
        }
        if (!removed) {
            throw new IllegalArgumentException("no such entry: " + path.trim());
        }
        return "removed " + path.trim();
    }
}
