package com.dialer.state.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.dialer.schemas.KeySource;

class PlivoAccountsTest {
    static final String MAIN_ID = "MAMAINACCOUNT0000001";

    @TempDir
    Path dir;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("PLIVO_AUTH_ID", MAIN_ID, "PLIVO_AUTH_TOKEN", "main-token"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("accounts.properties"), text);
    }

    private static PlivoAccounts read(Map<String, String> env, PlivoAccounts.Need need) {
        return PlivoAccounts.from(KeySource.of(env), need);
    }

    @Test
    void shouldGiveEveryClientTheDefaultAccountWhenOnlyTodaysKeysAreSet() {
        PlivoAccounts accounts = read(env(), PlivoAccounts.Need.DIAL);
        assertThat(accounts.forClient("acme")).isEqualTo(new PlivoAccount("default", MAIN_ID, "main-token", null));
        assertThat(accounts.all()).hasSize(1);
    }

    @Test
    void shouldMapClientsToTheirAccountsFromTheFileWithTokensInlineInAFileOrInTheEnvironment() throws Exception {
        Path secret = Files.writeString(dir.resolve("beta.token"), "beta-token\n");
        Path accountsFile = file("""
                # fake credentials
                acme.authId=SAACMEACCOUNT0000001
                acme.authToken=acme-token
                acme.cps=2
                beta.authId=SABETAACCOUNT0000001
                beta.authTokenFile=%s
                beta.cps=5
                gamma.authId=SAGAMMAACCOUNT000001
                gamma.authTokenEnv=GAMMA_TOKEN
                gamma.cps=1
                """.formatted(secret.toString().replace("\\", "/")));
        PlivoAccounts accounts = read(env("PLIVO_ACCOUNTS_FILE", accountsFile.toString(), "GAMMA_TOKEN", "gamma-token",
                "CLIENT_PLIVO_ACCOUNT", "client-a=acme, client-b=beta,client-g=gamma", "PLIVO_CPS", "3"), PlivoAccounts.Need.DIAL);

        assertThat(accounts.forClient("client-a")).isEqualTo(new PlivoAccount("acme", "SAACMEACCOUNT0000001", "acme-token", 2));
        assertThat(accounts.forClient("client-b").authToken()).isEqualTo("beta-token");
        assertThat(accounts.forClient("client-b").cps()).isEqualTo(5);
        assertThat(accounts.forClient("client-g").authToken()).isEqualTo("gamma-token");
        assertThat(accounts.forClient("anyone-else").id()).isEqualTo("default");
        assertThat(accounts.forClient("anyone-else").cps()).isEqualTo(3);
    }

    @Test
    void shouldNeverShowATokenInToString() throws Exception {
        Path accountsFile = file("acme.authId=SAACMEACCOUNT0000001\nacme.authToken=acme-token\nacme.cps=2\n");
        String shown = read(env("PLIVO_ACCOUNTS_FILE", accountsFile.toString(), "CLIENT_PLIVO_ACCOUNT", "c=acme"),
                PlivoAccounts.Need.DIAL).toString();
        assertThat(shown).contains("acme", "SAACMEACCOUNT0000001", "cps=2", "****").doesNotContain("acme-token", "main-token");
    }

    @Test
    void shouldNameTheBadEntryOfTheFile() throws Exception {
        String path = file("acme.authId=SAACMEACCOUNT0000001\nacme.authToken=t\nacme.cps=fast\n").toString();
        assertThatThrownBy(() -> read(env("PLIVO_ACCOUNTS_FILE", path), PlivoAccounts.Need.DIAL))
                .hasMessageStartingWith("PLIVO_ACCOUNTS_FILE (" + path + "): acme.cps: must be a whole number 1..10000, was fast");

        String typo = file("acme.authID=SAACMEACCOUNT0000001\n").toString();
        assertThatThrownBy(() -> read(env("PLIVO_ACCOUNTS_FILE", typo), PlivoAccounts.Need.DIAL))
                .hasMessageContaining("key 'acme.authID' must be <account>.<field>");

        String twoTokens = file("acme.authId=SAACMEACCOUNT0000001\nacme.authToken=t\nacme.authTokenEnv=X\nacme.cps=1\n").toString();
        assertThatThrownBy(() -> read(env("PLIVO_ACCOUNTS_FILE", twoTokens), PlivoAccounts.Need.DIAL))
                .hasMessageContaining("acme: exactly one of authToken, authTokenFile, authTokenEnv");

        String unsetEnv = file("acme.authId=SAACMEACCOUNT0000001\nacme.authTokenEnv=NOT_THERE\nacme.cps=1\n").toString();
        assertThatThrownBy(() -> read(env("PLIVO_ACCOUNTS_FILE", unsetEnv), PlivoAccounts.Need.DIAL))
                .hasMessageContaining("acme.authTokenEnv: gives no token (NOT_THERE is not set)");

        String badId = file("acme.authId=nope\nacme.authToken=t\nacme.cps=1\n").toString();
        assertThatThrownBy(() -> read(env("PLIVO_ACCOUNTS_FILE", badId), PlivoAccounts.Need.DIAL))
                .hasMessageContaining("acme.authId: must be MA or SA");

        String noCps = file("acme.authId=SAACMEACCOUNT0000001\nacme.authToken=t\n").toString();
        assertThatThrownBy(() -> read(env("PLIVO_ACCOUNTS_FILE", noCps), PlivoAccounts.Need.DIAL))
                .hasMessageContaining("acme.cps: required");

        String missingTokenFile = file("acme.authId=SAACMEACCOUNT0000001\nacme.authTokenFile=/no/such/file\nacme.cps=1\n").toString();
        assertThatThrownBy(() -> read(env("PLIVO_ACCOUNTS_FILE", missingTokenFile), PlivoAccounts.Need.DIAL))
                .hasMessageContaining("acme.authTokenFile: cannot read /no/such/file");

        assertThatThrownBy(() -> read(env("PLIVO_ACCOUNTS_FILE", dir.resolve("absent").toString()), PlivoAccounts.Need.DIAL))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void shouldRefuseAClientMappedToAnUnknownAccountOrTwice() {
        assertThatThrownBy(() -> read(env("CLIENT_PLIVO_ACCOUNT", "client-a=nowhere"), PlivoAccounts.Need.DIAL))
                .hasMessage("CLIENT_PLIVO_ACCOUNT entry 'client-a=nowhere': no such account (known: [default])");
        assertThatThrownBy(() -> read(env("CLIENT_PLIVO_ACCOUNT", "client-a=default,client-a=default"), PlivoAccounts.Need.DIAL))
                .hasMessageStartingWith("CLIENT_PLIVO_ACCOUNT entry 'client-a=default' must be <clientId>=<account>");
        assertThatThrownBy(() -> read(env("CLIENT_PLIVO_ACCOUNT", "client a"), PlivoAccounts.Need.DIAL))
                .hasMessageStartingWith("CLIENT_PLIVO_ACCOUNT entry 'client a'");
    }

    @Test
    void shouldRequireWhatEachServiceNeedsOfTheDefaultAccount() {
        Map<String, String> tokenOnly = env();
        tokenOnly.remove("PLIVO_AUTH_ID");
        assertThatThrownBy(() -> read(tokenOnly, PlivoAccounts.Need.DIAL)).hasMessage("PLIVO_AUTH_ID: required, not set");
        // the bridge only checks signatures
        assertThat(read(tokenOnly, PlivoAccounts.Need.SIGN).forClient("c").authToken()).isEqualTo("main-token");
        // reconciliation is off without credentials, and needs both when given one
        assertThat(read(Map.of(), PlivoAccounts.Need.LOOKUP).isEmpty()).isTrue();
        assertThatThrownBy(() -> read(tokenOnly, PlivoAccounts.Need.LOOKUP)).hasMessage("PLIVO_AUTH_ID: required, not set");
        Map<String, String> noToken = env();
        noToken.remove("PLIVO_AUTH_TOKEN");
        assertThatThrownBy(() -> read(noToken, PlivoAccounts.Need.SIGN)).hasMessage("PLIVO_AUTH_TOKEN: required, not set");
    }

    @Test
    void shouldReadTheExampleFile() {
        PlivoAccounts accounts = read(env("PLIVO_ACCOUNTS_FILE", Path.of("..", "examples", "plivo-accounts.properties").toString(),
                "PLIVO_BETA_TOKEN", "fake-beta", "CLIENT_PLIVO_ACCOUNT", "acme=acme,beta-corp=beta"), PlivoAccounts.Need.DIAL);
        assertThat(accounts.forClient("acme").cps()).isEqualTo(3);
        assertThat(accounts.forClient("beta-corp").authToken()).isEqualTo("fake-beta");
        assertThat(accounts.forClient("beta-corp").cps()).isEqualTo(7);
    }

    @Test
    void shouldListTheFilesAccountsAndTheVariablesHoldingTheirTokens() {
        Path example = Path.of("..", "examples", "plivo-accounts.properties");
        assertThat(PlivoAccounts.accountIds(example)).containsExactly("acme", "beta");
        assertThat(PlivoAccounts.tokenVariables(example)).containsExactly("PLIVO_BETA_TOKEN");
    }

    @Test
    void shouldRefuseAFileAccountNamedDefault() throws Exception {
        String path = file("default.authId=SAACMEACCOUNT0000001\ndefault.authToken=t\ndefault.cps=1\n").toString();
        assertThatThrownBy(() -> read(env("PLIVO_ACCOUNTS_FILE", path), PlivoAccounts.Need.DIAL))
                .hasMessageContaining("account 'default' is configured by PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN already");
    }
}
