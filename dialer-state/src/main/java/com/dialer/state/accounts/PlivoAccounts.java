package com.dialer.state.accounts;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.dialer.schemas.ConfigKey;
import com.dialer.schemas.EnvironmentKeys;
import com.dialer.schemas.IdRule;

/**
 * The Plivo accounts calls are placed through and which client uses which: the one owner of Plivo
 * credentials, read by the executor (dials, lookups of unknown dials, each account's CPS), the webhook
 * bridge (each callback's signature checked with the token of the account that placed the call) and the
 * status-processor (reconciliation asks the account that placed the call). Credentials come from the
 * environment or a secrets file, never from Kafka.
 *
 * <ul>
 * <li>{@code default}: {@link #PLIVO_AUTH_ID}, {@link #PLIVO_AUTH_TOKEN}, optionally {@link #PLIVO_CPS}; every
 *     client not named in {@link #CLIENT_PLIVO_ACCOUNT} uses it;</li>
 * <li>more accounts in {@link #PLIVO_ACCOUNTS_FILE}, a properties file of {@code <account>.authId},
 *     {@code <account>.cps} and exactly one of {@code <account>.authToken}, {@code <account>.authTokenFile} (a file
 *     holding the token, e.g. a mounted secret) or {@code <account>.authTokenEnv} (the name of a key holding it);</li>
 * <li>{@link #CLIENT_PLIVO_ACCOUNT}: {@code <clientId>=<account>,...}.</li>
 * </ul>
 * Everything is checked at start; an error names the key and the bad entry, never a token.
 */
public final class PlivoAccounts {

    public static final ConfigKey<String> PLIVO_AUTH_ID = ConfigKey.parsed("PLIVO_AUTH_ID", "MA… or SA…",
            "the default Plivo account's auth id", s -> s);
    public static final ConfigKey<String> PLIVO_AUTH_TOKEN = ConfigKey.parsed("PLIVO_AUTH_TOKEN", "secret",
            "the default Plivo account's auth token (Basic auth, and the key of callback signatures)", s -> s);
    public static final ConfigKey<Integer> PLIVO_CPS = ConfigKey.integer("PLIVO_CPS", 0, 0, 10_000,
            "calls per second of the default account (0: no limit of its own, only the global rate)");
    public static final ConfigKey<Path> PLIVO_ACCOUNTS_FILE = ConfigKey.parsed("PLIVO_ACCOUNTS_FILE", "a file path",
            "more Plivo accounts: <account>.authId, <account>.cps, <account>.authToken|authTokenFile|authTokenEnv",
            s -> s == null ? null : Path.of(s));
    public static final ConfigKey<String> CLIENT_PLIVO_ACCOUNT = ConfigKey.parsed("CLIENT_PLIVO_ACCOUNT",
            "<clientId>=<account>,...", "which account each client dials through (others: default)", s -> s);

    /** Every key, for help texts and documentation. */
    public static final List<ConfigKey<?>> KEYS = List.of(PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN, PLIVO_CPS, PLIVO_ACCOUNTS_FILE,
            CLIENT_PLIVO_ACCOUNT);

    private static final Set<String> FIELDS = Set.of("authId", "authToken", "authTokenFile", "authTokenEnv", "cps");

    /** What a service needs of the default account. */
    public enum Need {
        /** dials: auth id and token required */
        DIAL,
        /** checks callback signatures: the token required */
        SIGN,
        /** looks calls up when it can: both or neither */
        LOOKUP
    }

    private final Map<String, PlivoAccount> byId;
    private final Map<String, String> accountOfClient;

