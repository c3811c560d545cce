package io.eventroute.server.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds an in-memory key store from a PEM certificate chain and an unencrypted PKCS#8 PEM key. */
public final class PemKeyStore {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeyStore() {
    }

    /**
     * The key store holding the key under alias {@code server} with {@code password}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static KeyStore load(Path certificate, Path privateKey, char[] password) {
        Certificate[] chain = chain(certificate);
        PrivateKey key = key(privateKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the private key " + privateKey + " does not fit the certificate "
                    + certificate + " (" + e.getMessage() + ")", e);
        }
    }

    private static Certificate[] chain(Path file) {
        byte[] pem = read(file, "certificate");
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("the certificate file " + file + " holds no certificate");
            }
            return certs.toArray(new Certificate[0]);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate file " + file + " is not a PEM certificate chain ("
                    + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey key(Path file) {
        String pem = new String(read(file, "private key"), StandardCharsets.US_ASCII);
        if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("the private key " + file + " is encrypted; give an unencrypted "
                    + "PKCS#8 key (openssl pkcs8 -topk8 -nocrypt)");
        }
        Matcher m = PRIVATE_KEY.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("the private key " + file + " is not a PKCS#8 PEM key (-----BEGIN "
                    + "PRIVATE KEY-----); convert it with openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key " + file + " is not valid base64", e);
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // The PEM does not say the algorithm; the first factory that reads it is the right one.
            }
        }
        throw new IllegalArgumentException("the private key " + file + " is not an RSA, EC or EdDSA key");
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the " + what + " file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " file " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
