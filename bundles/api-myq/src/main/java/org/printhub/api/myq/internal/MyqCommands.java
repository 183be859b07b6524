package org.printhub.api.myq.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.printhub.api.myq.internal.Accounts.Application;
import org.printhub.api.myq.internal.Accounts.IssuedApplication;
import org.printhub.api.myq.internal.Accounts.User;

/** Administration of MyQ users, REST API applications and tokens. */
@Component(service = MyqCommands.class)
@GogoCommand(scope = "myq", function = { "useradd", "users", "userremove", "appadd", "apps", "appremove", "revoke",
        "tokens" })
public final class MyqCommands {
    private static final String NONE = "";

    private final Accounts accounts;
    private final Tokens tokens;

    @Activate
    public MyqCommands(@Reference Accounts accounts, @Reference Tokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @Descriptor("add a MyQ user; give at least one of card, PIN and password (only their hashes are kept)")
    public User useradd(
            @Descriptor("what the user may do: scopes, comma-separated (default jobs,print,offline.access)")
            @Parameter(names = { "-s", "--scopes" }, absentValue = NONE) String scopes,
            @Descriptor("card number") @Parameter(names = { "-c", "--card" }, absentValue = NONE) String card,
            @Descriptor("PIN, 4 to 16 digits") @Parameter(names = { "-p", "--pin" }, absentValue = NONE) String pin,
            @Descriptor("password, at least 8 characters")
            @Parameter(names = { "-w", "--password" }, absentValue = NONE) String password,
            @Descriptor("user name, as jobs name their owner") String name) {
        return accounts.addUser(name, scopes == null || NONE.equals(scopes) ? Set.of() : list(scopes),
                given(card), given(pin), given(password));
    }

    @Descriptor("list MyQ users (never their secrets)")
    public List<User> users() {
        return accounts.users();
    }

    @Descriptor("remove a MyQ user and revoke their tokens; their jobs stay")
    public String userremove(@Descriptor("user name or id") String user) {
        User u = accounts.removeUser(user.trim())
                .orElseThrow(() -> new IllegalArgumentException("no such user: " + user.trim()));
        int n = tokens.revokeUser(u.name());
        return "removed " + u + "; revoked " + n + " token(s)";
    }

    @Descriptor("add a REST API application; its client secret is shown once")
    public IssuedApplication appadd(
            @Descriptor("scopes it may ask for, comma-separated, e.g. jobs,print,offline.access") String scopes,
            @Descriptor("what the application is") String name) {
        return accounts.addApplication(name, list(scopes));
    }

    @Descriptor("list REST API applications (never their secrets)")
    public List<Application> apps() {
        return accounts.applications();
    }

    @Descriptor("remove a REST API application and revoke every token issued to it")
    public String appremove(@Descriptor("client id") String clientId) {
        Application a = accounts.removeApplication(clientId.trim())
                .orElseThrow(() -> new IllegalArgumentException("no such application: " + clientId.trim()));
        int n = tokens.revokeClient(a.clientId());
        return "removed " + a + "; revoked " + n + " token(s)";
    }

    @Descriptor("revoke tokens: every token of a user (-u), of an application (-a), or one token and its family")
    public String revoke(
            @Descriptor("the user whose tokens to revoke") @Parameter(names = { "-u", "--user" }, absentValue = NONE) String user,
            @Descriptor("the client id whose tokens to revoke")
            @Parameter(names = { "-a", "--app" }, absentValue = NONE) String app,
            @Descriptor("a token (access or refresh), or - with -u or -a") String token) {
        List<String> out = new ArrayList<>();
        if (given(user) != null) {
            out.add("revoked " + tokens.revokeUser(user.trim()) + " token(s) of user " + user.trim());
        }
        if (given(app) != null) {
            out.add("revoked " + tokens.revokeClient(app.trim()) + " token(s) of application " + app.trim());
        }
        if (!"-".equals(token)) {
            out.add(tokens.revoke(token.trim()) ? "revoked the token and its family" : "no such token");
        }
        return String.join("\n", out);
    }

    @Descriptor("count live tokens")
    public String tokens() {
        long[] c = tokens.counts();
        return c[0] + " access token(s), " + c[1] + " refresh token(s)";
    }

    private static String given(String value) {
        return value == null || NONE.equals(value) || value.isEmpty() ? null : value;
    }

    private static Set<String> list(String text) {
        Set<String> out = new TreeSet<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