    PlivoAccounts(Map<String, PlivoAccount> byId, Map<String, String> accountOfClient) {
        this.byId = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byId));
        this.accountOfClient = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accountOfClient));
        accountOfClient.forEach((client, account) -> {
            if (!byId.containsKey(account)) {
                throw new IllegalArgumentException(CLIENT_PLIVO_ACCOUNT.name() + " entry '" + client + "=" + account
                        + "': no such account (known: " + byId.keySet() + ")");
            }
        });
    }

    /** These accounts, {@code clients} mapping client ids to their ids (checked as at start). */
    public static PlivoAccounts of(List<PlivoAccount> accounts, Map<String, String> clients) {
        Map<String, PlivoAccount> byId = new LinkedHashMap<>();
        accounts.forEach(a -> byId.put(a.id(), a));
        return new PlivoAccounts(byId, clients);
    }

    /** One account for everyone (tests, the simulator's default). */
    public static PlivoAccounts single(String authId, String authToken) {
        return new PlivoAccounts(Map.of(PlivoAccount.DEFAULT, new PlivoAccount(PlivoAccount.DEFAULT, authId, authToken, null)), Map.of());
    }

    public static PlivoAccounts from(Function<String, String> source, Need need) {
        return from(new EnvironmentKeys(source), need);
    }

    /** Reads and checks every key; an error names the key (and the file's entry) at fault. */
    public static PlivoAccounts from(EnvironmentKeys k, Need need) {
        Map<String, PlivoAccount> accounts = new LinkedHashMap<>();
        String authId = PLIVO_AUTH_ID.read(k);
        String token = PLIVO_AUTH_TOKEN.read(k);
        int cps = PLIVO_CPS.read(k);
        boolean idNeeded = need == Need.DIAL || (need == Need.LOOKUP && token != null);
        boolean tokenNeeded = need != Need.LOOKUP || authId != null;
        if (idNeeded && authId == null) {
            throw new IllegalArgumentException(PLIVO_AUTH_ID.name() + ": required, not set");
        }
        if (tokenNeeded && token == null) {
            throw new IllegalArgumentException(PLIVO_AUTH_TOKEN.name() + ": required, not set");
        }
        if (token != null) {
            accounts.put(PlivoAccount.DEFAULT, new PlivoAccount(PlivoAccount.DEFAULT, authId, token, cps == 0 ? null : cps));
        }
        Path file = PLIVO_ACCOUNTS_FILE.read(k);
        if (file != null) {
            for (PlivoAccount account : readFile(file, k, need != Need.SIGN)) {
                if (accounts.putIfAbsent(account.id(), account) != null) {
                    throw new IllegalArgumentException(PLIVO_ACCOUNTS_FILE.name() + " (" + file + "): account '" + account.id()
                            + "' is configured by PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN already");
                }
            }
        }
        return new PlivoAccounts(accounts, parseClients(CLIENT_PLIVO_ACCOUNT.read(k)));
    }

    /** Parses {@code <clientId>=<account>,...}; blank or null is none. */
    static Map<String, String> parseClients(String raw) {
        Map<String, String> clients = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return clients;
        }
        for (String entry : raw.split(",")) {
            String[] pair = entry.trim().split("=", 2);
            if (pair.length != 2 || !IdRule.valid(pair[0].trim()) || !IdRule.valid(pair[1].trim())
                    || clients.putIfAbsent(pair[0].trim(), pair[1].trim()) != null) {
                throw new IllegalArgumentException(CLIENT_PLIVO_ACCOUNT.name() + " entry '" + entry.trim()
                        + "' must be <clientId>=<account>, ids of " + IdRule.DESCRIPTION + ", once per client");
            }
        }
        return clients;
    }

    /** The accounts a file declares, in file order (the default account is never in a file). */
    public static List<String> accountIds(Path file) {
        return List.copyOf(entries(file).keySet());
    }

    /**
     * The variables the file's {@code authTokenEnv} entries name: whoever hands the services their keys as a map (the
     * launcher) must hand these over too.
     */
    public static Set<String> tokenVariables(Path file) {
        Set<String> names = new TreeSet<>();
        entries(file).values().forEach(f -> {
            if (f.get("authTokenEnv") != null) {
                names.add(f.get("authTokenEnv"));
            }
        });
        return names;
    }

    private static Collection<PlivoAccount> readFile(Path file, EnvironmentKeys k, boolean authIdNeeded) {
        String where = where(file);
        return entries(file).entrySet().stream().map(e -> account(where, e.getKey(), e.getValue(), k, authIdNeeded)).toList();
    }

    private static String where(Path file) {
        return PLIVO_ACCOUNTS_FILE.name() + " (" + file + ")";
    }

    /** Account id → its fields, every key checked for its shape; an error names the file and the key. */
    private static Map<String, Map<String, String>> entries(Path file) {
        String where = where(file);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": cannot be read: " + e.getMessage(), e);
        }
        Map<String, Map<String, String>> fields = new LinkedHashMap<>();
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            int dot = name.lastIndexOf('.');
            String id = dot > 0 ? name.substring(0, dot) : "";
            String field = dot > 0 ? name.substring(dot + 1) : name;
            if (!IdRule.valid(id) || !FIELDS.contains(field)) {
                throw new IllegalArgumentException(where + ": key '" + name + "' must be <account>.<field>, an account id of "
                        + IdRule.DESCRIPTION + " and a field of " + new TreeSet<>(FIELDS));
            }
            fields.computeIfAbsent(id, x -> new LinkedHashMap<>()).put(field, properties.getProperty(name).strip());
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(where + ": names no account");
        }
        return fields;
    }

    private static PlivoAccount account(String where, String id, Map<String, String> f, EnvironmentKeys k, boolean authIdNeeded) {
        String authId = blankToNull(f.get("authId"));
        if (authId == null && authIdNeeded) {
            throw new IllegalArgumentException(where + ": " + id + ".authId: required, not set");
        }
        if (authId != null && !authId.matches("(MA|SA)[A-Za-z0-9]{18}")) {
            throw new IllegalArgumentException(where + ": " + id + ".authId: must be MA or SA and 18 letters or digits, was "
                    + authId);
        }
        List<String> sources = f.keySet().stream().filter(n -> n.startsWith("authToken")).toList();
        if (sources.size() != 1) {
            throw new IllegalArgumentException(where + ": " + id + ": exactly one of authToken, authTokenFile, authTokenEnv, was "
                    + (sources.isEmpty() ? "none" : sources));
        }
        String source = sources.get(0);
        String value = f.get(source);
        String token = switch (source) {
            case "authToken" -> value;
            case "authTokenFile" -> tokenFile(where + ": " + id + ".authTokenFile", value);
            default -> k.optional(value, null);
        };
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(where + ": " + id + "." + source + ": gives no token"
                    + (source.equals("authTokenEnv") ? " (" + value + " is not set)" : ""));
        }
        String cps = f.get("cps");
        if (cps == null) {
            throw new IllegalArgumentException(where + ": " + id + ".cps: required, not set (Plivo's default is 2)");
        }
        int perSecond;
        try {
            perSecond = Integer.parseInt(cps);
        } catch (NumberFormatException e) {
            perSecond = 0;
        }
        if (perSecond < 1 || perSecond > 10_000) {
            throw new IllegalArgumentException(where + ": " + id + ".cps: must be a whole number 1..10000, was " + cps);
        }
        return new PlivoAccount(id, authId, token.strip(), perSecond);
    }

    private static String tokenFile(String key, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(key + ": cannot read " + path + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The account the client dials through: its {@link #CLIENT_PLIVO_ACCOUNT} entry, else the default; null when none. */
    public PlivoAccount forClient(String clientId) {
        return byId.get(accountOfClient.getOrDefault(clientId, PlivoAccount.DEFAULT));
    }

    /** Every account, the default first when there is one. */
    public Collection<PlivoAccount> all() {
        return byId.values();
    }

    public PlivoAccount byId(String id) {
        return byId.get(id);
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** Each client named in {@link #CLIENT_PLIVO_ACCOUNT} and its account's id. */
    public Map<String, String> clients() {
        return accountOfClient;
    }

    /** Tokens masked ({@link PlivoAccount#toString()}). */
    @Override
    public String toString() {
        return "PlivoAccounts" + byId.values() + (accountOfClient.isEmpty() ? "" : " clients=" + accountOfClient);
    }
}
