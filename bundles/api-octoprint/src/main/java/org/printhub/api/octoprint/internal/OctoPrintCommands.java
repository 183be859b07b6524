package org.printhub.api.octoprint.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.printhub.http.ApiKey;
import org.printhub.http.IssuedKey;

/** What an administrator manages for OctoPrint clients: users, their API keys, and Application Keys requests. */
@Component(service = OctoPrintCommands.class)
@GogoCommand(scope = "octoprint", function = { "users", "user", "removeuser", "keys", "key", "revoke", "requests",
        "allow", "deny" })
public final class OctoPrintCommands {
    private final OctoAccounts accounts;

    @Activate
    public OctoPrintCommands(@Reference OctoAccounts accounts) {
        this.accounts = accounts;
    }

    @Descriptor("list OctoPrint users")
    public List<String> users() {
        return accounts.users();
    }

    @Descriptor("create an OctoPrint user, or set a user's password")
    public String user(@Descriptor("user name") String name, @Descriptor("password, at least 8 characters") String password) {
        boolean existed = accounts.exists(name);
        accounts.setUser(name, password);
        return (existed ? "password changed for " : "created user ") + name;
    }

    @Descriptor("remove an OctoPrint user and revoke the user's keys")
    public String removeuser(@Descriptor("user name") String name) {
        return accounts.removeUser(name) ? "removed " + name : "no such user: " + name;
    }

    @Descriptor("list OctoPrint API keys: id, name (never the secret)")
    public List<String> keys() {
        List<String> rows = new ArrayList<>();
        for (ApiKey k : accounts.allKeys()) {
            rows.add(k.id() + "\t" + k.name() + "\t" + k.created());
        }
        return rows;
    }

    @Descriptor("create an API key for a user; its secret is shown once")
    public IssuedKey key(@Descriptor("user name") String user, @Descriptor("what the key is for") String app) {
        return accounts.createKey(user, app);
    }

    @Descriptor("revoke an OctoPrint API key")
    public String revoke(@Descriptor("key id (octoprint:keys)") String keyId) {
        return accounts.revokeKey(keyId) ? "revoked " + keyId : "no such OctoPrint key: " + keyId;
    }

    @Descriptor("list pending Application Keys requests: token, app, user")
    public List<String> requests() {
        List<String> rows = new ArrayList<>();
        for (OctoAccounts.KeyRequest r : accounts.pendingRequests()) {
            rows.add(r.token + "\t" + r.app + "\t" + (r.user == null ? "-" : r.user));
        }
        return rows;
    }

    @Descriptor("grant an Application Keys request for the user it names")
    public String allow(@Descriptor("request token (octoprint:requests)") String token) {
        return allow(token, null);
    }

    @Descriptor("grant an Application Keys request as a given user")
    public String allow(@Descriptor("request token (octoprint:requests)") String token,
            @Descriptor("user the key is for") String user) {
        OctoAccounts.KeyRequest r = accounts.decide(token, true, user);
        return "granted " + r.app + "; the application receives its key when it polls next";
    }

    @Descriptor("deny an Application Keys request")
    public String deny(@Descriptor("request token (octoprint:requests)") String token) {
        OctoAccounts.KeyRequest r = accounts.decide(token, false, null);
        return "denied " + r.app;
    }
}
