package com.dialer.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A PKCS12 key store with a self-signed certificate for 127.0.0.1 and localhost, made at test time
 * by the running JDK's {@code keytool} ({@link Keytool}), and the
 * {@link SSLContext} a client needs to trust it.
 *
 * @param path     the key store file
 * @param password its password and the key's
 */
public record SelfSignedKeyStore(Path path, String password) {

    /** Makes one in {@code directory}; {@code keytool} must answer within 60 s. */
    public static SelfSignedKeyStore create(Path directory, String password) {
        Path store = directory.resolve("server.p12");
        Keytool.run("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password);
        return new SelfSignedKeyStore(store, password);
    }

    /** A TLS context that trusts this certificate and nothing else. */
    public SSLContext trustingContext() {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", keys.getCertificate("server"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
