package com.dialer.stack;

import java.nio.file.Path;

/**
 * The TLS material of a local cluster, made at test time by {@link Keytool}: a certificate authority,
 * a broker key store whose certificate (127.0.0.1 and localhost) the authority signed, and a trust
 * store holding only the authority's certificate, for clients. Every store is PKCS12 with one password.
 *
 * @param keyStore   the brokers' key store (key, certificate, the authority's certificate)
 * @param trustStore the clients' trust store
 * @param password   the password of both stores and of the key
 */
public record ClusterCertificates(Path keyStore, Path trustStore, String password) {

    /** Makes the authority, signs the broker's certificate and writes both stores into {@code directory}. */
    public static ClusterCertificates create(Path directory, String password) {
        Path ca = directory.resolve("ca.p12");
        Path caCert = directory.resolve("ca.crt");
        Path keyStore = directory.resolve("broker.p12");
        Path request = directory.resolve("broker.csr");
        Path signed = directory.resolve("broker.crt");
        Path trustStore = directory.resolve("truststore.p12");
        String[] store = {"-storetype", "PKCS12", "-storepass", password};
        Keytool.run(with(store, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=dialer local CA", "-ext", "bc:c", "-keystore", ca.toString(), "-keypass", password));
        Keytool.run(with(store, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caCert.toString()));
        Keytool.run(with(store, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-keystore", keyStore.toString(), "-keypass", password));
        Keytool.run(with(store, "-certreq", "-alias", "broker", "-keystore", keyStore.toString(), "-file", request.toString()));
        Keytool.run(with(store, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(),
                "-outfile", signed.toString(), "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth"));
        // the authority first, so the signed reply imports as the broker key's chain
        Keytool.run(with(store, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", keyStore.toString()));
        Keytool.run(with(store, "-importcert", "-alias", "broker", "-file", signed.toString(), "-keystore", keyStore.toString()));
        Keytool.run(with(store, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", trustStore.toString()));
        return new ClusterCertificates(keyStore, trustStore, password);
    }

    private static String[] with(String[] store, String... args) {
        String[] all = new String[args.length + store.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(store, 0, all, args.length, store.length);
        return all;
    }
}
