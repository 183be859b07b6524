package org.printhub.api.scriptx.internal;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = LicenceCommands.class)
@GogoCommand(scope = "licence", function = { "add", "list", "revoke" })
public final class LicenceCommands {
    private final Licences licences;

    @Activate
    public LicenceCommands(@Reference Licences licences) {
        this.licences = licences;
    }

    @Descriptor("add a ScriptX licence with a new GUID; pages send it as the Basic user name")
    public String add(@Descriptor("the licensee") String company) {
        return describe(licences.add(null, company, List.of()));
    }

    @Descriptor("add (or renew) a ScriptX licence with a given GUID")
    public String add(@Descriptor("the licence GUID, braces optional") String guid,
            @Descriptor("the licensee") String company) {
        return describe(licences.add(guid, company, List.of()));
    }

    @Descriptor("add (or renew) a ScriptX licence for some sites")
    public String add(@Descriptor("the licence GUID, braces optional") String guid,
            @Descriptor("the licensee") String company,
            @Descriptor("the sites it is for, comma-separated, e.g. app.example.com") String domains) {
        List<String> list = Arrays.stream(domains.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        return describe(licences.add(guid, company, list));
    }

    @Descriptor("list the ScriptX licences")
    public String list() {
        List<Licence> all = licences.list();
        if (all.isEmpty()) {
            return "no ScriptX licences: add one with licence:add <company>";
        }
        return all.stream().map(LicenceCommands::describe).collect(Collectors.joining("\n"));
    }

    @Descriptor("revoke a ScriptX licence: pages using it get 401 at once")
    public String revoke(@Descriptor("the licence GUID") String guid) {
        Licence removed = licences.revoke(guid)
                .orElseThrow(() -> new IllegalArgumentException("no such licence: " + guid.trim()));
        return "revoked " + describe(removed);
    }

    private static String describe(Licence l) {
        return l.guid + "  " + (l.company.isEmpty() ? "-" : l.company) + "  revision " + l.revision
                + (l.domains.isEmpty() ? "" : "  domains " + String.join(",", l.domains));
    }
}
