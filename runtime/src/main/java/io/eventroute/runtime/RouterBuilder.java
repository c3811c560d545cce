package io.eventroute.runtime;

import io.eventroute.compiler.Limits;
import java.nio.file.Path;
import java.util.Objects;

/** Configures a {@link Router} ({@link Router#builder()}); not thread-safe. */
public final class RouterBuilder {
    private EndpointKinds kinds = EndpointKinds.defaults();
    private DeliveryOptions delivery = DeliveryOptions.defaults();
    private Path deadLetterDirectory;
    private Limits limits = Limits.DEFAULT;
    private TwinModels twins;

    RouterBuilder() {
    }

    /**
     * A twin -> model map the router learns from the twin events it routes and reads for events that
     * carry no model of their own (see {@link TwinModels}); none by default.
     */
    public RouterBuilder twinModels(TwinModels twins) {
        this.twins = twins;
        return this;
    }

    /** The endpoint kinds (default {@link EndpointKinds#defaults()}). */
    public RouterBuilder endpointKinds(EndpointKinds kinds) {
        this.kinds = Objects.requireNonNull(kinds, "kinds");
        return this;
    }

    /** Delivery options of endpoints registered without their own. */
    public RouterBuilder delivery(DeliveryOptions options) {
        this.delivery = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * Where undeliverable events are stored. Without one they are counted as failed and logged, but
     * not kept.
     */
    public RouterBuilder deadLetterDirectory(Path dir) {
        this.deadLetterDirectory = dir;
        return this;
    }

    /** Limits on filters (default {@link Limits#DEFAULT}). */
    public RouterBuilder limits(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** A router with these settings. */
    public Router build() {
        return new Router(kinds, delivery, deadLetterDirectory, limits, twins);
    }
}
