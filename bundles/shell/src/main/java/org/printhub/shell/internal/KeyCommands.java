package org.printhub.shell.internal;

import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.printhub.http.ApiKey;
import org.printhub.http.ApiKeys;
import org.printhub.http.IssuedKey;

@Component(service = KeyCommands.class)
@GogoCommand(scope = "key", function = { "create", "list", "revoke" })
public final class KeyCommands {
    private final ApiKeys keys;

    @Activate
    public KeyCommands(@Reference ApiKeys keys) {
        this.keys = keys;
    }

    @Descriptor("create a key without scopes; its secret is shown once")
    public IssuedKey create(@Descriptor("what the key is for") String name) {
        return keys.create(name, Set.of());
    }

    @Descriptor("create a key; its secret is shown once")
    public IssuedKey create(@Descriptor("what the key is for") String name,
            @Descriptor("scopes, comma-separated, e.g. admin") String scopes) {
        return keys.create(name, Args.list(scopes));
    }

    @Descriptor("list keys (never their secrets)")
    public List<ApiKey> list() {
        return keys.list();
    }

    @Descriptor("revoke a key: its secret stops working at once")
    public String revoke(@Descriptor("key id, as key:list shows it") String keyId) {
        ApiKey revoked = keys.revoke(keyId.trim())
                .orElseThrow(() -> new IllegalArgumentException("no such key: " + keyId.trim()));
        return "revoked " + revoked;
    }
}
