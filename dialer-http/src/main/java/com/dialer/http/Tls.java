package com.dialer.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The key store a {@link WebServer} serves HTTPS with: the server's certificate chain and private key.
 *
 * @param keyStore where it is (PKCS12 or JKS)
 * @param password its password, also the key's; never printed ({@link #toString()} leaves it out)
 * @param type     {@code PKCS12} or {@code JKS}
 */
public record Tls(Path keyStore, String password, String type) {
    public static final String PKCS12 = "PKCS12";

    public Tls {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        if (!type.equals(PKCS12) && !type.equals("JKS")) {
            throw new IllegalArgumentException("key store type must be PKCS12 or JKS, was " + type);
        }
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("no readable key store at " + keyStore);
        }
    }

    @Override
    public String toString() {
        return "Tls[keyStore=" + keyStore + ", type=" + type + "]";
    }
}
