package io.eventroute.runtime.endpoint.eventgrid;

import io.eventroute.runtime.endpoint.internal.EndpointSettings;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Reads and checks the Event Grid endpoint's URL and extra trusted certificates. Stateless; thread-safe. */
final class EventGridSettings {
    private EventGridSettings() {
    }

    /** The https URL in setting {@code name}. */
    static String endpoint(EndpointSettings settings, String name) {
        String value = settings.required(name);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw settings.invalid(name, "is not a valid URL: " + e.getReason());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            // The SDK refuses to send a key over plain http, but only at the first send.
            throw settings.invalid(name, "must be an https:// URL (the key must not travel in clear text)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw settings.invalid(name, "has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw settings.invalid(name, "must not contain user information");
        }
        return value;
    }

    /**
     * A TLS context trusting the system's certificate authorities plus the certificates in the PEM
     * file of setting {@code name}; null when the setting is absent (the client's default applies).
     */
    static SslContext trust(EndpointSettings settings, String name) {
        String value = settings.optional(name);
        if (value == null) {
            return null;
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw settings.invalid(name, "is not a valid path");
        }
        if (!Files.isRegularFile(path)) {
            throw settings.invalid(name, "names no readable file: " + path);
        }
        List<X509Certificate> trusted = new ArrayList<>();
        try (InputStream in = Files.newInputStream(path)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            for (Certificate certificate : certificates) {
                if (certificate instanceof X509Certificate x509) {
                    trusted.add(x509);
                }
            }
        } catch (IOException e) {
            throw settings.invalid(name, "could not be read: " + path + " (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw settings.invalid(name, "is not a PEM certificate file: " + path);
        }
        if (trusted.isEmpty()) {
            throw settings.invalid(name, "holds no certificate: " + path);
        }
        trusted.addAll(systemAuthorities());
        try {
            return SslContextBuilder.forClient().trustManager(trusted).build();
        } catch (SSLException e) {
            throw settings.invalid(name, "could not be used for TLS: " + e.getMessage());
        }
    }

    private static List<X509Certificate> systemAuthorities() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            List<X509Certificate> authorities = new ArrayList<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    authorities.addAll(Arrays.asList(x509.getAcceptedIssuers()));
                }
            }
            return authorities;
        } catch (NoSuchAlgorithmException | KeyStoreException e) {
            throw new IllegalStateException("the JVM's default trust store cannot be read", e);
        }
    }
}
